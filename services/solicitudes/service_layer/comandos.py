"""Commands the solicitudes service accepts."""

from __future__ import annotations

from dataclasses import dataclass

from services.solicitudes.domain.identidad import DatosPersona, PersonaRegistrada, Representado
from services.solicitudes.domain.modelo import DatosSolicitud


@dataclass(frozen=True)
class ValidarIdentidad:
    """Step 4 of the Solicitud WEB: the persons, checked against the identity registry."""

    codigo_modular: str
    anexo: str
    tipo_persona: str
    estudiante: DatosPersona
    apoderado: DatosPersona | None = None


@dataclass(frozen=True)
class RegistrarSolicitud:
    """Step 5: the request itself (identity is validated again, never trusted from step 4)."""

    tipo_persona: str
    estudiante: DatosPersona
    datos: DatosSolicitud
    terminos_version: str
    apoderado: DatosPersona | None = None


@dataclass(frozen=True)
class OrdenarEmision:
    numeros_solicitud: tuple[int, ...]
    lote_id: str | None = None  # a retry inside this lote instead of a new one


@dataclass(frozen=True)
class RechazarSolicitud:
    numero_solicitud: int
    motivo_rechazo: str


@dataclass(frozen=True)
class CompletarParteOaciged:
    numero_solicitud: int


@dataclass(frozen=True)
class CambiarHabilitarSolicitud:
    codigo_modular: str
    anexo: str
    habilitar_solicitud: bool


@dataclass(frozen=True)
class RegistrarEmisionDirecta:
    """«Búsqueda de estudiantes» → a request staff create for a student (no citizen step)."""

    estudiante: DatosPersona
    datos: DatosSolicitud


@dataclass(frozen=True)
class GenerarDesdeCertificado:
    """A new request prefilled from an issued one; the new certificate supersedes the old."""

    numero_solicitud: int
    motivo_solicitud: str | None = None
    motivo_otro: str | None = None
    correo: str | None = None
    celular: str | None = None


@dataclass(frozen=True)
class CargarRegistroIdentidad:
    personas: tuple[PersonaRegistrada, ...]
    vinculos: tuple[tuple[str, str, Representado], ...] = ()


@dataclass(frozen=True)
class ReintentarLote:
    lote_id: str
    numeros_solicitud: tuple[int, ...] = ()  # empty: every failed request of the lote
