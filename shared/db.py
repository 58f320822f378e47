"""Database engines and the infrastructure tables every service carries.

Each service owns its data: in embedded mode its own SQLite file, in real mode its own
PostgreSQL schema (``search_path`` is set per connection, so table names stay unqualified).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.orm import registry, sessionmaker
from sqlalchemy.types import TypeDecorator

from shared.config import Config, preparar_carpetas


class FechaUTC(TypeDecorator):
    """``FechaUTC()`` that reads back aware UTC on every engine.

    PostgreSQL keeps the zone; SQLite stores the wall time and hands it back naive, and any
    comparison with an aware datetime then raises. Values are stored as UTC and read as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # a naive value means UTC here, as it does on read
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def crear_engine(config: Config, pre_ping: bool = True) -> Engine:
    """The engine of ``config.servicio``; no connection is opened here.

    ``pre_ping=False`` saves a round trip per checkout; the caller must then retry an operation
    that failed on a connection the server had closed (see ``verificacion``'s read path).
    """
    if config.embebido:
        preparar_carpetas(config)
        engine = create_engine(
            config.database_url, connect_args={"timeout": 30}, hide_parameters=True
        )
        _configurar_sqlite(engine)
        return engine
    opciones = f"-c search_path={config.db_schema}" if config.db_schema else ""
    return create_engine(
        config.database_url,
        connect_args={"options": opciones} if opciones else {},
        pool_pre_ping=pre_ping,
        pool_size=5,
        max_overflow=5,
        # An error's text reaches logs and the dead-letter table: never a student's data.
        hide_parameters=True,
    )


def _configurar_sqlite(engine: Engine) -> None:
    """WAL and BEGIN IMMEDIATE: several processes (web, worker, relay) share one file."""

    @event.listens_for(engine, "connect")
    def _al_conectar(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _al_empezar(conn):
        # A deferred transaction that later writes can fail at once with "database is
        # locked"; taking the write lock up front makes writers queue on busy_timeout.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def crear_session_factory(engine: Engine) -> sessionmaker:
    """Sessions that keep loaded objects usable after commit (handlers return them)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


class MapeoUnaVez:
    """Maps a service's domain classes onto its tables the first time it is called."""

    def __init__(self, metadata: MetaData, mapear: Callable[[registry], None]):
        self._metadata = metadata
        self._mapear = mapear
        self._hecho = False

    def __call__(self) -> None:
        if not self._hecho:
            self._mapear(registry(metadata=self._metadata))
            self._hecho = True


def tablas_infraestructura(metadata: MetaData) -> dict[str, Table]:
    """Outbox, processed messages and dead letters, defined on a service's own metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("type", String(80), nullable=False),
        Column("version", Integer, nullable=False),
        Column("sobre", JSON, nullable=False),
        Column("creado_en", FechaUTC(), nullable=False, index=True),
        Column("publicado_en", FechaUTC(), nullable=True, index=True),
        Column("intentos", Integer, nullable=False, default=0),
        Column("ultimo_error", Text, nullable=True),
    )
    procesados = Table(
        "mensajes_procesados",
        metadata,
        Column("mensaje_id", String(36), primary_key=True),
        Column("type", String(80), nullable=False),
        Column("procesado_en", FechaUTC(), nullable=False),
    )
    fallidos = Table(
        "mensajes_fallidos",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("mensaje_id", String(64), nullable=True, index=True),
        Column("type", String(80), nullable=True),
        Column("sobre", JSON, nullable=False),
        Column("error", Text, nullable=False),
        Column("permanente", Integer, nullable=False),
        Column("intentos", Integer, nullable=False),
        Column("creado_en", FechaUTC(), nullable=False, index=True),
        Column("reprocesado_en", FechaUTC(), nullable=True),
    )
    return {"outbox": outbox, "mensajes_procesados": procesados, "mensajes_fallidos": fallidos}
