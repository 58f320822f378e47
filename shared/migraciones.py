"""Alembic, one migration history per service, each in its own schema or SQLite file."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import MetaData, text

from shared.config import Config
from shared.db import crear_engine

RAIZ_SERVICIOS = Path(__file__).resolve().parent.parent / "services"


def alembic_config(config: Config) -> AlembicConfig:
    """Alembic configuration for one service, carrying our Config to env.py."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(RAIZ_SERVICIOS / config.servicio / "migrations"))
    cfg.attributes["config_mc"] = config
    return cfg


def migrar(config: Config, revision: str = "head") -> None:
    """Bring the service's tables up to ``revision``."""
    command.upgrade(alembic_config(config), revision)


def ejecutar_entorno(metadata: MetaData) -> None:
    """Body of every service's migrations/env.py (online mode only)."""
    from alembic import context

    config: Config = context.config.attributes["config_mc"]
    engine = crear_engine(config)
    with engine.connect() as conn:
        if config.db_schema:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{config.db_schema}"'))
            conn.commit()
        if config.embebido:
            # SQLite rebuilds a table to alter it (batch mode): dropping the old copy would
            # cascade to the rows that reference it. Keys are checked once, after migrating.
            _pragma(conn, "foreign_keys=OFF")
        context.configure(
            connection=conn,
            target_metadata=metadata,
            version_table_schema=config.db_schema,
            render_as_batch=config.embebido,
        )
        with context.begin_transaction():
            context.run_migrations()
        if config.embebido:
            rotas = _pragma(conn, "foreign_key_check")
            _pragma(conn, "foreign_keys=ON")
            if rotas:
                raise RuntimeError(f"claves foráneas rotas tras migrar: {rotas[:5]}")
    engine.dispose()


def _pragma(conn: sa.Connection, pragma: str) -> list:
    """A SQLite PRAGMA outside any transaction (inside one, foreign_keys is ignored)."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        return cursor.execute(f"PRAGMA {pragma}").fetchall()
    finally:
        cursor.close()


def crear_tablas_infraestructura_v1(op) -> None:
    """Outbox, processed messages and dead letters, as first released (frozen: never edit)."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("type", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sobre", sa.JSON, nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("publicado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("intentos", sa.Integer, nullable=False),
        sa.Column("ultimo_error", sa.Text, nullable=True),
    )
    op.create_table(
        "mensajes_procesados",
        sa.Column("mensaje_id", sa.String(36), primary_key=True),
        sa.Column("type", sa.String(80), nullable=False),
        sa.Column("procesado_en", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "mensajes_fallidos",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mensaje_id", sa.String(64), nullable=True),
        sa.Column("type", sa.String(80), nullable=True),
        sa.Column("sobre", sa.JSON, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("permanente", sa.Integer, nullable=False),
        sa.Column("intentos", sa.Integer, nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reprocesado_en", sa.DateTime(timezone=True), nullable=True),
    )
    for tabla, columna in _INDICES_INFRA_V1:
        op.create_index(f"ix_{tabla}_{columna}", tabla, [columna])


def eliminar_tablas_infraestructura_v1(op) -> None:
    """Undo crear_tablas_infraestructura_v1."""
    for tabla, columna in _INDICES_INFRA_V1:
        op.drop_index(f"ix_{tabla}_{columna}", table_name=tabla)
    for tabla in ("mensajes_fallidos", "mensajes_procesados", "outbox"):
        op.drop_table(tabla)


_INDICES_INFRA_V1 = (
    ("outbox", "creado_en"),
    ("outbox", "publicado_en"),
    ("mensajes_fallidos", "mensaje_id"),
    ("mensajes_fallidos", "creado_en"),
)


def ugel_por_codigo(op, tabla: str, nombre: bool = True, indice: bool = True) -> None:
    """Data migration (issue 11): free-text ``ugel`` → ``codigo_ugel`` (looked up), and the text
    kept as ``nombre_ugel`` when ``nombre``.

    A name that maps to no known code gets a NULL code: that scope matches nothing until the
    padrón is imported again with its ``codigo_ugel`` (never a guessed code).
    """
    from shared.ugeles import codigo_de_nombre

    with op.batch_alter_table(tabla) as batch_op:
        batch_op.add_column(sa.Column("codigo_ugel", sa.String(6), nullable=True))
        if nombre:
            batch_op.add_column(sa.Column("nombre_ugel", sa.String(120), nullable=True))
    conn = op.get_bind()
    nombres = list(conn.execute(text(f"SELECT DISTINCT ugel FROM {tabla} WHERE ugel IS NOT NULL")))
    copia = ", nombre_ugel = :n" if nombre else ""
    for (viejo,) in nombres:
        conn.execute(
            text(f"UPDATE {tabla} SET codigo_ugel = :c{copia} WHERE ugel = :n"),
            {"c": codigo_de_nombre(viejo), "n": viejo},
        )
    with op.batch_alter_table(tabla) as batch_op:
        if nombre:
            batch_op.alter_column("nombre_ugel", existing_type=sa.String(120), nullable=False)
        batch_op.drop_column("ugel")
        if indice:
            batch_op.create_index(f"ix_{tabla}_codigo_ugel", ["codigo_ugel"], unique=False)


def ugel_por_nombre(op, tabla: str, nombre: bool = True, indice: bool = True) -> None:
    """Downgrade of ``ugel_por_codigo``: the name (else the code) is the free-text ``ugel``."""
    with op.batch_alter_table(tabla) as batch_op:
        batch_op.add_column(sa.Column("ugel", sa.String(120), nullable=True))
    origen = "COALESCE(nombre_ugel, codigo_ugel, '')" if nombre else "codigo_ugel"
    op.execute(text(f"UPDATE {tabla} SET ugel = {origen}"))
    with op.batch_alter_table(tabla) as batch_op:
        if nombre:
            batch_op.alter_column("ugel", existing_type=sa.String(120), nullable=False)
            batch_op.drop_column("nombre_ugel")
        if indice:
            batch_op.drop_index(f"ix_{tabla}_codigo_ugel")
        batch_op.drop_column("codigo_ugel")
