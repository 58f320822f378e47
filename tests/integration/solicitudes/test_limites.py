"""Abuse limits on real Redis: per document and per IP, shared by every process, answered 429."""

from __future__ import annotations

import uuid

import pytest
import redis

from services.solicitudes.entrypoints.flask_app import create_app
from shared.consumidor import procesar_mensaje
from tests.conftest import config_real
from tests.integration import datos
from tests.integration.conftest import cerrar_app
from tests.integration.solicitudes.pasos import API


@pytest.fixture
def fabrica(prefijo_pg, redis_url, tmp_path):
    """Solicitudes apps on PostgreSQL whose limits count in this test's own Redis keys."""
    prefijo = f"t-{uuid.uuid4().hex[:12]}"
    apps = []

    def crear(**limites: str):
        config = config_real(
            "solicitudes", prefijo_pg, tmp_path, RATELIMIT_KEY_PREFIX=prefijo, **limites
        )
        assert config.ratelimit_storage_uri == redis_url  # real mode counts in Redis
        app = create_app(config)
        apps.append(app)
        return app

    crear.prefijo = prefijo
    yield crear
    for app in apps:
        cerrar_app(app)


def _ie_habilitada(app) -> dict:
    """An IE known to this app (its InstitucionRegistrada delivered) with requests enabled."""
    ie = datos.institucion()
    sobre = {
        "id": str(uuid.uuid4()),
        "type": "InstitucionRegistrada",
        "version": 2,
        "occurred_at": "2025-03-05T15:30:00+00:00",
        "correlation_id": "x",
        "source": "notas",
        "payload": {k: ie[k] for k in ie},
    }
    ctx = app.extensions["mc"]
    assert procesar_mensaje(sobre, ctx.manejadores, ctx.uow_factory) == "procesado"
    r = app.test_client().put(
        f"{API}/configuracion/habilitar-solicitud",
        json={"habilitar_solicitud": True},
        headers=datos.director(ie),
    )
    assert r.status_code == 200
    return ie


def _validar(cliente, ie, est, ip="10.0.0.1", **cabeceras):
    cuerpo = {
        **{k: est[k] for k in ("tipo_documento", "numero_documento", "nombres")},
        "primer_apellido": est["primer_apellido"],
        "segundo_apellido": est["segundo_apellido"],
        "fecha_nacimiento": est["fecha_nacimiento"],
        "codigo_modular": ie["codigo_modular"],
    }
    return cliente.post(
        f"{API}/validaciones", json=cuerpo, environ_base={"REMOTE_ADDR": ip}, headers=cabeceras
    )


def _es_429(r) -> int:
    assert r.status_code == 429, r.get_data(as_text=True)
    assert r.get_json() == {
        "error": {
            "codigo": "demasiados_intentos",
            "mensaje": "Demasiados intentos; espere unos minutos e intente nuevamente.",
            "campos": {},
        }
    }
    espera = int(r.headers["Retry-After"])
    assert 1 <= espera <= 61
    return espera


def test_limite_por_numero_de_documento_entre_validacion_y_solicitud(fabrica, redis_url):
    app = fabrica(LIMITE_POR_DOCUMENTO="3 per minute", LIMITE_POR_IP="100 per minute")
    cliente, ie, est = app.test_client(), _ie_habilitada(app), datos.estudiante()
    # Unknown to the registry: each attempt is answered, and counted.
    assert _validar(cliente, ie, est).status_code == 422
    assert _validar(cliente, ie, est, ip="10.0.0.2").status_code == 422
    r = cliente.post(
        f"{API}/solicitudes",
        json=datos.solicitud(ie, est),
        environ_base={"REMOTE_ADDR": "10.0.0.3"},
    )
    assert r.status_code == 422
    # The fourth try at this document, from yet another address, is refused.
    _es_429(_validar(cliente, ie, est, ip="10.0.0.4"))
    r = cliente.post(f"{API}/solicitudes", json=datos.solicitud(ie, est))
    _es_429(r)
    # Another document is not affected.
    assert _validar(cliente, ie, datos.estudiante()).status_code == 422
    cliente_redis = redis.Redis.from_url(redis_url)
    claves = cliente_redis.keys(f"*/{fabrica.prefijo}/*")
    cliente_redis.close()
    assert claves, "the counters live in Redis"


def test_limite_por_ip(fabrica):
    app = fabrica(LIMITE_POR_IP="3 per minute", LIMITE_POR_DOCUMENTO="100 per minute")
    cliente, ie = app.test_client(), _ie_habilitada(app)
    for _ in range(3):
        assert _validar(cliente, ie, datos.estudiante(), ip="10.1.1.1").status_code == 422
    _es_429(_validar(cliente, ie, datos.estudiante(), ip="10.1.1.1"))
    assert _validar(cliente, ie, datos.estudiante(), ip="10.1.1.2").status_code == 422
    # Public reads are not limited.
    for _ in range(5):
        r = cliente.get(f"{API}/terminos", environ_base={"REMOTE_ADDR": "10.1.1.1"})
        assert r.status_code == 200


def test_los_procesos_comparten_el_contador(fabrica):
    limites = {"LIMITE_POR_DOCUMENTO": "2 per minute", "LIMITE_POR_IP": "100 per minute"}
    una, otra = fabrica(**limites), fabrica(**limites)  # two gunicorn workers, say
    ie, est = _ie_habilitada(una), datos.estudiante()
    assert _validar(una.test_client(), ie, est).status_code == 422
    assert _validar(otra.test_client(), ie, est).status_code == 422
    _es_429(_validar(una.test_client(), ie, est))
    _es_429(_validar(otra.test_client(), ie, est))


def test_detras_del_gateway_cuenta_la_ip_del_ciudadano(fabrica):
    app = fabrica(
        LIMITE_POR_IP="2 per minute", LIMITE_POR_DOCUMENTO="100 per minute", PROXIES_CONFIABLES="1"
    )
    cliente, ie = app.test_client(), _ie_habilitada(app)
    # Every request reaches the app from nginx (10.9.9.9); X-Forwarded-For names the citizen.
    for _ in range(2):
        r = _validar(
            cliente, ie, datos.estudiante(), ip="10.9.9.9", **{"X-Forwarded-For": "190.1.1.1"}
        )
        assert r.status_code == 422
    _es_429(
        _validar(cliente, ie, datos.estudiante(), ip="10.9.9.9", **{"X-Forwarded-For": "190.1.1.1"})
    )
    r = _validar(cliente, ie, datos.estudiante(), ip="10.9.9.9", **{"X-Forwarded-For": "190.2.2.2"})
    assert r.status_code == 422
