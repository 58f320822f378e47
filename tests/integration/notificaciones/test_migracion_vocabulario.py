"""Migration 0006 names the request number numero_solicitud; emails and copies keep theirs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command

from shared.db import crear_engine
from shared.migraciones import alembic_config, migrar
from tests.integration.notificaciones.test_migracion import config_vacia  # noqa: F401 (fixture)

pytestmark = pytest.mark.integration

COPIA = (
    "INSERT INTO solicitudes_locales (solicitud_id, numero, codigo_modular, anexo, estado, "
    "tipo_documento, numero_documento, nombres, apellidos, nombre_institucion, nivel, correo, "
    "actualizado_en) VALUES (12, 12, '0584714', '0', 'EMITIDA', 'DNI', '71234567', 'ANA', "
    "'QUISPE', 'I.E. 1', 'SECUNDARIA', 'ana@example.pe', :ahora)"
)
CORREO = (
    "INSERT INTO correos (evento_id, plantilla, solicitud_id, destinatario, tipo_destinatario, "
    "referencia, codigo_modular, anexo, origen, estado, intentos, intentos_ronda, ultimo_error, "
    "creado_en) VALUES (:e, 'certificado_emitido', 12, 'ana@example.pe', 'SOLICITANTE', "
    "'7K3M9QXD2HVBN4TA', '0584714', '0', 'EVENTO', 'ENVIADO', 1, 1, '', :ahora)"
)


def test_numero_solicitud_en_correos_y_copias(config_vacia):  # noqa: F811
    migrar(config_vacia, "0005")
    engine = crear_engine(config_vacia)
    with engine.begin() as conn:
        conn.execute(sa.text(COPIA), {"ahora": datetime.now(UTC)})
        conn.execute(sa.text(CORREO), {"e": str(uuid.uuid4()), "ahora": datetime.now(UTC)})
    migrar(config_vacia)
    with engine.connect() as conn:
        copia = conn.execute(sa.text("SELECT * FROM solicitudes_locales")).mappings().one()
        correo = conn.execute(sa.text("SELECT numero_solicitud FROM correos")).scalar_one()
    assert (copia["numero_solicitud"], correo) == (12, 12)
    assert "numero" not in copia and "solicitud_id" not in copia

    command.downgrade(alembic_config(config_vacia), "0005")  # and back, the copy's numero too
    with engine.connect() as conn:
        fila = conn.execute(sa.text("SELECT solicitud_id, numero FROM solicitudes_locales")).one()
    engine.dispose()
    assert tuple(fila) == (12, 12)
