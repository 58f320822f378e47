"""The whole system in-process on PostgreSQL, with verificacion reaching emision in-process.

verificacion asks emision for its public keys and PDFs over HTTP; here the same calls go to
emision's Flask app through its test client. The apps are built once per session.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from herramientas.smtp_local import iniciar
from services.verificacion.adapters.emision import EmisionNoDisponible
from services.verificacion.entrypoints.flask_app import create_app as crear_verificacion
from shared.config import SERVICIOS
from shared.enlaces import CABECERA_SERVICIO, credencial_de_servicio
from tests.conftest import config_real
from tests.integration import datos
from tests.integration.conftest import Sistema, _crear_apps, nueva_prueba


class EmisionEnProceso:
    """emision's public endpoints, answered by its app in this process."""

    def __init__(self, app):
        self.cliente = app.test_client()
        self.secreto = app.extensions["mc"].config.clave_servicios
        self.caida = False  # True: behave as if emision were down

    def claves(self) -> list[dict]:
        if self.caida:
            raise EmisionNoDisponible("emision caída (prueba)")
        return self.cliente.get("/api/emision/claves").get_json()["claves"]

    def pdf(self, codigo: str) -> bytes | None:
        r = self._como_verificacion(f"/api/emision/certificados/{codigo}/pdf")
        return r.data if r.status_code == 200 else None

    def credencial(self, codigo: str) -> str | None:
        r = self._como_verificacion(f"/api/emision/certificados/{codigo}/credencial")
        return r.get_data(as_text=True) if r.status_code == 200 else None

    def contenido(self, codigo: str) -> dict | None:
        r = self._como_verificacion(f"/api/emision/certificados/{codigo}/contenido")
        return r.get_json() if r.status_code == 200 else None

    def _como_verificacion(self, ruta: str):
        if self.caida:
            raise EmisionNoDisponible("emision caída (prueba)")
        cabecera = {CABECERA_SERVICIO: credencial_de_servicio(self.secreto, "verificacion")}
        return self.cliente.get(ruta, headers=cabecera)


def crear_sistema(prefijo: str, tmp_path, buzon, **entorno: str) -> Sistema:
    extra = {
        "MAIL_PORT": str(buzon.port),
        "ADJUNTAR_PDF": "0",
        "RATELIMIT_KEY_PREFIX": f"prueba-{uuid.uuid4().hex[:10]}",
        **entorno,
    }
    configs = {s: config_real(s, prefijo, tmp_path, **extra) for s in SERVICIOS}
    apps = _crear_apps(configs)
    apps["verificacion"].extensions["mc"].engine.dispose()
    emision = EmisionEnProceso(apps["emision"])
    apps["verificacion"] = crear_verificacion(configs["verificacion"], emision)
    sistema = Sistema(apps, buzon, tmp_path / "correo")
    sistema.emision = emision
    return sistema


@pytest.fixture(scope="session")
def _sistema_v_sesion(prefijo_pg, tmp_path_factory):
    var = tmp_path_factory.mktemp("sistema-v")
    buzon = iniciar(var / "correo", port=0)
    sistema = crear_sistema(prefijo_pg, var, buzon)
    yield sistema
    buzon.stop()
    for app in sistema.apps.values():
        app.extensions["mc"].engine.dispose()


@pytest.fixture
def sistema_v(_sistema_v_sesion):
    """Like ``sistema_pg``; verificacion talks to emision in-process; generous limits."""
    _sistema_v_sesion.emision.caida = False
    sistema = nueva_prueba(_sistema_v_sesion)
    sistema.emision = _sistema_v_sesion.emision
    return sistema


def emitir(sistema, ie: dict, est: dict) -> str:
    """File a request, order it, deliver events; the grouped código virtual."""
    sol = sistema.clientes["solicitudes"]
    creada = datos.solicitar_y_ordenar(sistema, ie, est)
    sistema.entregar()
    estado = sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}").get_json()
    assert estado["estado"] == "EMITIDA", estado
    return estado["codigo_virtual"]


def contenido_qr(sistema, codigo: str) -> str:
    """What the certificate's QR says (emision keeps it with the printed document)."""
    with sistema.apps["emision"].extensions["mc"].engine.connect() as conn:
        documento = conn.execute(
            text("SELECT contenido_certificado FROM certificados WHERE codigo_virtual = :c"),
            {"c": codigo.replace("-", "")},
        ).scalar_one()
    return documento["contenido_qr"]


def pdf_de_emision(sistema, codigo: str, documento: str) -> bytes:
    r = sistema.clientes["emision"].get(
        f"/api/emision/certificados/{codigo}/pdf", headers=datos.oaciged()
    )
    assert r.status_code == 200
    return r.data
