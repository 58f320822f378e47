"""The panel's server-side sessions on the real Redis (real mode): shared, expiring, private."""

from __future__ import annotations

import time
import uuid

import pytest

from web.comun.sesion import AlmacenRedis

pytestmark = pytest.mark.integration


def test_sesion_en_redis_se_comparte_vence_y_se_borra(redis_url):
    nombre = f"prueba-{uuid.uuid4().hex[:8]}"
    uno, otro = (
        AlmacenRedis(redis_url, f"mc:web:{nombre}:"),
        AlmacenRedis(redis_url, f"mc:web:{nombre}:"),
    )
    uno.guardar("sid-1", {"tokens": {"access": "x"}}, 2)
    assert otro.leer("sid-1") == {"tokens": {"access": "x"}}  # another worker process sees it
    assert otro.leer("sid-otra") is None
    otro.borrar("sid-1")
    assert uno.leer("sid-1") is None
    uno.guardar("sid-2", {"a": 1}, 1)
    time.sleep(1.3)
    assert uno.leer("sid-2") is None  # idle timeout: Redis forgets it


def test_el_panel_guarda_la_sesion_en_redis_y_la_cookie_solo_lleva_el_id(redis_url):
    import redis

    from tests.unit.web.conftest import config_prueba, csrf
    from tests.unit.web.falsos import clientes_falsos, tokens
    from web.panel.app import create_app

    app = create_app(
        config_prueba().con(almacen_sesiones=redis_url, nombre=f"p{uuid.uuid4().hex[:6]}")
    )
    api = clientes_falsos()
    app.extensions["mc_clientes_falsos"] = api
    api["cuentas"].responder("iniciar_sesion", tokens())
    cliente = app.test_client()
    r = cliente.post(
        "/ingresar",
        data={"usuario": "41234567", "clave": "c", "csrf_token": csrf(cliente, "/ingresar")},
    )
    assert r.status_code == 302
    sid = cliente.get_cookie("mc_sesion").value
    guardado = redis.Redis.from_url(redis_url).get(
        f"mc:web:{app.extensions['mc_web'].nombre}:sesion:{sid}"
    )
    assert b"token-de-acceso-de-prueba" in guardado
    assert "token" not in sid
