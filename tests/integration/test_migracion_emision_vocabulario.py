"""emision's migration 0003: numero_solicitud and contenido_certificado, values kept."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command

from shared.db import crear_engine
from shared.migraciones import alembic_config, migrar
from tests.conftest import config_embebida, config_real

pytestmark = pytest.mark.integration

FILA = (
    "INSERT INTO certificados (codigo_virtual, solicitud_id, numero, tipo_documento, "
    "numero_documento, nivel, codigo_modular, anexo, version_registro, documento, huella, kid, "
    "sha256, emitido_en, estado) VALUES ('7K3M9QXD2HVBN4TS', 12, 12, 'DNI', '71234567', "
    "'SECUNDARIA', '0584714', '0', 3, :doc, :h, 'k1', :h, :en, 'VIGENTE')"
)


@pytest.fixture(params=["sqlite", "postgres"])
def config(request, tmp_path):
    if request.param == "sqlite":
        yield config_embebida("emision", tmp_path)
        return
    postgres_url = request.getfixturevalue("postgres_url")
    prefijo = f"m{uuid.uuid4().hex[:8]}_"
    yield config_real("emision", prefijo, tmp_path)
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}emision" CASCADE'))
    engine.dispose()


def test_un_certificado_de_antes_conserva_su_solicitud_y_lo_impreso(config):
    migrar(config, "0002")
    engine = crear_engine(config)
    impreso = {"codigo_virtual": "7K3M-9QXD-2HVB-N4TS", "numero": 12, "nivel": "SECUNDARIA"}
    with engine.begin() as conn:
        valores = {"doc": json.dumps(impreso), "h": "a" * 64, "en": datetime.now(UTC)}
        conn.execute(sa.text(FILA), valores)
    migrar(config)
    with engine.connect() as conn:
        fila = conn.execute(sa.text("SELECT * FROM certificados")).mappings().one()
    contenido = fila["contenido_certificado"]
    contenido = json.loads(contenido) if isinstance(contenido, str) else contenido
    assert fila["numero_solicitud"] == 12 and contenido["numero_solicitud"] == 12
    assert not {"solicitud_id", "numero", "documento"} & set(fila) and "numero" not in contenido

    command.downgrade(alembic_config(config), "0002")  # and back
    with engine.connect() as conn:
        fila = conn.execute(sa.text("SELECT solicitud_id, numero FROM certificados")).one()
    engine.dispose()
    assert tuple(fila) == (12, 12)
