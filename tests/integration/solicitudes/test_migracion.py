"""Migration 0002 keeps the requests of the walking skeleton, attended by whom they were."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from shared.db import crear_engine
from shared.migraciones import migrar
from tests.conftest import config_embebida, config_real

FILA = {
    "codigo_seguimiento": "8MHXGZ6K9TWJDHNG",
    "tipo_documento": "DNI",
    "numero_documento": "72527431",
    "nombres": "VANESSA DEL PILAR",
    "primer_apellido": "FLORES",
    "segundo_apellido": "LIZANA",
    "fecha_nacimiento": "2003-05-14",
    "codigo_modular": "0584714",
    "anexo": "0",
    "nivel": "SECUNDARIA",
    "ultimo_anio": 2005,
    "ultimo_grado": "QUINTO",
    "motivo": "TRABAJO",
    "motivo_otro": "",
    "correo": "v@example.pe",
    "celular": "",
    "ruta": "UGEL",
    "estado": "PENDIENTE",
    "detalle_estado": "",
    "creada_en": "2024-03-05T15:30:00+00:00",
}


@pytest.fixture(params=["postgres", "sqlite"])
def config(request, tmp_path):
    if request.param == "sqlite":
        yield config_embebida("solicitudes", tmp_path)
        return
    request.getfixturevalue("postgres_url")
    prefijo = f"m{uuid.uuid4().hex[:8]}_"
    yield config_real("solicitudes", prefijo, tmp_path)
    engine = sa.create_engine(config_real("solicitudes", prefijo, tmp_path).database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}solicitudes" CASCADE'))
    engine.dispose()


def test_las_solicitudes_existentes_se_conservan(config):
    migrar(config, "0001")
    engine = crear_engine(config)
    columnas = ", ".join(FILA)
    valores = ", ".join(f":{c}" for c in FILA)
    with engine.begin() as conn:
        conn.execute(sa.text(f"INSERT INTO solicitudes ({columnas}) VALUES ({valores})"), FILA)
    migrar(config)
    with engine.connect() as conn:
        fila = conn.execute(
            sa.text("SELECT atiende, origen, tipo_persona, pais, ruta FROM solicitudes")
        ).one()
    engine.dispose()
    assert tuple(fila) == ("UGEL", "WEB", "ESTUDIANTE", "", "UGEL")
