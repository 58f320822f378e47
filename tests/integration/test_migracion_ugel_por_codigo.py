"""Migrations of issue 11: a free-text UGEL becomes its code (when known) and its name."""

from __future__ import annotations

import sqlalchemy as sa

from shared.db import crear_engine
from shared.migraciones import migrar
from tests.integration.solicitudes.test_migracion import config  # noqa: F401 (fixture)

IE = (
    "INSERT INTO instituciones (codigo_modular, anexo, nombre, estado, ugel, modalidad, niveles) "
    "VALUES (:cm, '0', 'I.E. X', 'CERRADA', :ugel, 'EBR', '[]')"
)


def test_solicitudes_traduce_los_nombres_conocidos_y_deja_sin_codigo_los_demas(config):  # noqa: F811
    migrar(config, "0006")
    engine = crear_engine(config)
    with engine.begin() as conn:
        for cm, ugel in [("0000001", "UGEL 03 BRENA"), ("0000002", "UGEL 03"), ("0000003", "X")]:
            conn.execute(sa.text(IE), {"cm": cm, "ugel": ugel})
        conn.execute(
            sa.text(
                "INSERT INTO lotes (id, creado_por, rol, ugel, total, creado_en) VALUES "
                "('a', 'esp', 'ESPECIALISTA_UGEL', 'UGEL 07', 1, '2024-03-05T15:30:00+00:00')"
            )
        )
    migrar(config)
    with engine.connect() as conn:
        filas = conn.execute(
            sa.text(
                "SELECT codigo_modular, codigo_ugel, nombre_ugel FROM instituciones "
                "ORDER BY codigo_modular"
            )
        ).all()
        lote = conn.execute(sa.text("SELECT codigo_ugel FROM lotes")).scalar_one()
    engine.dispose()
    assert [tuple(f) for f in filas] == [
        ("0000001", "150103", "UGEL 03 BRENA"),
        ("0000002", "150103", "UGEL 03"),
        ("0000003", None, "X"),  # unknown: no scope matches it until the padrón gives its code
    ]
    assert lote == "150107"
