"""Every timezone-aware column reads back aware UTC, on SQLite as on PostgreSQL."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, create_engine, insert, select

from shared.config import SERVICIOS
from shared.db import FechaUTC

LIMA = timezone(timedelta(hours=-5))


@pytest.mark.parametrize("servicio", SERVICIOS)
def test_toda_columna_de_fecha_con_zona_usa_fecha_utc(servicio):
    metadata = importlib.import_module(f"services.{servicio}.adapters.orm").metadata
    sueltas = [
        f"{tabla.name}.{columna.name}"
        for tabla in metadata.tables.values()
        for columna in tabla.columns
        if isinstance(columna.type, DateTime)  # FechaUTC is a TypeDecorator, not a DateTime
    ]
    assert sueltas == [], "use shared.db.FechaUTC() for these columns"
    fechas = [
        c for t in metadata.tables.values() for c in t.columns if isinstance(c.type, FechaUTC)
    ]
    assert {"outbox", "mensajes_procesados", "mensajes_fallidos"} <= {c.table.name for c in fechas}


def test_sqlite_devuelve_la_fecha_con_zona_utc():
    metadata = MetaData()
    tabla = Table("t", metadata, Column("id", Integer, primary_key=True), Column("en", FechaUTC()))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    en_lima = datetime(2026, 11, 28, 7, 54, 3, tzinfo=LIMA)
    with engine.begin() as conn:
        conn.execute(insert(tabla), [{"id": 1, "en": en_lima}, {"id": 2, "en": None}])
        leidas = conn.execute(select(tabla.c.en).order_by(tabla.c.id)).scalars().all()
    assert leidas == [en_lima, None]  # the same instant...
    assert leidas[0].tzinfo == UTC and leidas[0].hour == 12  # ...read back as aware UTC
    assert leidas[0] < datetime.now(UTC)  # comparable with aware values (it raised before)
    engine.dispose()
