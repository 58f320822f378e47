"""What changed in a grade between two saves: one line per cell, before and after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.notas.domain.modelo import GradoCursado

# Fields of the grade itself whose change is audited besides the grades and situación final.
_CAMPOS_DEL_GRADO = ("situacion_final", "anio_lectivo", "codigo_modular", "anexo", "aplica")


@dataclass(frozen=True)
class Cambio:
    """One audited change: which cell of which grade, its value before and after."""

    nivel: str
    grado: str
    campo: str  # "calificacion", "competencia", "situacion_final", "anio_lectivo", …
    antes: str | None
    despues: str | None
    area: str | None = None
    competencia: str | None = None


def cambios_entre(anterior: GradoCursado | None, nuevo: GradoCursado) -> list[Cambio]:
    """Every cell that differs; a new grade is all 'after', a removed area all 'before'."""
    cambios = [
        Cambio(nuevo.nivel, nuevo.grado, campo, _texto(antes), _texto(despues))
        for campo in _CAMPOS_DEL_GRADO
        if (antes := getattr(anterior, campo, None)) != (despues := getattr(nuevo, campo))
        and not (anterior is None and despues in (None, True))
    ]
    celdas_antes = _celdas(anterior) if anterior is not None else {}
    celdas_despues = _celdas(nuevo)
    for clave in list(celdas_antes) + [k for k in celdas_despues if k not in celdas_antes]:
        antes, despues = celdas_antes.get(clave), celdas_despues.get(clave)
        if antes != despues:
            area, competencia = clave
            campo = "competencia" if competencia else "calificacion"
            cambios.append(
                Cambio(nuevo.nivel, nuevo.grado, campo, antes, despues, area, competencia)
            )
    return cambios


def _celdas(g: GradoCursado) -> dict[tuple[str, str | None], str | None]:
    """(area, competency or None) -> grade; an area present but blank is ''."""
    celdas: dict[tuple[str, str | None], str | None] = {}
    for c in g.calificaciones:
        celdas[(c.area, None)] = c.calificacion or ""
        for k in c.competencias:
            celdas[(c.area, k["nombre"])] = k.get("calificacion") or ""
    return celdas


def _texto(valor) -> str | None:
    if valor is None:
        return None
    if isinstance(valor, bool):
        return "SÍ" if valor else "NO"
    return str(valor)
