"""Reading the CSV files people upload: encodings Excel saves, ';' or ',' separators, limits."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from shared.errores import ErrorDeDominio

MAX_BYTES = 2 * 1024 * 1024
MAX_FILAS = 5000


class ArchivoInvalido(ErrorDeDominio):
    """The file is not a CSV we can read (encoding, separators, header): nothing is imported."""

    estado_http = 422
    codigo = "archivo_invalido"


class ArchivoDemasiadoGrande(ErrorDeDominio):
    estado_http = 413
    codigo = "archivo_demasiado_grande"


@dataclass(frozen=True)
class Tabla:
    """A read CSV: its header (as written) and its data rows, numbered as a spreadsheet shows."""

    encabezados: list[str]
    filas: list[tuple[int, dict[str, str]]]


def leer_tabla(
    contenido: bytes,
    requeridas: tuple[str, ...],
    opcionales: tuple[str, ...] = (),
    max_filas: int = MAX_FILAS,
) -> Tabla:
    """Decode and parse; raise ArchivoInvalido / ArchivoDemasiadoGrande for the whole file.

    Known columns are matched without regard to case; any other column keeps its header.
    """
    if len(contenido) > MAX_BYTES:
        raise ArchivoDemasiadoGrande(
            f"El archivo supera el máximo de {MAX_BYTES // (1024 * 1024)} MB.", "archivo"
        )
    texto = _decodificar(contenido)
    if not texto.strip():
        raise ArchivoInvalido("El archivo está vacío.", "archivo")
    primera = texto.splitlines()[0]
    separador = ";" if primera.count(";") > primera.count(",") else ","
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador, strict=True)
    try:
        encabezados = _encabezados(next(lector), requeridas, opcionales)
        filas = _filas(lector, encabezados, max_filas)
    except csv.Error as exc:
        raise ArchivoInvalido(
            f"El archivo no es un CSV válido (línea {lector.line_num}): {exc}.", "archivo"
        ) from exc
    if not filas:
        raise ArchivoInvalido("El archivo no tiene filas de datos.", "archivo")
    return Tabla(encabezados, filas)


def _encabezados(crudos: list[str], requeridas, opcionales) -> list[str]:
    conocidas = set(requeridas) | set(opcionales)
    encabezados = [_clave(h) if _clave(h) in conocidas else h.strip() for h in crudos]
    faltan = [r for r in requeridas if r not in encabezados]
    if faltan:
        raise ArchivoInvalido(f"Faltan columnas en el encabezado: {', '.join(faltan)}.", "archivo")
    if len(set(encabezados)) != len(encabezados) or "" in encabezados:
        raise ArchivoInvalido("El encabezado tiene columnas vacías o repetidas.", "archivo")
    return encabezados


def _filas(lector, encabezados: list[str], max_filas: int) -> list[tuple[int, dict[str, str]]]:
    filas = []
    for numero, valores in enumerate(lector, start=2):
        if not any(v.strip() for v in valores):
            continue
        if len(filas) >= max_filas:
            raise ArchivoDemasiadoGrande(
                f"El archivo supera el máximo de {max_filas} filas; divídalo.", "archivo"
            )
        # A short row reads as blanks: the row's own checks say which field is missing.
        fila = {
            h: (valores[i].strip() if i < len(valores) else "") for i, h in enumerate(encabezados)
        }
        if len(valores) > len(encabezados):
            fila["_sobrantes"] = "1"  # the caller reports it on this row only
        filas.append((numero, fila))
    return filas


def _decodificar(contenido: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, which is what Excel in Peru saves."""
    if b"\x00" in contenido:
        raise ArchivoInvalido(
            "El archivo no es de texto (¿un Excel sin exportar a CSV?).", "archivo"
        )
    try:
        return contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        return contenido.decode("cp1252", errors="replace")


def _clave(encabezado: str) -> str:
    return encabezado.strip().lower()
