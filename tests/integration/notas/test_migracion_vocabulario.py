"""Migration 0005 of notas: diseno_curricular, and each snapshot's registro/version_registro."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from shared.db import crear_engine
from shared.migraciones import migrar
from tests.conftest import config_embebida, config_real

pytestmark = pytest.mark.integration


@pytest.fixture(params=["postgres", "sqlite"])
def config(request, tmp_path):
    if request.param == "sqlite":
        yield config_embebida("notas", tmp_path)
        return
    request.getfixturevalue("postgres_url")
    prefijo = f"m{uuid.uuid4().hex[:8]}_"
    yield config_real("notas", prefijo, tmp_path)
    engine = sa.create_engine(config_real("notas", prefijo, tmp_path).database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}notas" CASCADE'))
    engine.dispose()


def test_las_instantaneas_y_el_catalogo_conservan_sus_datos(config):
    migrar(config, "0004")
    engine = crear_engine(config)
    viejo = {"nivel": "SECUNDARIA", "version": 3, "registro": {"version": 3, "grados": []}}
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO instantaneas_registro (tipo_documento, numero_documento, nivel, "
                "version, completitud, contenido, creado_en) VALUES ('DNI', '72527431', "
                "'SECUNDARIA', 3, 'SIN INFORMACIÓN', :c, '2024-03-05T15:30:00+00:00')"
            ),
            {"c": json.dumps(viejo)},
        )
        areas = conn.execute(sa.text("SELECT count(*) FROM areas_curriculares")).scalar_one()
    migrar(config)
    with engine.connect() as conn:
        fila = conn.execute(
            sa.text("SELECT version_registro, registro FROM instantaneas_registro")
        ).one()
        por_diseno = conn.execute(
            sa.text("SELECT count(*) FROM areas_curriculares WHERE diseno_curricular IS NOT NULL")
        ).scalar_one()
    engine.dispose()
    registro = json.loads(fila[1]) if isinstance(fila[1], str) else fila[1]
    assert fila[0] == 3
    assert registro == {
        "nivel": "SECUNDARIA",
        "version_registro": 3,
        "registro": {"version_registro": 3, "grados": []},
    }
    assert por_diseno == areas > 0
