"""The steps a frontend drives, as small helpers over the test clients."""

from __future__ import annotations

from sqlalchemy import MetaData, select

from shared.db import tablas_infraestructura
from tests.integration import datos

API = "/api/solicitudes"
OUTBOX = tablas_infraestructura(MetaData())["outbox"]

# The seed's Carné de Extranjería example (RAMIREZ, ARTURO JOHEL, born 01/11/1979).
ARTURO = {
    "tipo_documento": "CE",
    "numero_documento": "001112311",
    "nombres": "ARTURO JOHEL",
    "primer_apellido": "RAMIREZ",
    "segundo_apellido": "",
    "fecha_nacimiento": "1979-11-01",
}


def identidad(est: dict, **cambios) -> dict:
    """Only the person fields (what step 4 sends for the student or the apoderado)."""
    campos = (
        "tipo_documento",
        "numero_documento",
        "nombres",
        "primer_apellido",
        "segundo_apellido",
        "fecha_nacimiento",
    )
    return {**{k: est[k] for k in campos}, **cambios}


def validar(sistema, ie: dict, est: dict, **cambios):
    cuerpo = {
        **identidad(est),
        "codigo_modular": ie["codigo_modular"],
        "anexo": ie["anexo"],
        **cambios,
    }
    return sistema.clientes["solicitudes"].post(f"{API}/validaciones", json=cuerpo)


def solicitar(sistema, ie: dict, est: dict, **cambios):
    return sistema.clientes["solicitudes"].post(
        f"{API}/solicitudes", json=datos.solicitud(ie, est, **cambios)
    )


def solicitar_ok(sistema, ie: dict, est: dict, **cambios) -> dict:
    r = solicitar(sistema, ie, est, **cambios)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def error(r, estado: int) -> dict:
    assert r.status_code == estado, r.get_data(as_text=True)
    return r.get_json()["error"]


def cola(sistema, nombre: str, cabecera: dict, **filtros) -> dict:
    r = sistema.clientes["solicitudes"].get(
        f"{API}/{nombre}", headers=cabecera, query_string=filtros
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def numeros(respuesta: dict) -> list[int]:
    return [s["numero_solicitud"] for s in respuesta["solicitudes"]]


def detalle(sistema, numero: int, cabecera: dict) -> dict:
    r = sistema.clientes["solicitudes"].get(f"{API}/solicitudes/{numero}", headers=cabecera)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def eventos(sistema, tipo: str, numero_solicitud: int) -> list[dict]:
    """Payloads of solicitudes' outbox events of ``tipo`` about one request."""
    engine = sistema.apps["solicitudes"].extensions["mc"].engine
    with engine.connect() as conn:
        filas = conn.execute(select(OUTBOX.c.sobre).where(OUTBOX.c.type == tipo)).all()
    payloads = [f.sobre["payload"] for f in filas]
    return [p for p in payloads if p["numero_solicitud"] == numero_solicitud]
