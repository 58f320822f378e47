"""The Registro de notas grid: the posted form ↔ the notas API's grade payload, errors by row.

The grid posts flat names (``calificacion-3``, ``competencia-3-1``…); this module turns them
into the PUT body of one grade and maps the API's dotted error names
(``calificaciones.3.calificacion``) back onto the cell, so a refused grade is shown again with
what was typed and each message beside its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The grades of each nivel (the ministry's vocabulary, as notas' catalog names them).
GRADOS_POR_NIVEL = {
    "PRIMARIA": ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO"),
    "SECUNDARIA": ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO"),
    "CICLO INICIAL": ("PRIMERO", "SEGUNDO"),
    "CICLO INTERMEDIO": ("PRIMERO", "SEGUNDO", "TERCERO"),
    "CICLO AVANZADO": ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO"),
}
SITUACIONES_FINALES = (
    "APROBADO",
    "DESAPROBADO",
    "PROMOVIDO",
    "REQUIERE RECUPERACIÓN",
    "PERMANECE EN EL GRADO",
    "PROMOCIÓN GUIADA",
    "RETIRADO",
)
LEYENDAS = {
    "AREA": "AREA OFICIAL",
    "TALLER": "TALLERES",
    "COMPETENCIA_TRANSVERSAL": "COMPETENCIAS NO ASOCIADAS A ÁREAS",
}
CODIGO = re.compile(r"^(\d{7})-(\d{1,2})$")
_ERROR = re.compile(r"^calificaciones\.(\d+)\.(?:(calificacion|area)|competencias\.(\d+)\.\w+)$")


@dataclass
class Fila:
    """One row of the grid: an area (or taller, or competency) and what was typed in it."""

    area: str
    tipo_area: str = "AREA"
    calificacion: str | None = None
    competencias: list[dict] = field(default_factory=list)
    calificaciones_permitidas: list[str] = field(default_factory=list)
    errores: list[str] = field(default_factory=list)

    def como_api(self) -> dict:
        """The row as the notas API takes it."""
        return {
            "area": self.area,
            "tipo_area": self.tipo_area,
            "calificacion": self.calificacion or None,
            "competencias": [
                {"nombre": k["nombre"], "calificacion": k.get("calificacion") or None}
                for k in self.competencias
            ],
        }


def filas_de_ficha(ficha: dict | None) -> list[Fila]:
    """The rows of a grade as the API shows it."""
    return [
        Fila(
            c["area"],
            c.get("tipo_area") or "AREA",
            c.get("calificacion"),
            [dict(k) for k in c.get("competencias") or []],
            list(c.get("calificaciones_permitidas") or []),
        )
        for c in (ficha or {}).get("calificaciones", [])
    ]


def filas_del_formulario(formulario, previas: list[Fila]) -> list[Fila]:
    """The rows posted, in order; «quitar-N» leaves row N out; a typed new area is appended."""
    quitar = formulario.get("quitar")
    filas = []
    for i in range(int(formulario.get("filas", "0") or 0)):
        area = (formulario.get(f"area-{i}") or "").strip()
        if not area or quitar == str(i):
            continue
        previa = next((p for p in previas if p.area == area), None)
        competencias = []
        for j in range(int(formulario.get(f"competencias-{i}", "0") or 0)):
            competencias.append(
                {
                    "nombre": formulario.get(f"competencia-{i}-{j}-nombre", ""),
                    "calificacion": _nota(formulario.get(f"competencia-{i}-{j}")),
                }
            )
        filas.append(
            Fila(
                area,
                formulario.get(f"tipo-{i}") or "AREA",
                _nota(formulario.get(f"calificacion-{i}")),
                competencias,
                previa.calificaciones_permitidas if previa else [],
            )
        )
    nueva = " ".join((formulario.get("nueva_area") or "").split()).upper()
    if nueva and all(f.area != nueva for f in filas):
        filas.append(Fila(nueva, formulario.get("nuevo_tipo") or "AREA"))
    return filas


def _nota(valor: str | None) -> str | None:
    texto = (valor or "").strip().upper()
    return texto or None


def separar_codigo(texto: str) -> tuple[str, str] | None:
    """«0584714-0» → («0584714», «0»); None when it is not written that way."""
    coincidencia = CODIGO.match((texto or "").strip())
    return (coincidencia.group(1), coincidencia.group(2)) if coincidencia else None


def errores_por_fila(campos: dict[str, list[str]], filas: list[Fila]) -> dict[str, list[str]]:
    """Put each row's messages on the row; return the messages of the grade's own fields."""
    del_grado: dict[str, list[str]] = {}
    for nombre, mensajes in (campos or {}).items():
        coincidencia = _ERROR.match(nombre)
        if coincidencia and int(coincidencia.group(1)) < len(filas):
            filas[int(coincidencia.group(1))].errores.extend(mensajes)
        else:
            del_grado.setdefault(nombre.split(".")[0], []).extend(mensajes)
    return del_grado


def leyenda(filas: list[Fila]) -> dict[str, int]:
    """AREA OFICIAL [n] · TALLERES [n] · COMPETENCIAS NO ASOCIADAS A ÁREAS [n]."""
    return {
        etiqueta: sum(1 for f in filas if f.tipo_area == tipo)
        for tipo, etiqueta in LEYENDAS.items()
    }
