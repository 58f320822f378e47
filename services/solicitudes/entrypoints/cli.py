"""`mc identidad cargar`: load the identity registry table from CSV files.

The files' columns: ``services/solicitudes/entrypoints/carga_csv.py`` (shared with the
console's upload). Nothing is loaded if a row is wrong.
"""

from __future__ import annotations

from pathlib import Path

from services.solicitudes.adapters.registro_identidad import RegistroIdentidadTabla
from services.solicitudes.entrypoints.carga_csv import leer
from services.solicitudes.entrypoints.director import comando_de_carga
from services.solicitudes.entrypoints.esquemas_director import (
    PersonaRegistradaEsquema,
    VinculoEsquema,
)
from services.solicitudes.service_layer.dependencias import Dependencias
from services.solicitudes.service_layer.handlers import cargar_registro_identidad
from shared.config import Config
from shared.db import crear_engine


class CsvInvalido(ValueError):
    """Rows that do not validate, one message per row."""


def leer_csv(ruta: Path, esquema) -> list[dict]:
    """Every row of ``ruta`` validated by ``esquema``; raises CsvInvalido naming bad rows."""
    filas, errores = leer(ruta.read_text(encoding="utf-8-sig"), esquema)
    if errores:
        raise CsvInvalido("\n".join(f"{ruta.name}, fila {n}: {m}" for n, m in errores))
    return filas


def cargar(config: Config, personas: Path, vinculos: Path | None = None) -> dict:
    """Load the CSV files into the registry of ``config``'s database; counts loaded."""
    datos = {
        "personas": leer_csv(personas, PersonaRegistradaEsquema()),
        "vinculos": leer_csv(vinculos, VinculoEsquema()) if vinculos else [],
    }
    engine = crear_engine(config)
    try:
        dep = Dependencias(RegistroIdentidadTabla(engine))
        return cargar_registro_identidad(comando_de_carga(datos), None, None, dep)
    finally:
        engine.dispose()
