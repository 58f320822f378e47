"""Integration harness: the six Flask apps on a real database, events moved by the real relay.

``Sistema.entregar()`` runs each service's outbox ``Relay`` with a publisher that hands the
envelope to the subscriber's real consumer (``procesar_mensaje``) in this process: the same
code path as the workers, without a broker (max_reintentos=0: a failure dead-letters at once).
Broker tests live in test_mensajeria.py and tests/e2e.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest

from shared.config import SERVICIOS
from shared.consumidor import procesar_mensaje
from shared.outbox import Relay
from shared.smtp_local import iniciar, leer_buzon
from tests.conftest import config_embebida, config_real

pytestmark = pytest.mark.integration


class PublicadorEnProceso:
    """Delivers to the subscriber's consumer inside its app context; records the answers."""

    def __init__(self, apps: dict):
        self.apps = apps
        self.respuestas: list[tuple[str, str, object]] = []

    def enviar(self, destino: str, sobre: dict) -> None:
        app = self.apps[destino]
        ctx = app.extensions["mc"]
        with app.app_context():
            r = procesar_mensaje(sobre, ctx.manejadores, ctx.uow_factory, 0, 0, ctx.al_descartar)
        self.respuestas.append((destino, sobre["type"], r))


@dataclass
class Sistema:
    apps: dict
    buzon: object
    carpeta_correo: object
    publicador: PublicadorEnProceso = field(init=False)

    def __post_init__(self):
        self.publicador = PublicadorEnProceso(self.apps)
        self.clientes = {s: app.test_client() for s, app in self.apps.items()}

    def entregar(self) -> int:
        """Relay every outbox until nothing is left; returns how many events moved."""
        total = 0
        while True:
            movidos = sum(
                Relay(s, app.extensions["mc"].engine, self.publicador).publicar_pendientes()
                for s, app in self.apps.items()
            )
            total += movidos
            if not movidos:
                return total

    def correos(self):
        return leer_buzon(self.carpeta_correo)


def _crear_apps(configs: dict) -> dict:
    from services.cuentas.entrypoints.flask_app import create_app as cuentas
    from services.emision.entrypoints.flask_app import create_app as emision
    from services.notas.entrypoints.flask_app import create_app as notas
    from services.notificaciones.entrypoints.flask_app import create_app as notificaciones
    from services.solicitudes.entrypoints.flask_app import create_app as solicitudes
    from services.verificacion.entrypoints.flask_app import create_app as verificacion

    fabricas = {
        "solicitudes": solicitudes,
        "notas": notas,
        "emision": emision,
        "notificaciones": notificaciones,
        "verificacion": verificacion,
        "cuentas": cuentas,
    }
    return {s: fabricas[s](configs[s]) for s in SERVICIOS}


def cerrar_app(app) -> None:
    """Close what an app holds open: its database pool and, if rate-limited, its Redis client."""
    app.extensions["mc"].engine.dispose()
    for limiter in app.extensions.get("limiter", ()):
        cliente = getattr(limiter.storage, "storage", None)  # the Redis client in real mode
        if hasattr(cliente, "close"):
            cliente.close()


def _limites_propios() -> dict:
    """Rate-limit counters of this test only (tests share one Redis database and one IP)."""
    return {"RATELIMIT_KEY_PREFIX": f"t-{uuid.uuid4().hex[:12]}"}


@pytest.fixture(params=["postgres", "sqlite"])
def sistema(request, tmp_path):
    """The whole system in-process, on PostgreSQL (schemas of this session) or SQLite."""
    carpeta = tmp_path / "correo"
    buzon = iniciar(carpeta, port=0)
    extra = {"MAIL_PORT": str(buzon.port), "ADJUNTAR_PDF": "0", **_limites_propios()}
    if request.param == "postgres":
        prefijo = request.getfixturevalue("prefijo_pg")
        configs = {s: config_real(s, prefijo, tmp_path, **extra) for s in SERVICIOS}
    else:
        from shared.migraciones import migrar

        configs = {s: config_embebida(s, tmp_path, **extra) for s in SERVICIOS}
        for c in configs.values():
            migrar(c)
    apps = _crear_apps(configs)
    yield Sistema(apps, buzon, carpeta)
    buzon.stop()
    for app in apps.values():
        cerrar_app(app)


@pytest.fixture
def sistema_pg(request, tmp_path):
    """Like ``sistema`` but PostgreSQL only, for tests that need not run twice."""
    prefijo = request.getfixturevalue("prefijo_pg")
    carpeta = tmp_path / "correo"
    buzon = iniciar(carpeta, port=0)
    extra = {"MAIL_PORT": str(buzon.port), "ADJUNTAR_PDF": "0", **_limites_propios()}
    apps = _crear_apps({s: config_real(s, prefijo, tmp_path, **extra) for s in SERVICIOS})
    yield Sistema(apps, buzon, carpeta)
    buzon.stop()
    for app in apps.values():
        cerrar_app(app)
