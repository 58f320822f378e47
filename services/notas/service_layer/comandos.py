"""Commands the notas service accepts: orders, as small dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RegistrarInstitucion:
    codigo_modular: str
    anexo: str
    nombre: str
    estado: str
    codigo_ugel: str
    nombre_ugel: str
    modalidad: str
    niveles: tuple[str, ...]
    codigo_dre: str | None = None
    nombre_dre: str = ""
    ubigeo: str = ""
    departamento: str = ""
    provincia: str = ""
    distrito: str = ""


@dataclass(frozen=True)
class RegistrarEstudiante:
    tipo_documento: str
    numero_documento: str
    nombres: str
    primer_apellido: str
    segundo_apellido: str
    fecha_nacimiento: date
    pais: str


@dataclass(frozen=True)
class CompetenciaIngresada:
    nombre: str
    calificacion: str | None


@dataclass(frozen=True)
class CalificacionIngresada:
    area: str
    tipo_area: str
    calificacion: str | None
    competencias: tuple[CompetenciaIngresada, ...] = ()


@dataclass(frozen=True)
class ObservacionIngresada:
    tipo: str
    anio: int
    resolucion: str
    motivo: str


@dataclass(frozen=True)
class RegistrarGrado:
    tipo_documento: str
    numero_documento: str
    nivel: str
    modalidad: str
    grado: str
    anio_lectivo: int
    codigo_modular: str
    anexo: str
    situacion_final: str | None
    calificaciones: tuple[CalificacionIngresada, ...]
    aplica: bool = True
    diseno_curricular: str | None = None
    observaciones: tuple[ObservacionIngresada, ...] = ()


@dataclass(frozen=True)
class AgregarAreas:
    """Add areas of a diseño curricular to a grade, blank; no names means all of them."""

    tipo_documento: str
    numero_documento: str
    nivel: str
    grado: str
    diseno_curricular: str
    tipo_area: str | None = None
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConfigurarParametros:
    codigo_modular: str
    anexo: str
    min_areas: int
    max_areas: int
    min_talleres: int
    max_talleres: int


@dataclass(frozen=True)
class CrearTaller:
    codigo_modular: str
    anexo: str
    nombre: str


@dataclass(frozen=True)
class DarDeBajaTaller:
    codigo_modular: str
    anexo: str
    taller_id: int


@dataclass(frozen=True)
class FilaDeActa:
    """One row of a historical acta: a student's grade. ``columnas`` maps areas to CSV columns."""

    fila: int
    estudiante: RegistrarEstudiante
    grado: RegistrarGrado
    columnas: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportarActas:
    filas: tuple[FilaDeActa, ...]


@dataclass(frozen=True)
class ImportarInstituciones:
    filas: tuple[tuple[int, RegistrarInstitucion], ...]


@dataclass(frozen=True)
class CargarCatalogo:
    """Designs and their areas, as read from the catalog's CSV files (upserted)."""

    disenos: tuple[dict, ...]
    areas: tuple[dict, ...]
