"""Migration 0010 moves the «Detalle técnico:» suffix of old failures off the citizen's text."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from shared.db import crear_engine
from shared.migraciones import alembic_config, migrar
from tests.integration.solicitudes.test_migracion import FILA, config  # noqa: F401 (fixture)

CIUDADANO = "No se pudo emitir el certificado; se puede volver a ordenar la emisión."
TECNICO = "reintentos agotados (8): ErrorTransitorio: la TSA no responde"
NEGOCIO = "El registro de notas está en estado INFORMACIÓN INCOMPLETA."


def _insertar(conn, numero: int, detalle: str) -> None:
    fila = {**FILA, "motivo_solicitud": "TRABAJO", "atiende": "IE", "origen": "WEB"}
    fila.pop("motivo")
    fila.update(
        tipo_persona="ESTUDIANTE",
        pais="PERÚ",
        estado="ERROR",
        detalle_estado=detalle,
        codigo_seguimiento=f"{numero:016d}",
        numero_documento=f"{numero:08d}",
    )
    conn.execute(
        sa.text(
            f"INSERT INTO solicitudes (numero_solicitud, {', '.join(fila)}) "
            f"VALUES ({numero}, {', '.join(':' + c for c in fila)})"
        ),
        fila,
    )
    conn.execute(
        sa.text(
            "INSERT INTO historial_estados (numero_solicitud, estado, por, detalle, en) "
            "VALUES (:n, 'ERROR', 'emision', :d, '2024-03-05T15:30:00+00:00')"
        ),
        {"n": numero, "d": detalle},
    )


def _leer(conn) -> list[tuple]:
    return [
        tuple(f)
        for f in conn.execute(
            sa.text(
                "SELECT s.numero_solicitud, s.detalle_estado, s.detalle_tecnico, h.detalle, "
                "h.detalle_tecnico FROM solicitudes s JOIN historial_estados h "
                "USING (numero_solicitud) ORDER BY s.numero_solicitud"
            )
        )
    ]


def test_el_detalle_tecnico_se_separa_y_el_rechazo_de_negocio_queda_igual(config):  # noqa: F811
    migrar(config, "0009")
    engine = crear_engine(config)
    with engine.begin() as conn:
        _insertar(conn, 12, f"{CIUDADANO} Detalle técnico: {TECNICO}")
        _insertar(conn, 13, NEGOCIO)
    migrar(config)
    with engine.connect() as conn:
        filas = _leer(conn)
    assert filas == [
        (12, CIUDADANO, TECNICO, CIUDADANO, TECNICO),
        (13, NEGOCIO, None, NEGOCIO, None),
    ]
    command.downgrade(alembic_config(config), "0009")  # joined again, as v2 wrote them
    with engine.connect() as conn:
        textos = (
            conn.execute(
                sa.text("SELECT detalle_estado FROM solicitudes ORDER BY numero_solicitud")
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert textos == [f"{CIUDADANO} Detalle técnico: {TECNICO}", NEGOCIO]
