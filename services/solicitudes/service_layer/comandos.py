"""Commands the solicitudes service accepts."""

from __future__ import annotations

from dataclasses import dataclass

from services.solicitudes.domain.modelo import DatosSolicitante


@dataclass(frozen=True)
class RegistrarSolicitud:
    solicitante: DatosSolicitante
    codigo_modular: str
    anexo: str
    nivel: str
    ultimo_anio: int
    ultimo_grado: str
    motivo: str
    motivo_otro: str
    correo: str
    celular: str


@dataclass(frozen=True)
class OrdenarEmision:
    solicitudes: tuple[int, ...]
