"""Migration 0002 keeps the emails written before it, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command

from shared.db import crear_engine
from shared.migraciones import alembic_config, migrar
from tests.conftest import config_embebida, config_real

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgres"])
def config_vacia(request, tmp_path):
    """notificaciones alone, in a database nobody else uses."""
    if request.param == "sqlite":
        yield config_embebida("notificaciones", tmp_path)
        return
    postgres_url = request.getfixturevalue("postgres_url")
    prefijo = f"m{uuid.uuid4().hex[:8]}_"
    yield config_real("notificaciones", prefijo, tmp_path)
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}notificaciones" CASCADE'))
    engine.dispose()


def test_los_correos_anteriores_sobreviven_a_la_migracion(config_vacia):
    migrar(config_vacia, "0001")
    engine = crear_engine(config_vacia)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO correos (evento_id, plantilla, destinatario, referencia, estado, "
                "intentos, ultimo_error, creado_en) VALUES (:e, 'certificado_emitido', "
                "'ana@example.pe', '7K3M9QXD2HVBN4TA', 'FALLIDO', 1, '550', :ahora)"
            ),
            {"e": str(uuid.uuid4()), "ahora": datetime.now(UTC)},
        )
    migrar(config_vacia)
    with engine.connect() as conn:
        fila = conn.execute(sa.text("SELECT * FROM correos")).mappings().one()
    assert fila["destinatario"] == "ana@example.pe" and fila["estado"] == "FALLIDO"
    assert (fila["numero_solicitud"], fila["tipo_destinatario"], fila["origen"]) == (
        0,
        "SOLICITANTE",
        "EVENTO",
    )
    assert fila["intentos_ronda"] == 0

    command.downgrade(alembic_config(config_vacia), "0001")  # and back
    with engine.connect() as conn:
        columnas = {c["name"] for c in sa.inspect(conn).get_columns("correos")}
        assert "solicitud_id" not in columnas
        assert conn.execute(sa.text("SELECT count(*) FROM correos")).scalar() == 1
    engine.dispose()
