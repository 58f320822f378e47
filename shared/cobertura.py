"""What a request declares against what a grade record holds (issue 10, defect 2).

notas knows the record and says whether it is complete in itself; only the request knows the
grade and year it asks for and whether it is consolidated (OACIGED's years up to 1985 plus the
IE's later years). solicitudes (its queues, the semi-automatic offer, the order to emit) and
emision (before printing) both apply this one rule to the grades notas publishes.
"""

from __future__ import annotations

from dataclasses import dataclass

GRADOS = ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO")
ULTIMO_ANIO_OACIGED = 1985
SIN_INFORMACION = "SIN INFORMACIÓN"
INCOMPLETA = "INFORMACIÓN INCOMPLETA"
COMPLETA = "INFORMACIÓN COMPLETA"


@dataclass(frozen=True)
class Declarado:
    """What a request asks to be certified: up to which grade and year, consolidated or not."""

    ultimo_grado: str
    ultimo_anio: int
    consolidada: bool = False


def grados_del_registro(registro: dict) -> list[dict]:
    """The grado and año lectivo of each grade a published record prints."""
    return [
        {"grado": g["grado"], "anio_lectivo": g["anio_lectivo"]}
        for g in registro.get("grados") or []
        if isinstance(g, dict)
        and g.get("grado") in GRADOS
        and isinstance(g.get("anio_lectivo"), int)
    ]


def faltantes(grados: list[dict], declarado: Declarado) -> list[str]:
    """Why the record's grades do not reach what the request declares (empty: they do)."""
    if not grados:
        return []  # no record at all: the record's own completeness says SIN INFORMACIÓN
    motivos = _grados_que_faltan(grados, declarado.ultimo_grado)
    ultimo_anio = max(g["anio_lectivo"] for g in grados)
    if ultimo_anio < declarado.ultimo_anio:
        motivos.append(
            f"El último año registrado es {ultimo_anio}; "
            f"la solicitud declara {declarado.ultimo_anio}."
        )
    if declarado.consolidada:
        motivos += _partes_que_faltan(grados)
    return motivos


def _grados_que_faltan(grados: list[dict], ultimo_grado: str) -> list[str]:
    """The grades after the last recorded one, up to the declared one."""
    if ultimo_grado not in GRADOS:
        return []
    ultimo = max(GRADOS.index(g["grado"]) for g in grados)
    faltan = list(GRADOS[ultimo + 1 : GRADOS.index(ultimo_grado) + 1])
    if not faltan:
        return []
    return [f"Faltan las notas de {_enumerar(faltan)}."]


def _partes_que_faltan(grados: list[dict]) -> list[str]:
    anios = [g["anio_lectivo"] for g in grados]
    motivos = []
    if not any(a <= ULTIMO_ANIO_OACIGED for a in anios):
        motivos.append(
            f"Faltan las notas de los años hasta {ULTIMO_ANIO_OACIGED} (parte de la OACIGED)."
        )
    if not any(a > ULTIMO_ANIO_OACIGED for a in anios):
        motivos.append(
            f"Faltan las notas de los años posteriores a {ULTIMO_ANIO_OACIGED} "
            "(parte de la institución educativa)."
        )
    return motivos


def _enumerar(palabras: list[str]) -> str:
    """CUARTO · CUARTO y QUINTO · TERCERO, CUARTO y QUINTO."""
    if len(palabras) == 1:
        return palabras[0]
    return ", ".join(palabras[:-1]) + " y " + palabras[-1]


def completitud_de_la_solicitud(
    completitud_registro: str | None,
    pendientes_registro: list[str],
    grados: list[dict],
    declarado: Declarado,
) -> tuple[str, list[str]]:
    """The request's completeness and what is missing: the record's own and the declared part."""
    if completitud_registro in (None, SIN_INFORMACION) or not grados:
        return SIN_INFORMACION, ["No hay notas registradas de este nivel para el estudiante."]
    motivos = list(pendientes_registro) + faltantes(grados, declarado)
    if completitud_registro != COMPLETA and not pendientes_registro:
        motivos.insert(0, f"El registro de notas está en estado {completitud_registro}.")
    return (INCOMPLETA, motivos) if motivos else (COMPLETA, [])
