"""Grading scales: which values a grade may take, by nivel, grade and year (domain.md)."""

from __future__ import annotations

VIGESIMAL = tuple(f"{n:02d}" for n in range(21))
LITERAL = ("AD", "A", "B", "C")
EXONERADO = "EXO"

GRADOS = ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO")
GRADOS_POR_NIVEL = {"PRIMARIA": GRADOS, "SECUNDARIA": GRADOS[:5]}
NIVELES = ("PRIMARIA", "SECUNDARIA")
MODALIDADES = ("EBR", "EBA", "EBE")
TIPOS_AREA = ("AREA", "TALLER", "COMPETENCIA_TRANSVERSAL")
SITUACIONES_FINALES = (
    "APROBADO",
    "DESAPROBADO",
    "PROMOVIDO",
    "REQUIERE RECUPERACIÓN",
    "PERMANECE EN EL GRADO",
    "PROMOCIÓN GUIADA",
    "RETIRADO",
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


def escala(nivel: str, grado: str, anio: int, tipo_area: str) -> tuple[str, ...]:
    """The grades allowed for one cell of the acta."""
    if tipo_area == "TALLER":
        return LITERAL + VIGESIMAL  # workshops were graded either way
    if nivel == "SECUNDARIA":
        desde = PRIMER_ANIO_LITERAL_SECUNDARIA.get(grado, 2023)
        return LITERAL if anio >= desde else VIGESIMAL
    return LITERAL if anio >= PRIMER_ANIO_LITERAL_PRIMARIA else VIGESIMAL


def calificaciones_permitidas(nivel: str, grado: str, anio: int, tipo_area: str) -> tuple[str, ...]:
    """The scale plus EXO where an area may be exonerated (areas only)."""
    valores = escala(nivel, grado, anio, tipo_area)
    return valores + (EXONERADO,) if tipo_area == "AREA" else valores


def error_calificacion(valor: str, nivel: str, grado: str, anio: int, tipo_area: str) -> str | None:
    """Why ``valor`` is not allowed here, listing what is; None when it is."""
    permitidas = calificaciones_permitidas(nivel, grado, anio, tipo_area)
    if valor in permitidas:
        return None
    return (
        f"Calificación «{valor}» no permitida. Calificaciones permitidas: {', '.join(permitidas)}."
    )
