"""A suggested situación final, derived from the grades: flagged to the director, never saved.

The acta is the authority: when what the director typed disagrees with a rule we know, the
registry says so and suggests a value, and keeps what was typed. Rules (domain.md; the
thresholds after 2020, RVM 094-2020, are unconfirmed and therefore not applied):
- 2020 and 2021: nobody repeated a grade (promoción guiada);
- PROMOCIÓN GUIADA exists only in 2020–2022;
- vigesimal actas: no area failed means the grade was passed; more than one failed area
  cannot be a plain pass, four or more meant repeating the grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.notas.domain.calificaciones import PROMOCION_GUIADA, RETIRADO, VIGESIMAL, desaprobada

if TYPE_CHECKING:
    from services.notas.domain.modelo import GradoCursado

ANIOS_SIN_REPITENCIA = (2020, 2021)
ANIOS_PROMOCION_GUIADA = (2020, 2021, 2022)
AREAS_DESAPROBADAS_PARA_REPETIR = 4  # vigesimal actas: 4 or more failed areas, the grade again
AREAS_DESAPROBADAS_TOLERADAS = 1  # one area could be carried over (área pendiente / a cargo)

APROBATORIAS = ("APROBADO", "PROMOVIDO")
DESAPROBATORIAS = ("DESAPROBADO", "REQUIERE RECUPERACIÓN", "PERMANECE EN EL GRADO")


@dataclass(frozen=True)
class Sugerencia:
    """The situación final the rules point to, and why."""

    situacion_final: str
    motivo: str

    def como_dict(self) -> dict:
        return {"situacion_final": self.situacion_final, "motivo": self.motivo}


def sugerir(g: GradoCursado) -> Sugerencia | None:
    """A suggestion when the situación final contradicts a known rule; None when it does not."""
    actual = g.situacion_final
    if not actual or actual == RETIRADO:
        return None
    if g.anio_lectivo in ANIOS_SIN_REPITENCIA and actual in DESAPROBATORIAS:
        return Sugerencia(
            PROMOCION_GUIADA,
            f"En {g.anio_lectivo} ningún estudiante repitió de grado (promoción guiada).",
        )
    if actual == PROMOCION_GUIADA and g.anio_lectivo not in ANIOS_PROMOCION_GUIADA:
        return Sugerencia(
            _por_notas(g) or "APROBADO",
            "La promoción guiada solo se aplicó de 2020 a 2022.",
        )
    return _contra_las_notas(g)


def _contra_las_notas(g: GradoCursado) -> Sugerencia | None:
    esperada = _por_notas(g)
    if esperada is None:
        return None
    desaprobadas = _desaprobadas(g)
    if g.situacion_final in APROBATORIAS and esperada not in APROBATORIAS:
        return Sugerencia(esperada, f"Tiene {desaprobadas} áreas desaprobadas (nota menor que 11).")
    if g.situacion_final in DESAPROBATORIAS and esperada in APROBATORIAS:
        return Sugerencia(esperada, "Todas las áreas están aprobadas (nota 11 o más).")
    return None


def _por_notas(g: GradoCursado) -> str | None:
    """What vigesimal area grades imply; None when they say nothing (literal, incomplete)."""
    notas = [c.calificacion for c in g.calificaciones if c.tipo_area == "AREA"]
    vigesimales = [n for n in notas if n in VIGESIMAL]
    if not vigesimales or len(vigesimales) < len([n for n in notas if n and n != "EXO"]):
        return None
    desaprobadas = _desaprobadas(g)
    if desaprobadas >= AREAS_DESAPROBADAS_PARA_REPETIR:
        return "PERMANECE EN EL GRADO"
    if desaprobadas > AREAS_DESAPROBADAS_TOLERADAS:
        return "REQUIERE RECUPERACIÓN"
    return "APROBADO" if desaprobadas == 0 else None


def _desaprobadas(g: GradoCursado) -> int:
    return sum(1 for c in g.calificaciones if c.tipo_area == "AREA" and desaprobada(c.calificacion))
