"""Parsing of uploaded CSV files into commands, with a per-row report of what was refused.

Actas (one row = one student's grade, as a paper acta has one line per student):
  tipo_documento, numero_documento, nombres, primer_apellido, segundo_apellido,
  fecha_nacimiento (AAAA-MM-DD or DD/MM/AAAA), pais, nivel, modalidad, grado, anio_lectivo,
  codigo_modular, anexo, situacion_final, then one column per area with the grade; a column
  "TALLER: MÚSICA" is a taller, "TRANSVERSAL: …" a competencia transversal; empty = not taken.
Padrón: codigo_modular, anexo, nombre, estado, codigo_ugel (6 digits), nombre_ugel, modalidad,
  niveles (separated by '|'), codigo_dre, nombre_dre, ubigeo, departamento, provincia, distrito.
Spreadsheets drop leading zeros: "5" is read as the vigesimal "05", "584714" as "0584714".
"""

from __future__ import annotations

import re

from flask import request
from marshmallow import ValidationError

from services.notas.adapters.tabla_csv import Tabla, leer_tabla
from services.notas.entrypoints.esquemas import (
    EstudianteEsquema,
    GradoEsquema,
    InstitucionEsquema,
    RutaGradoEsquema,
)
from services.notas.service_layer import comandos
from shared.errores import ErrorDeDominio

ACTAS_REQUERIDAS = (
    "tipo_documento",
    "numero_documento",
    "nombres",
    "primer_apellido",
    "fecha_nacimiento",
    "nivel",
    "grado",
    "anio_lectivo",
    "codigo_modular",
    "anexo",
)
ACTAS_OPCIONALES = ("segundo_apellido", "pais", "modalidad", "situacion_final")
PADRON_REQUERIDAS = (
    "codigo_modular",
    "anexo",
    "nombre",
    "estado",
    "codigo_ugel",
    "nombre_ugel",
    "modalidad",
    "niveles",
)
PADRON_OPCIONALES = (
    "codigo_dre",
    "nombre_dre",
    "ubigeo",
    "departamento",
    "provincia",
    "distrito",
)
_PREFIJOS = {"TALLER:": "TALLER", "TRANSVERSAL:": "COMPETENCIA_TRANSVERSAL"}
_FECHA_PERU = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class TipoNoAdmitido(ErrorDeDominio):
    estado_http = 415
    codigo = "tipo_no_admitido"


def contenido_subido() -> bytes:
    """The CSV's bytes: a text/csv body or the 'archivo' field of a multipart form."""
    tipo = request.mimetype
    if tipo == "multipart/form-data":
        archivo = request.files.get("archivo")
        if archivo is None:
            raise TipoNoAdmitido("Adjunte el archivo CSV en el campo «archivo».", "archivo")
        return archivo.read()
    if tipo in ("text/csv", "application/csv", "text/plain"):
        return request.get_data()
    raise TipoNoAdmitido(
        "Envíe un archivo CSV (Content-Type: text/csv, o multipart/form-data con el campo "
        "«archivo»).",
        "archivo",
    )


def leer_actas(contenido: bytes) -> tuple[list[comandos.FilaDeActa], list[dict], int]:
    """Commands for the rows that parse, a report line per refused field, rows read."""
    tabla = leer_tabla(contenido, ACTAS_REQUERIDAS, ACTAS_OPCIONALES)
    areas = _columnas_de_areas(tabla)
    filas, errores = [], []
    for numero, fila in tabla.filas:
        try:
            filas.append(_fila_de_acta(numero, fila, areas))
        except ValidationError as exc:
            errores += _reporte(numero, exc.messages, fila.get("_columnas", {}))
    return filas, errores, len(tabla.filas)


def leer_padron(
    contenido: bytes,
) -> tuple[list[tuple[int, comandos.RegistrarInstitucion]], list, dict[int, tuple[str, str]]]:
    """Commands for the rows that parse, a report line per refused field, each row's IE."""
    tabla = leer_tabla(contenido, PADRON_REQUERIDAS, PADRON_OPCIONALES)
    filas, errores, ies = [], [], {}
    for numero, fila in tabla.filas:
        ies[numero] = (
            _sin_ceros_perdidos(fila.get("codigo_modular", ""), 7),
            fila.get("anexo", ""),
        )
        try:
            _sin_sobrantes(fila)
            datos = {k: v for k, v in fila.items() if k in PADRON_REQUERIDAS + PADRON_OPCIONALES}
            datos["codigo_modular"] = _sin_ceros_perdidos(datos["codigo_modular"], 7)
            datos["codigo_ugel"] = _sin_ceros_perdidos(datos["codigo_ugel"], 6)
            if datos.get("codigo_dre"):
                datos["codigo_dre"] = _sin_ceros_perdidos(datos["codigo_dre"], 6)
            else:  # an empty cell: the DRE's code is not known yet
                datos.pop("codigo_dre", None)
            datos["niveles"] = [n.strip().upper() for n in datos["niveles"].split("|") if n.strip()]
            for campo in ("estado", "modalidad"):
                datos[campo] = datos[campo].upper()
            cargado = InstitucionEsquema().load(datos)
            cargado["niveles"] = tuple(cargado["niveles"])
            filas.append((numero, comandos.RegistrarInstitucion(**cargado)))
        except ValidationError as exc:
            errores += _reporte(numero, exc.messages, {})
    return filas, errores, ies


def reporte_por_fila(ies: dict[int, tuple[str, str]], errores: list[dict]) -> list[dict]:
    """One line per row read: its IE, GUARDADA or RECHAZADA and why (every refused field)."""
    motivos: dict[int, list[str]] = {}
    for e in errores:
        motivos.setdefault(e["fila"], []).append(f"{e['campo']}: {e['motivo']}")
    return [
        {
            "fila": numero,
            "codigo_modular": codigo_modular,
            "anexo": anexo,
            "resultado": "RECHAZADA" if numero in motivos else "GUARDADA",
            "motivo": "; ".join(motivos.get(numero, [])) or None,
        }
        for numero, (codigo_modular, anexo) in sorted(ies.items())
    ]


def _columnas_de_areas(tabla: Tabla) -> list[tuple[str, str, str]]:
    """(column header, area name, tipo de área) for every column that is not a known one."""
    conocidas = set(ACTAS_REQUERIDAS + ACTAS_OPCIONALES)
    resultado = []
    for encabezado in tabla.encabezados:
        if encabezado in conocidas:
            continue
        tipo, nombre = "AREA", encabezado
        for prefijo, tipo_prefijo in _PREFIJOS.items():
            if encabezado.upper().startswith(prefijo):
                tipo, nombre = tipo_prefijo, encabezado[len(prefijo) :].strip()
        resultado.append((encabezado, nombre, tipo))
    return resultado


def _fila_de_acta(numero: int, fila: dict, areas: list) -> comandos.FilaDeActa:
    _sin_sobrantes(fila)
    personales = {k: fila.get(k, "") for k in EstudianteEsquema().fields if k in fila}
    personales["tipo_documento"] = personales["tipo_documento"].upper()
    personales["fecha_nacimiento"] = _fecha_iso(personales["fecha_nacimiento"])
    estudiante = EstudianteEsquema().load({k: v for k, v in personales.items() if v != ""})
    ruta = RutaGradoEsquema().load({"nivel": fila["nivel"].upper(), "grado": fila["grado"].upper()})
    calificaciones, columnas = _calificaciones(fila, areas)
    fila["_columnas"] = columnas
    grado = GradoEsquema().load(_datos_del_grado(fila, calificaciones))
    return comandos.FilaDeActa(
        numero,
        comandos.RegistrarEstudiante(**estudiante),
        comandos.RegistrarGrado(
            tipo_documento=estudiante["tipo_documento"],
            numero_documento=estudiante["numero_documento"],
            calificaciones=tuple(
                comandos.CalificacionIngresada(**c) for c in grado.pop("calificaciones")
            ),
            observaciones=(),
            **{k: v for k, v in grado.items() if k != "observaciones"},
            **ruta,
        ),
        columnas,
    )


def _calificaciones(fila: dict, areas: list) -> tuple[list[dict], dict[str, str]]:
    """The row's graded cells, and which CSV column each one came from (for the report)."""
    columnas, calificaciones = {}, []
    for encabezado, nombre, tipo in areas:
        valor = fila.get(encabezado, "").upper()
        if valor:
            columnas[str(len(calificaciones))] = encabezado
            nota = _sin_ceros_perdidos(valor, 2)
            calificaciones.append({"area": nombre, "tipo_area": tipo, "calificacion": nota})
    return calificaciones, columnas


def _datos_del_grado(fila: dict, calificaciones: list[dict]) -> dict:
    anio = fila["anio_lectivo"]
    return {
        "modalidad": (fila.get("modalidad") or "EBR").upper(),
        "anio_lectivo": int(anio) if anio.isdigit() else anio,
        "codigo_modular": _sin_ceros_perdidos(fila["codigo_modular"], 7),
        "anexo": fila["anexo"],
        "situacion_final": (fila.get("situacion_final") or "").upper() or None,
        "calificaciones": calificaciones,
    }


def _sin_sobrantes(fila: dict) -> None:
    if fila.get("_sobrantes"):
        raise ValidationError("La fila tiene más columnas que el encabezado.", "fila")


def _sin_ceros_perdidos(valor: str, largo: int) -> str:
    return valor.zfill(largo) if valor.isdigit() and len(valor) < largo else valor


def _fecha_iso(valor: str) -> str:
    dia_mes_anio = _FECHA_PERU.match(valor)
    if not dia_mes_anio:
        return valor
    dia, mes, anio = dia_mes_anio.groups()
    return f"{anio}-{int(mes):02d}-{int(dia):02d}"


def _reporte(numero: int, mensajes, columnas: dict[str, str]) -> list[dict]:
    """One {fila, campo, motivo} per refused field; grade cells named by their column."""
    lineas = []
    for campo, motivo in _planos(mensajes if isinstance(mensajes, dict) else {"fila": mensajes}):
        partes = campo.split(".")
        if partes[0] == "calificaciones" and len(partes) > 1 and partes[1] in columnas:
            campo = columnas[partes[1]]
        lineas.append({"fila": numero, "campo": campo, "motivo": motivo})
    return lineas


def _planos(mensajes: dict, prefijo: str = ""):
    for clave, valor in mensajes.items():
        nombre = f"{prefijo}{clave}"
        if isinstance(valor, dict):
            yield from _planos(valor, nombre + ".")
        else:
            yield nombre, " ".join(str(m) for m in valor) if isinstance(valor, list) else str(valor)
