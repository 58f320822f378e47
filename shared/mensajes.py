"""Events as typed, versioned dataclasses: one per event type, in its published version.

Plain Python (no marshmallow): the domain imports these to record what happened. The wire
schemas live in ``shared.eventos`` (ESQUEMAS); a unit test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import ClassVar


def _fecha():
    """A date-time field: ISO 8601 with offset on the wire."""
    return field(metadata={"fecha": True})


def _omitible(default=None):
    """An optional field left out of the payload when None (older payloads lack it)."""
    return field(default=default, metadata={"omitible": True})


@dataclass(frozen=True, kw_only=True)
class Mensaje:
    """An event: its type, its version, its payload's fields."""

    tipo: ClassVar[str]
    version: ClassVar[int]

    def payload(self) -> dict:
        """The payload as it travels on the wire (JSON values only)."""
        datos = {}
        for f in fields(self):
            valor = getattr(self, f.name)
            if valor is None and f.metadata.get("omitible"):
                continue
            datos[f.name] = valor.isoformat() if isinstance(valor, datetime) else valor
        return datos

    @classmethod
    def de_payload(cls, payload: dict) -> Mensaje:
        """From a validated (and upcast) payload; unknown keys are ignored."""
        datos = {}
        for f in fields(cls):
            if f.name not in payload:
                continue
            valor = payload[f.name]
            if f.metadata.get("fecha") and isinstance(valor, str):
                valor = datetime.fromisoformat(valor)
            datos[f.name] = valor
        return cls(**datos)


@dataclass(frozen=True, kw_only=True)
class InstitucionRegistrada(Mensaje):
    tipo: ClassVar[str] = "InstitucionRegistrada"
    version: ClassVar[int] = 2
    codigo_modular: str
    anexo: str
    nombre: str
    estado: str
    codigo_ugel: str | None
    nombre_ugel: str
    modalidad: str
    niveles: list[str]


@dataclass(frozen=True, kw_only=True)
class RegistroNotasActualizado(Mensaje):
    tipo: ClassVar[str] = "RegistroNotasActualizado"
    version: ClassVar[int] = 2
    estudiante: dict
    nivel: str
    modalidad: str
    version_registro: int
    completitud: str
    registro: dict
    pendientes: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class SolicitudRegistrada(Mensaje):
    tipo: ClassVar[str] = "SolicitudRegistrada"
    version: ClassVar[int] = 2
    numero_solicitud: int
    codigo_seguimiento: str
    tipo_documento: str
    numero_documento: str
    nombres: str
    apellidos: str
    codigo_modular: str
    anexo: str
    nombre_institucion: str
    nivel: str
    correo: str
    ruta: str
    correo_apoderado: str | None = _omitible()


@dataclass(frozen=True, kw_only=True)
class SolicitudRechazada(Mensaje):
    tipo: ClassVar[str] = "SolicitudRechazada"
    version: ClassVar[int] = 2
    numero_solicitud: int
    codigo_seguimiento: str
    tipo_documento: str
    numero_documento: str
    nombres: str
    apellidos: str
    codigo_modular: str
    anexo: str
    nombre_institucion: str
    correo: str
    motivo_rechazo: str
    rechazado_por: str
    correo_apoderado: str | None = _omitible()


@dataclass(frozen=True, kw_only=True)
class EmisionSolicitada(Mensaje):
    tipo: ClassVar[str] = "EmisionSolicitada"
    version: ClassVar[int] = 2
    numero_solicitud: int
    tipo_documento: str
    numero_documento: str
    codigo_modular: str
    anexo: str
    nivel: str
    nombre_institucion: str
    correo: str
    version_registro: int | None
    solicitado_por: str
    ultimo_grado: str | None = None
    ultimo_anio: int | None = None
    ruta: str | None = None
    codigo_ugel: str | None = None  # the IE's UGEL: it may open what it issued for a closed IE
    codigo_virtual_anterior: str | None = None
    rol_emisor: str | None = _omitible()  # the rol that ordered it: the VC's evidence


@dataclass(frozen=True, kw_only=True)
class CertificadoEmitido(Mensaje):
    tipo: ClassVar[str] = "CertificadoEmitido"
    version: ClassVar[int] = 2
    codigo_virtual: str
    numero_solicitud: int
    tipo_documento: str
    numero_documento: str
    nombres: str
    apellidos: str
    codigo_modular: str
    anexo: str
    nombre_institucion: str
    modalidad: str
    nivel: str
    grados: list[str]
    emitido_en: datetime = _fecha()
    sha256: str
    huella: str | None = _omitible()
    url_verificacion: str
    correo: str
    correo_apoderado: str | None = _omitible()
    # Its position in verificacion's status lists (absent: issued before issue 18).
    lista_estado: int | None = _omitible()
    indice_estado: int | None = _omitible()


@dataclass(frozen=True, kw_only=True)
class CertificadoSustituido(Mensaje):
    tipo: ClassVar[str] = "CertificadoSustituido"
    version: ClassVar[int] = 2
    codigo_virtual: str
    sustituido_por: str
    sha256: str
    sustituido_en: datetime = _fecha()
    numero_solicitud: int | None = None


@dataclass(frozen=True, kw_only=True)
class CertificadoAnulado(Mensaje):
    tipo: ClassVar[str] = "CertificadoAnulado"
    version: ClassVar[int] = 2
    codigo_virtual: str
    motivo_anulacion: str
    anulado_por: str
    anulado_en: datetime = _fecha()
    numero_solicitud: int | None = None
    sha256: str | None = _omitible()


@dataclass(frozen=True, kw_only=True)
class EmisionFallida(Mensaje):
    tipo: ClassVar[str] = "EmisionFallida"
    version: ClassVar[int] = 3
    numero_solicitud: int
    motivo_falla: str  # what the citizen reads
    detalle_tecnico: str | None = _omitible()  # for staff; None in a business refusal


@dataclass(frozen=True, kw_only=True)
class CorreoEnviado(Mensaje):
    tipo: ClassVar[str] = "CorreoEnviado"
    version: ClassVar[int] = 1
    correo_id: int
    plantilla: str
    referencia: str


@dataclass(frozen=True, kw_only=True)
class CorreoFallido(Mensaje):
    tipo: ClassVar[str] = "CorreoFallido"
    version: ClassVar[int] = 2
    correo_id: int
    plantilla: str
    referencia: str
    motivo_falla: str


@dataclass(frozen=True, kw_only=True)
class ClaveDeSelloRotada(Mensaje):
    tipo: ClassVar[str] = "ClaveDeSelloRotada"
    version: ClassVar[int] = 1
    kid: str
    valido_desde: datetime = _fecha()


@dataclass(frozen=True, kw_only=True)
class EnlaceDeClaveEmitido(Mensaje):
    tipo: ClassVar[str] = "EnlaceDeClaveEmitido"
    version: ClassVar[int] = 1
    usuario: str
    nombre: str
    correo: str
    rol: str
    proposito: str
    url: str
    expira_en: datetime = _fecha()


class RegistraEventos:
    """Mixin of an aggregate that records its events; the unit of work collects them at commit."""

    def registrar(self, evento: Mensaje) -> None:
        """Record that ``evento`` happened to this aggregate."""
        self.__dict__.setdefault("_eventos", []).append(evento)

    @property
    def eventos(self) -> list[Mensaje]:
        """The events recorded and not yet collected."""
        return list(self.__dict__.get("_eventos", []))

    def sacar_eventos(self) -> list[Mensaje]:
        """The recorded events, handed over once (the unit of work writes them to the outbox)."""
        return self.__dict__.pop("_eventos", [])


# Event type → its dataclass (the published version).
MENSAJES: dict[str, type[Mensaje]] = {
    m.tipo: m
    for m in (
        InstitucionRegistrada,
        RegistroNotasActualizado,
        SolicitudRegistrada,
        SolicitudRechazada,
        EmisionSolicitada,
        CertificadoEmitido,
        CertificadoSustituido,
        CertificadoAnulado,
        EmisionFallida,
        CorreoEnviado,
        CorreoFallido,
        EnlaceDeClaveEmitido,
        ClaveDeSelloRotada,
    )
}


def mensaje_de(tipo: str, payload: dict) -> Mensaje | None:
    """The typed event for a current-version payload (None for a type without a dataclass)."""
    clase = MENSAJES.get(tipo)
    return clase.de_payload(payload) if clase else None
