"""The certificate's grid of grades as the PDF prints it: one column per grade, rows per area.

Built from the content emision returns (plain dicts), so the HTML page shows the same rows in
the same order as the PDF: areas (with their competencies), transversal competencies,
workshops, and the final situation.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.i18n import N_

VACIO = "-"
SECCIONES = (
    ("AREA", N_("Áreas curriculares")),
    ("COMPETENCIA_TRANSVERSAL", N_("Competencias transversales")),
    ("TALLER", N_("Talleres")),
)


@dataclass(frozen=True)
class Fila:
    etiqueta: str
    valores: tuple[str, ...]
    estilo: str  # "seccion" | "area" | "competencia" | "situacion"


def cabecera(documento: dict) -> list[tuple[str, str, str]]:
    """One (año lectivo, grado, código modular) per column."""
    return [(str(g["anio_lectivo"]), g["grado"], _codigo_modular(g)) for g in documento["grados"]]


def filas(documento: dict) -> list[Fila]:
    """Every row under the header, in the PDF's order."""
    grados = documento["grados"]
    resultado: list[Fila] = []
    for tipo, titulo in SECCIONES:
        nombres = _nombres_en_orden(grados, tipo)
        if nombres or tipo == "AREA":
            resultado.append(Fila(titulo, (), "seccion"))
        for nombre in nombres:
            resultado.extend(_filas_area(grados, nombre, tipo))
    situacion = tuple(g.get("situacion_final") or VACIO for g in grados)
    resultado.append(Fila(N_("Situación final"), situacion, "situacion"))
    return resultado


def _codigo_modular(g: dict) -> str:
    return f"{g['codigo_modular']}-{g['anexo']}" if g.get("anexo") else g["codigo_modular"]


def _nombres_en_orden(grados: list[dict], tipo: str) -> list[str]:
    vistos: dict[str, None] = {}
    for g in grados:
        for c in g.get("calificaciones", ()):
            if c.get("tipo_area", "AREA") == tipo:
                vistos.setdefault(c["area"], None)
    return list(vistos)


def _buscar(g: dict, nombre: str, tipo: str) -> dict | None:
    return next(
        (
            c
            for c in g.get("calificaciones", ())
            if c["area"] == nombre and c.get("tipo_area", "AREA") == tipo
        ),
        None,
    )


def _filas_area(grados: list[dict], nombre: str, tipo: str) -> list[Fila]:
    notas = [_buscar(g, nombre, tipo) for g in grados]
    competencias: dict[str, None] = {}
    for c in notas:
        for k in (c or {}).get("competencias") or ():
            competencias.setdefault(k["nombre"], None)
    resultado = [Fila(nombre, tuple(_nota(c) for c in notas), "area")]
    for comp in competencias:
        valores = tuple(_nota_competencia(c, comp) for c in notas)
        resultado.append(Fila(comp, valores, "competencia"))
    return resultado


def _nota(c: dict | None) -> str:
    if c is None or c.get("calificacion") in (None, ""):
        return VACIO
    valor = c["calificacion"]
    return f"{valor:02d}" if isinstance(valor, int) else str(valor)


def _nota_competencia(c: dict | None, nombre: str) -> str:
    comp = next((k for k in (c or {}).get("competencias") or () if k["nombre"] == nombre), None)
    return _nota(comp)
