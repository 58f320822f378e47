"""Email tests on real PostgreSQL and a real SMTP server (aiosmtpd) the test can break.

``ServidorSmtp`` (smtp_pruebas.py) can go down and come back, answer 550 or 451.
``ColaEnProceso`` stands for the broker between the web app and
the worker: it keeps what the app queued, and ``trabajar()`` runs the real Celery task on it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from services.notificaciones.adapters import orm
from services.notificaciones.domain.modelo import RETRASADO
from services.notificaciones.entrypoints.flask_app import create_app as crear_notificaciones
from services.notificaciones.entrypoints.tareas import TAREA_ENVIAR
from services.notificaciones.service_layer.barrido import BarridoCorreos
from shared.config import SERVICIOS
from shared.consumidor import procesar_mensaje
from shared.enlaces import CABECERA_SERVICIO, credencial_de_servicio
from shared.errores import ErrorTransitorio
from shared.eventos import Evento
from shared.identificadores import nuevo_codigo_seguimiento
from tests.conftest import config_real
from tests.integration.conftest import Sistema, _crear_apps, nueva_prueba
from tests.integration.notificaciones.smtp_pruebas import ServidorSmtp

MAX_REINTENTOS = 3


@dataclass
class ColaEnProceso:
    """The notificaciones queue, in memory: batches the web app queued after commit."""

    lotes: list[list[int]] = field(default_factory=list)
    caida: bool = False

    def encolar(self, ids: list[int]) -> None:
        if self.caida:
            raise ConnectionRefusedError("broker caído")
        self.lotes.append(list(ids))

    def trabajar(self, app) -> list:
        """Run the real task on every queued batch, as the worker would (retries included)."""
        tarea = app.extensions["mc"].celery.tasks[TAREA_ENVIAR]
        lotes, self.lotes = self.lotes, []
        return [tarea.apply(args=[lote]) for lote in lotes]


@dataclass
class SistemaCorreo(Sistema):
    smtp: ServidorSmtp = None
    cola: ColaEnProceso = None

    def notificar(self, tipo: str, payload: dict, intento: int = 0) -> object:
        """Deliver an event to notificaciones' real consumer; returns what it answered."""
        sobre = Evento(tipo, payload).sobre("pruebas")
        return self.reentregar(sobre, intento)

    def reentregar(self, sobre: dict, intento: int = 0) -> object:
        app = self.apps["notificaciones"]
        ctx = app.extensions["mc"]
        with app.app_context():
            return procesar_mensaje(
                sobre, ctx.manejadores, ctx.uow_factory, intento, MAX_REINTENTOS
            )

    def trabajar(self) -> list:
        return self.cola.trabajar(self.apps["notificaciones"])

    def barrer(self, ahora=None) -> int:
        """One round of the sweeper `mc relay` runs: queue the emails whose retry is due."""
        app = self.apps["notificaciones"]
        politica = app.extensions["notificaciones"].politica
        barrido = BarridoCorreos(app.extensions["mc"].uow_factory, self.cola.encolar, politica)
        return barrido.barrer(ahora)

    def vencer_plazos(self) -> None:
        """Move every late email's retry deadline and next attempt to the past (24 h later)."""
        pasado = datetime.now(UTC) - timedelta(seconds=1)
        with self.apps["notificaciones"].extensions["mc"].engine.begin() as conn:
            conn.execute(
                orm.correos.update()
                .where(orm.correos.c.estado == RETRASADO)
                .values(plazo_hasta=pasado, proximo_intento_en=pasado)
            )


def _descargador(app_emision):
    """PDFs from emision's own endpoint (its test client stands in for HTTP)."""

    def descargar(codigo: str) -> bytes:
        clave = app_emision.extensions["mc"].config.clave_servicios
        r = app_emision.test_client().get(
            f"/api/emision/certificados/{codigo}/pdf",
            headers={CABECERA_SERVICIO: credencial_de_servicio(clave, "notificaciones")},
        )
        if r.status_code != 200:
            raise ErrorTransitorio(f"emisión respondió {r.status_code} al pedir el PDF")
        return r.data

    return descargar


@pytest.fixture(scope="session")
def _sistema_correo_sesion(prefijo_pg, tmp_path_factory):
    var = tmp_path_factory.mktemp("sistema-correo")
    smtp = ServidorSmtp(var / "correo")
    smtp.iniciar()
    extra = {
        "MAIL_PORT": str(smtp.port),
        "MAX_REINTENTOS": str(MAX_REINTENTOS),
        "CORREO_ESPERA_BASE": "0.01",  # due at once: the tests sweep when they choose
        "CORREO_ESPERA_MAXIMA": "0.01",
    }
    configs = {s: config_real(s, prefijo_pg, var, **extra) for s in SERVICIOS}
    apps = _crear_apps(configs)
    apps["notificaciones"].extensions["mc"].engine.dispose()
    cola = ColaEnProceso()
    apps["notificaciones"] = crear_notificaciones(
        configs["notificaciones"], descargar=_descargador(apps["emision"]), encolar=cola.encolar
    )
    sistema = SistemaCorreo(apps, smtp, smtp.carpeta, smtp=smtp, cola=cola)
    yield sistema
    smtp.detener()
    for app in apps.values():
        app.extensions["mc"].engine.dispose()


@pytest.fixture
def sistema_correo(_sistema_correo_sesion):
    """The five apps on PostgreSQL, PDFs attached, a breakable SMTP server, an in-memory queue."""
    base = _sistema_correo_sesion
    smtp, cola = base.smtp, base.cola
    if smtp._controlador is None:  # an earlier test took it down
        smtp.iniciar()
    smtp.buzon.rechazar.clear()
    smtp.buzon.fallar = 0
    cola.caida = False
    nueva_prueba(base)
    cola.lotes.clear()  # batches queued by events of earlier tests
    smtp.buzon.conexiones = 0
    return SistemaCorreo(base.apps, smtp, smtp.carpeta, smtp=smtp, cola=cola)


def solicitud_registrada(ie: dict | None = None, **cambios) -> dict:
    """A SolicitudRegistrada payload with unique ids, as solicitudes publishes it."""
    ie = ie or {"codigo_modular": f"{uuid.uuid4().int % 10_000_000:07d}", "anexo": "0"}
    numero = uuid.uuid4().int % 2_000_000_000
    payload = {
        "solicitud_id": numero,
        "codigo_seguimiento": nuevo_codigo_seguimiento(),
        "tipo_documento": "DNI",
        "numero_documento": f"{numero % 100_000_000:08d}",
        "nombres": "ROSA ELENA",
        "apellidos": "HUAMÁN CCAHUA",
        "codigo_modular": ie["codigo_modular"],
        "anexo": ie["anexo"],
        "nombre_institucion": "I.E. JOSÉ MARÍA ARGUEDAS",
        "nivel": "SECUNDARIA",
        "correo": f"rosa.{numero}@example.pe",
        "ruta": "IE",
    }
    payload.update(cambios)
    return payload
