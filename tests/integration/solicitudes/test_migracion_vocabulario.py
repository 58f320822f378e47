"""Migration 0006 renames to the glossary's words and every request keeps its values."""

from __future__ import annotations

import sqlalchemy as sa

from shared.db import crear_engine
from shared.migraciones import migrar
from tests.integration.solicitudes.test_migracion import FILA, config  # noqa: F401 (fixture)


def test_numero_solicitud_y_motivo_solicitud_conservan_las_solicitudes(config):  # noqa: F811
    migrar(config, "0005")
    engine = crear_engine(config)
    fila = {**FILA, "atiende": "UGEL", "origen": "WEB", "tipo_persona": "ESTUDIANTE", "pais": ""}
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"INSERT INTO solicitudes (id, {', '.join(fila)}) "
                f"VALUES (12, {', '.join(':' + c for c in fila)})"
            ),
            fila,
        )
        conn.execute(
            sa.text(
                "INSERT INTO historial_estados (solicitud_id, estado, por, detalle, en) "
                "VALUES (12, 'PENDIENTE', 'ciudadano', '', '2024-03-05T15:30:00+00:00')"
            )
        )
    migrar(config)
    with engine.connect() as conn:
        solicitud = conn.execute(
            sa.text("SELECT numero_solicitud, motivo_solicitud FROM solicitudes")
        ).one()
        linea = conn.execute(
            sa.text("SELECT numero_solicitud, estado FROM historial_estados")
        ).one()
        columnas = {c["name"] for c in sa.inspect(conn).get_columns("solicitudes")}
    engine.dispose()
    assert tuple(solicitud) == (12, "TRABAJO")
    assert tuple(linea) == (12, "PENDIENTE")
    assert not {"id", "motivo"} & columnas
