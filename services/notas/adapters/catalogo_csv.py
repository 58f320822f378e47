"""The curricular catalog shipped with the repository (services/notas/catalogo/*.csv).

Two files: ``disenos_curriculares.csv`` (one design per row) and ``areas_curriculares.csv``
(one area, taller or transversal competency per row; its competencies separated by '|').
The initial migration loads them; `python -m services.notas.entrypoints.cli catalogo` reloads
an edited copy (upsert by natural key), so the catalog is data, not code.
"""

from __future__ import annotations

from pathlib import Path

from services.notas.adapters.tabla_csv import leer_tabla
from services.notas.domain.calificaciones import MODALIDADES, NIVELES, TIPOS_AREA

CARPETA = Path(__file__).resolve().parent.parent / "catalogo"
_DISENOS = ("codigo", "nombre", "modalidad", "nivel", "anio_inicio", "anio_fin", "por_competencias")
_AREAS = ("diseno_curricular", "tipo_area", "area", "competencias")


class CatalogoInvalido(ValueError):
    """A row of the catalog files is wrong: file, line and reason."""


def leer_catalogo(carpeta: Path = CARPETA) -> tuple[list[dict], list[dict]]:
    """Designs and areas as plain dicts, validated; raises CatalogoInvalido naming the line."""
    disenos = [_diseno(n, f) for n, f in _leer(carpeta / "disenos_curriculares.csv", _DISENOS)]
    codigos = {d["codigo"] for d in disenos}
    areas, orden = [], {}
    for numero, fila in _leer(carpeta / "areas_curriculares.csv", _AREAS):
        _exigir(
            fila["diseno_curricular"] in codigos,
            "areas_curriculares.csv",
            numero,
            "diseño desconocido",
        )
        _exigir(fila["tipo_area"] in TIPOS_AREA, "areas_curriculares.csv", numero, "tipo_area")
        _exigir(bool(fila["area"]), "areas_curriculares.csv", numero, "área vacía")
        diseno = fila["diseno_curricular"]
        orden[diseno] = orden.get(diseno, 0) + 1
        competencias = [c.strip() for c in fila["competencias"].split("|") if c.strip()]
        areas.append(
            {
                "diseno_curricular": diseno,
                "tipo_area": fila["tipo_area"],
                "nombre": fila["area"],
                "orden": orden[diseno],
                "competencias": competencias,
            }
        )
    return disenos, areas


def _leer(archivo: Path, columnas: tuple[str, ...]):
    return leer_tabla(archivo.read_bytes(), columnas).filas


def _diseno(numero: int, fila: dict) -> dict:
    archivo = "disenos_curriculares.csv"
    _exigir(fila["modalidad"] in MODALIDADES, archivo, numero, "modalidad")
    _exigir(fila["nivel"] in NIVELES, archivo, numero, "nivel")
    _exigir(fila["anio_inicio"].isdigit(), archivo, numero, "anio_inicio")
    _exigir(fila["anio_fin"] == "" or fila["anio_fin"].isdigit(), archivo, numero, "anio_fin")
    _exigir(fila["por_competencias"] in ("SI", "NO"), archivo, numero, "por_competencias")
    return {
        "codigo": fila["codigo"],
        "nombre": fila["nombre"],
        "modalidad": fila["modalidad"],
        "nivel": fila["nivel"],
        "anio_inicio": int(fila["anio_inicio"]),
        "anio_fin": int(fila["anio_fin"]) if fila["anio_fin"] else None,
        "por_competencias": fila["por_competencias"] == "SI",
    }


def _exigir(condicion: bool, archivo: str, numero: int, que: str) -> None:
    if not condicion:
        raise CatalogoInvalido(f"{archivo}, línea {numero}: {que} no válido")
