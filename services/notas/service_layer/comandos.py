"""Commands the notas service accepts: orders, as small dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RegistrarInstitucion:
    codigo_modular: str
    anexo: str
    nombre: str
    estado: str
    ugel: str
    modalidad: str
    niveles: tuple[str, ...]
    dre: str = ""
    ubigeo: str = ""


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
class CalificacionIngresada:
    area: str
    tipo_area: str
    calificacion: str | None


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
