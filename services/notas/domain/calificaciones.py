"""Grading scales: which values a grade may take, by nivel, grade and year (domain.md)."""

from __future__ import annotations

VIGESIMAL = tuple(f"{n:02d}" for n in range(21))
LITERAL = ("AD", "A", "B", "C")
EXONERADO = "EXO"
NOTA_APROBATORIA = 11  # vigesimal: pass is 11 or more

GRADOS = ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO")
NIVELES_EBR = ("PRIMARIA", "SECUNDARIA")
# EBA is organised in ciclos; the ciclo plays the part of the nivel (its own grades, its own CE).
NIVELES_EBA = ("CICLO INICIAL", "CICLO INTERMEDIO", "CICLO AVANZADO")
NIVELES = NIVELES_EBR + NIVELES_EBA
GRADOS_POR_NIVEL = {
    "PRIMARIA": GRADOS,
    "SECUNDARIA": GRADOS[:5],
    "CICLO INICIAL": GRADOS[:2],
    "CICLO INTERMEDIO": GRADOS[:3],
    "CICLO AVANZADO": GRADOS[:4],
}
MODALIDADES = ("EBR", "EBA", "EBE")
TIPOS_AREA = ("AREA", "TALLER", "COMPETENCIA_TRANSVERSAL")
# How the seed's legend names each type (and the catalog's codes 001, 002, 003).
LEYENDAS = {
    "AREA": "AREA OFICIAL",
    "TALLER": "TALLERES",
    "COMPETENCIA_TRANSVERSAL": "COMPETENCIAS NO ASOCIADAS A ÁREAS",
}
PROMOCION_GUIADA = "PROMOCIÓN GUIADA"
RETIRADO = "RETIRADO"
SITUACIONES_FINALES = (
    "APROBADO",
    "DESAPROBADO",
    "PROMOVIDO",
    "REQUIERE RECUPERACIÓN",
    "PERMANECE EN EL GRADO",
    PROMOCION_GUIADA,
    RETIRADO,
)

# Secundaria moved to the literal scale one grade a year (domain.md): grade -> first year.
PRIMER_ANIO_LITERAL_SECUNDARIA = {
    "PRIMERO": 2019,
    "SEGUNDO": 2020,
    "TERCERO": 2021,
    "CUARTO": 2022,
    "QUINTO": 2023,
}
# The year primaria switched is not confirmed by the ministry: a default, kept in one place.
PRIMER_ANIO_LITERAL_PRIMARIA = 1998
# EBA (unconfirmed): ciclos inicial and intermedio follow primaria, avanzado follows
# secundaria's switch grade by grade. Data, not code: change it here.
PRIMER_ANIO_LITERAL = {
    "SECUNDARIA": PRIMER_ANIO_LITERAL_SECUNDARIA,
    "CICLO AVANZADO": PRIMER_ANIO_LITERAL_SECUNDARIA,
}


def escala(nivel: str, grado: str, anio: int, tipo_area: str) -> tuple[str, ...]:
    """The grades allowed for one cell of the acta."""
    if tipo_area == "TALLER":
        return LITERAL + VIGESIMAL  # workshops were graded either way
    if nivel in PRIMER_ANIO_LITERAL:
        desde = PRIMER_ANIO_LITERAL[nivel].get(grado, 2023)
        return LITERAL if anio >= desde else VIGESIMAL
    return LITERAL if anio >= PRIMER_ANIO_LITERAL_PRIMARIA else VIGESIMAL


def calificaciones_permitidas(nivel: str, grado: str, anio: int, tipo_area: str) -> tuple[str, ...]:
    """The scale plus EXO where an area may be exonerated (areas only)."""
    valores = escala(nivel, grado, anio, tipo_area)
    return valores + (EXONERADO,) if tipo_area == "AREA" else valores


def error_calificacion(
    valor: str, nivel: str, grado: str, anio: int, tipo_area: str, area: str = ""
) -> str | None:
    """Why ``valor`` is not allowed in ``area`` of this grade, listing what is; None when it is."""
    return _error(
        valor, calificaciones_permitidas(nivel, grado, anio, tipo_area), area, grado, anio
    )


def error_competencia(valor: str, nivel: str, grado: str, anio: int, area: str = "") -> str | None:
    """Why ``valor`` is not allowed for a competency of an area (no EXO: the area is)."""
    return _error(valor, escala(nivel, grado, anio, "AREA"), area, grado, anio)


def _error(valor: str, permitidas: tuple[str, ...], area: str, grado: str, anio: int) -> str | None:
    """Names where the grade is (área, grado, año), what was typed and what is allowed."""
    if valor in permitidas:
        return None
    donde = f"{area}, {grado} grado ({anio})" if area else f"{grado} grado ({anio})"
    return (
        f"{donde}: calificación «{valor}» no permitida; "
        f"calificaciones permitidas: {', '.join(permitidas)}."
    )


def desaprobada(valor: str | None) -> bool:
    """A vigesimal grade below 11 (literal and EXO grades are never 'failed' here)."""
    return valor in VIGESIMAL and int(valor) < NOTA_APROBATORIA


def orden_grado(grado: str) -> int:
    """PRIMERO is 1 … SEXTO is 6."""
    return GRADOS.index(grado) + 1
