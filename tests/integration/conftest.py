"""Integration harness: the six Flask apps on a real database, events moved by the real relay.

``Sistema.entregar()`` runs each service's outbox ``Relay`` with a publisher that hands the
envelope to the subscriber's real consumer (``procesar_mensaje``) in this process: the same
code path as the workers, without a broker (max_reintentos=0: a failure dead-letters at once).
Broker tests live in test_mensajeria.py and tests/e2e.
"""

from __future__ import annotations

import random
import shutil
import uuid
from dataclasses import dataclass, field

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from herramientas.smtp_local import iniciar, leer_buzon
from services.cuentas.adapters.credenciales import Contrasenas
from shared.config import SERVICIOS
from shared.consumidor import procesar_mensaje
from shared.outbox import Relay
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
        # Each test calls from its own address, so per-IP counters of earlier tests don't count.
        ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        for cliente in self.clientes.values():
            cliente.environ_base["REMOTE_ADDR"] = ip

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
    apps = {s: fabricas[s](configs[s]) for s in SERVICIOS}
    contrasenas_baratas(apps["cuentas"])
    return apps


def contrasenas_baratas(app_cuentas) -> None:
    """Argon2id at its cheapest cost: a login takes ~1 ms instead of 0.1-0.25 s, same code path."""
    # These tests log in hundreds of times; the default profile still runs in every e2e process
    # and in cuentas/test_cli.py (a hash carries its parameters: either verifies the other's).
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    app_cuentas.extensions["cuentas"].contrasenas = Contrasenas(hasher)


def cerrar_app(app) -> None:
    """Close what an app holds open: its database pool and, if rate-limited, its Redis client."""
    app.extensions["mc"].engine.dispose()
    for limiter in app.extensions.get("limiter", ()):
        cliente = getattr(limiter.storage, "storage", None)  # the Redis client in real mode
        if hasattr(cliente, "close"):
            cliente.close()


def nueva_prueba(base: Sistema) -> Sistema:
    """A fresh view of the session's apps for one test: no pending events, mail or counters."""
    base.entregar()  # events an earlier test left in an outbox never reach the next one
    for app in base.apps.values():
        for limiter in app.extensions.get("limiter", ()):
            limiter.reset()  # Redis: every LIMITS:* key of the test database; memory: all
    shutil.rmtree(base.carpeta_correo, ignore_errors=True)
    return Sistema(base.apps, base.buzon, base.carpeta_correo)


def _limites_propios() -> dict:
    """Rate-limit counters of these apps only (other apps share the Redis database)."""
    return {"RATELIMIT_KEY_PREFIX": f"t-{uuid.uuid4().hex[:12]}"}


def _sistema_de_sesion(factory, nombre: str, config_de):
    """Five apps and an SMTP server for the session; ``config_de(servicio, var, **extra)``."""
    var = factory.mktemp(nombre)
    buzon = iniciar(var / "correo", port=0)
    extra = {"MAIL_PORT": str(buzon.port), "ADJUNTAR_PDF": "0", **_limites_propios()}
    apps = _crear_apps({s: config_de(s, var, **extra) for s in SERVICIOS})
    yield Sistema(apps, buzon, var / "correo")
    buzon.stop()
    for app in apps.values():
        cerrar_app(app)


@pytest.fixture(scope="session")
def _sistema_postgres(prefijo_pg, tmp_path_factory):
    yield from _sistema_de_sesion(
        tmp_path_factory, "sistema-pg", lambda s, var, **e: config_real(s, prefijo_pg, var, **e)
    )


@pytest.fixture(scope="session")
def _sistema_sqlite(tmp_path_factory):
    from shared.migraciones import migrar

    def config_migrada(servicio, var, **extra):
        config = config_embebida(servicio, var, **extra)
        migrar(config)
        return config

    yield from _sistema_de_sesion(tmp_path_factory, "sistema-sqlite", config_migrada)


@pytest.fixture(params=["postgres", "sqlite"])
def sistema(request):
    """The whole system in-process, on PostgreSQL (schemas of this session) or SQLite."""
    base = request.getfixturevalue(f"_sistema_{request.param}")
    return nueva_prueba(base)


@pytest.fixture
def sistema_pg(_sistema_postgres):
    """Like ``sistema`` but PostgreSQL only, for tests that need not run twice."""
    return nueva_prueba(_sistema_postgres)
