"""Dead letters over HTTP (issue 15): OPERACIONES lists, inspects and reprocesses them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from kombu import Connection
from sqlalchemy import MetaData, delete, insert, select

from shared.auth import Usuario
from shared.db import tablas_infraestructura
from tests.integration import datos

pytestmark = pytest.mark.integration

TABLA = tablas_infraestructura(MetaData())["mensajes_fallidos"]
URL = "/api/verificacion/mensajes-fallidos"


def _fallido(app, error: str = "KeyError: 'codigo_virtual'") -> tuple[int, dict]:
    sobre = {
        "id": uuid.uuid4().hex,
        "type": "CertificadoEmitido",
        "payload": {
            "numero_solicitud": 1,
            "correo": "vanessa.flores@example.pe",
            "numero_documento": "45671234",
            "nombres": "VANESSA DEL PILAR",
        },
        "correlation_id": "c-1",
    }
    with app.extensions["mc"].engine.begin() as conn:
        fila = conn.execute(
            insert(TABLA).values(
                mensaje_id=sobre["id"],
                type=sobre["type"],
                sobre=sobre,
                error=error,
                permanente=1,
                intentos=3,
                creado_en=datetime.now(UTC),
            )
        )
    return fila.inserted_primary_key[0], sobre


def _tareas_en_la_cola(redis_url: str) -> set[str]:
    """Drain the service's queue on the real broker: the ids of the tasks that were there."""
    tareas = set()
    with Connection(redis_url) as conexion:
        cola = conexion.SimpleQueue("verificacion")
        while True:
            try:
                mensaje = cola.get(block=True, timeout=0.5)
            except cola.Empty:
                break
            tareas.add(mensaje.headers.get("id"))
            mensaje.ack()
        cola.close()
    return tareas


@pytest.fixture
def app(sistema_pg):
    app = sistema_pg.apps["verificacion"]
    yield app
    with app.extensions["mc"].engine.begin() as conn:
        conn.execute(delete(TABLA))


def test_solo_operaciones(app):
    cliente = app.test_client()
    assert cliente.get(URL).status_code == 401
    director = datos.cabecera(Usuario("d", "DIRECTOR_IE", codigo_modular="0584714", anexo="0"))
    r = cliente.get(URL, headers=director)
    assert r.status_code == 403 and r.json["error"]["mensaje"]


def test_lista_y_detalle_con_el_error_y_el_sobre_enmascarado(app):
    cliente, ops = app.test_client(), datos.operaciones()
    id_, sobre = _fallido(app, "fallo con vanessa.flores@example.pe")
    r = cliente.get(URL, headers=ops)
    assert r.status_code == 200
    [fila] = [m for m in r.json["mensajes"] if m["id"] == id_]
    assert fila["type"] == "CertificadoEmitido" and fila["intentos"] == 3
    assert fila["permanente"] is True and fila["reprocesado_en"] is None
    assert "vanessa.flores@" not in fila["error"]
    detalle = cliente.get(f"{URL}/{id_}", headers=ops).json
    assert sobre["id"] in detalle["sobre"] and "vanessa.flores@" not in detalle["sobre"]
    assert "45671234" not in detalle["sobre"] and "VANESSA" not in detalle["sobre"]
    assert cliente.get(f"{URL}/999999", headers=ops).status_code == 404


def test_reprocesar_uno_lo_devuelve_a_la_cola_una_sola_vez(app, redis_url):
    cliente, ops = app.test_client(), datos.operaciones()
    id_, sobre = _fallido(app)
    r = cliente.post(f"{URL}/{id_}/reproceso", headers=ops)
    assert r.status_code == 202 and r.json == {"reprocesados": 1, "mensajes": [id_]}
    assert f"{sobre['id']}:verificacion" in _tareas_en_la_cola(redis_url)
    segunda = cliente.post(f"{URL}/{id_}/reproceso", headers=ops)
    assert segunda.status_code == 409 and "ya fue reprocesado" in segunda.json["error"]["mensaje"]
    with app.extensions["mc"].engine.connect() as conn:
        assert conn.execute(select(TABLA.c.reprocesado_en).where(TABLA.c.id == id_)).scalar()
    pendientes = cliente.get(URL, query_string={"pendientes": "true"}, headers=ops).json
    assert id_ not in [m["id"] for m in pendientes["mensajes"]]


def test_reprocesar_todos_los_pendientes(app, redis_url):
    cliente, ops = app.test_client(), datos.operaciones()
    (a, sa), (b, sb) = _fallido(app), _fallido(app)
    r = cliente.post(f"{URL}/reprocesos", json={}, headers=ops)
    assert r.status_code == 202 and r.json["reprocesados"] == 2
    assert sorted(r.json["mensajes"]) == sorted([a, b])
    assert cliente.post(f"{URL}/reprocesos", json={}, headers=ops).json["reprocesados"] == 0
    malo = cliente.post(f"{URL}/reprocesos", json={"limite": 0}, headers=ops)
    assert malo.status_code == 422 and "limite" in malo.json["error"]["campos"]
    assert {f"{sa['id']}:verificacion", f"{sb['id']}:verificacion"} <= _tareas_en_la_cola(redis_url)
