"""`mc identidad cargar`: load the identity registry table from CSV files.

personas.csv: tipo_documento, numero_documento, nombres, primer_apellido, segundo_apellido,
fecha_nacimiento (AAAA-MM-DD), pais, fallecido (S/N). vinculos.csv: apoderado_tipo_documento,
apoderado_numero_documento, tipo_documento, numero_documento (the minor), vinculo
(PADRE, MADRE, APODERADO). UTF-8, header in the first row. Nothing is loaded if a row is wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path

from marshmallow import ValidationError

from services.solicitudes.adapters.registro_identidad import RegistroIdentidadTabla
from services.solicitudes.entrypoints.director import comando_de_carga
from services.solicitudes.entrypoints.esquemas_director import (
    PersonaRegistradaEsquema,
    VinculoEsquema,
)
from services.solicitudes.service_layer.dependencias import Dependencias
from services.solicitudes.service_layer.handlers import cargar_registro_identidad
from shared.config import Config
from shared.db import crear_engine

# Empty cells of these columns mean "use the default" (PERÚ, not deceased).
_OPCIONALES = ("pais", "fallecido")


class CsvInvalido(ValueError):
    """Rows that do not validate, one message per row."""


def leer_csv(ruta: Path, esquema) -> list[dict]:
    """Every row of ``ruta`` validated by ``esquema``; raises CsvInvalido naming bad rows."""
    filas, errores = [], []
    with ruta.open(encoding="utf-8-sig", newline="") as archivo:
        for numero, fila in enumerate(csv.DictReader(archivo), start=2):
            limpia = {
                k.strip(): (v or "").strip()
                for k, v in fila.items()
                if k and not (k.strip() in _OPCIONALES and not (v or "").strip())
            }
            try:
                filas.append(esquema.load(limpia))
            except ValidationError as exc:
                errores.append(f"{ruta.name}, fila {numero}: {exc.messages}")
    if errores:
        raise CsvInvalido("\n".join(errores))
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
