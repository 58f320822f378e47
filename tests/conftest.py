"""Fixtures shared by every level: real PostgreSQL, Redis and SMTP where a test asks for them.

Integration and end-to-end tests skip, saying why, on a machine without PostgreSQL or Redis;
with MC_REQUIERE_SERVICIOS=1 or CI set (as .ci/run does) they fail instead.
"""

from __future__ import annotations

import os
import random
import uuid
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from shared.config import SERVICIOS, Config
from shared.migraciones import migrar
from tests import claves_prueba

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")


def redis_de_este_proceso(url: str, trabajador: str | None) -> str:
    """The Redis database of this pytest process: xdist worker ``gwK`` (K > 0) takes db - K.

    Queues and counters live in the database, so parallel workers must not share one (each
    flushes its own at the start). Without xdist, or on ``gw0``, the URL is used as given.
    """
    k = int(trabajador.removeprefix("gw")) if trabajador else 0
    if k == 0:
        return url
    base, _, db = url.rpartition("/")
    return f"{base}/{(int(db or 0) - k) % 16}"


REDIS_URL = redis_de_este_proceso(
    os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11"),
    os.environ.get("PYTEST_XDIST_WORKER"),
)


def _requerido(nombre: str, error: Exception | None) -> None:
    if error is None:
        return
    mensaje = f"{nombre} no está disponible ({type(error).__name__}: {error})"
    if os.environ.get("MC_REQUIERE_SERVICIOS") or os.environ.get("CI"):
        pytest.fail(mensaje + ": en CI las pruebas de integración no se omiten")
    pytest.skip(mensaje + ": se omite en este equipo (en CI falla)")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test PostgreSQL URL, after checking it answers."""
    error = None
    try:
        engine = sa.create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect: report it through _requerido
        error = exc
    _requerido("PostgreSQL", error)
    return PG_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis database reserved for tests, emptied once per session."""
    error = None
    try:
        cliente = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        cliente.flushdb()
        cliente.close()
    except Exception as exc:
        error = exc
    _requerido("Redis", error)
    return REDIS_URL


@pytest.fixture(scope="session")
def prefijo_pg(postgres_url, tmp_path_factory):
    """One set of service schemas for the session (tests use unique ids), dropped at the end."""
    prefijo = f"t{uuid.uuid4().hex[:8]}_"
    var = tmp_path_factory.mktemp("var-pg")
    for servicio in SERVICIOS:
        migrar(config_real(servicio, prefijo, var))
    yield prefijo
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for servicio in SERVICIOS:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
    engine.dispose()


def config_real(servicio: str, prefijo: str, var: Path, **extra: str) -> Config:
    """Configuration of a service on PostgreSQL (its schema under ``prefijo``) and Redis."""
    entorno = {
        "DATABASE_URL": PG_URL,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_URL,
        "MC_VAR_DIR": str(var),
        **claves_prueba.entorno(),
        **extra,
    }
    return Config.desde_entorno(servicio, entorno).con(testing=True)


def config_embebida(servicio: str, var: Path, **extra: str) -> Config:
    """Configuration of a service in embedded mode under ``var``."""
    entorno = {"MC_VAR_DIR": str(var), **claves_prueba.entorno(), **extra}
    return Config.desde_entorno(servicio, entorno).con(testing=True)


def codigo_modular_unico() -> str:
    return f"{random.randint(1, 9_999_999):07d}"


def dni_unico() -> str:
    return f"{random.randint(10_000_000, 99_999_999)}"
