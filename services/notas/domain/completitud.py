"""Data completeness: what still keeps a student's record from being printed.

A record is INFORMACIÓN COMPLETA when every grade that applies ("aplicará registro de
notas") has its situación final, a grade in every area (or in every competency, when the
area is graded by competency, or EXO), no grade is missing between PRIMERO and the last one,
and the number of áreas curriculares and talleres is within the parámetros of the IE that
issues the certificate. Grades marked as not applying are kept but neither printed nor
counted: they carry observaciones (a convalidated grade abroad, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.notas.domain.calificaciones import EXONERADO, GRADOS_POR_NIVEL, RETIRADO
from services.notas.domain.institucion import Parametros

if TYPE_CHECKING:
    from services.notas.domain.modelo import Calificacion, GradoCursado

SIN_INFORMACION = "SIN INFORMACIÓN"
INCOMPLETA = "INFORMACIÓN INCOMPLETA"
COMPLETA = "INFORMACIÓN COMPLETA"
# domain.md: in 2020–2021 a competency graded C could be left blank and completed later.
ANIOS_CON_COMPETENCIAS_EN_BLANCO = (2020, 2021)


@dataclass(frozen=True)
class Pendiente:
    """One thing missing, said so a director knows where to go: grade, field, reason."""

    grado: str | None
    campo: str
    motivo: str

    def como_dict(self) -> dict:
        return {"grado": self.grado, "campo": self.campo, "motivo": self.motivo}


def completitud(grados: list[GradoCursado], parametros: Parametros) -> str:
    """SIN INFORMACIÓN, INFORMACIÓN INCOMPLETA or INFORMACIÓN COMPLETA for one nivel."""
    if not any(g.aplica for g in grados):
        return SIN_INFORMACION
    return INCOMPLETA if pendientes(grados, parametros) else COMPLETA


def pendientes(grados: list[GradoCursado], parametros: Parametros) -> list[Pendiente]:
    """Everything that keeps the nivel's record incomplete, grade by grade."""
    resultado = _grados_faltantes(grados)
    for g in grados:
        if g.aplica:
            resultado += pendientes_del_grado(g, parametros)
    return resultado


def pendientes_del_grado(g: GradoCursado, parametros: Parametros) -> list[Pendiente]:
    """What one applying grade still lacks."""
    if not g.situacion_final:
        faltan = [Pendiente(g.grado, "situacion_final", f"{g.grado}: falta la situación final.")]
    else:
        faltan = []
    if g.situacion_final == RETIRADO:
        return faltan  # a withdrawn student's acta may have blank cells
    if not g.calificaciones:
        return faltan + [Pendiente(g.grado, "calificaciones", f"{g.grado}: no tiene áreas.")]
    for c in g.calificaciones:
        faltan += _pendientes_de_area(g, c)
    return faltan + _fuera_de_parametros(g, parametros)


def _pendientes_de_area(g: GradoCursado, c: Calificacion) -> list[Pendiente]:
    if c.calificacion == EXONERADO:
        return []
    if not c.competencias:
        if c.calificacion:
            return []
        return [
            Pendiente(g.grado, "calificaciones", f"{g.grado}: falta la calificación de «{c.area}».")
        ]
    en_blanco = [k["nombre"] for k in c.competencias if not k.get("calificacion")]
    tolerado = g.anio_lectivo in ANIOS_CON_COMPETENCIAS_EN_BLANCO and len(en_blanco) < len(
        c.competencias
    )
    if not en_blanco or tolerado:
        return []
    return [
        Pendiente(
            g.grado,
            "calificaciones",
            f"{g.grado}: falta la calificación de «{c.area}» – «{nombre}».",
        )
        for nombre in en_blanco
    ]


def _fuera_de_parametros(g: GradoCursado, p: Parametros) -> list[Pendiente]:
    faltan = []
    areas, talleres = g.cantidad_areas(), g.cantidad_talleres()
    if not p.min_areas <= areas <= p.max_areas:
        faltan.append(
            Pendiente(
                g.grado,
                "calificaciones",
                f"{g.grado}: tiene {areas} áreas curriculares; los parámetros de la institución "
                f"permiten de {p.min_areas} a {p.max_areas}.",
            )
        )
    if not p.min_talleres <= talleres <= p.max_talleres:
        faltan.append(
            Pendiente(
                g.grado,
                "calificaciones",
                f"{g.grado}: tiene {talleres} talleres; los parámetros de la institución "
                f"permiten de {p.min_talleres} a {p.max_talleres}.",
            )
        )
    return faltan


def _grados_faltantes(grados: list[GradoCursado]) -> list[Pendiente]:
    """Every grade from PRIMERO to the last applying one must be there (applying or not)."""
    aplicables = [g for g in grados if g.aplica]
    if not aplicables:
        return []
    nivel = aplicables[0].nivel
    orden = GRADOS_POR_NIVEL[nivel]
    ultimo = max(orden.index(g.grado) for g in aplicables)
    presentes = {g.grado for g in grados}
    return [
        Pendiente(
            grado,
            "grado",
            f"Falta registrar el grado {grado} (o indicar que no aplicará registro de notas).",
        )
        for grado in orden[: ultimo + 1]
        if grado not in presentes
    ]
