"""Event contracts between services: the envelope, each event's payload schema, routing.

Events are facts in the past tense, JSON on the wire, ids and plain values only. A payload
schema is versioned: a consumer validates what it receives against (type, version) and a
message that does not validate is dead-lettered, never retried.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from shared.auth import ROLES
from shared.lista_estado import TAMANO_LISTA
from shared.ugeles import PATRON_CODIGO_UGEL, codigo_de_nombre


@dataclass(frozen=True)
class Evento:
    """One event to be written to the outbox: type, payload, version."""

    type: str
    payload: dict
    version: int | None = None  # None: the type's current version (VERSIONES)
    correlation_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self):
        if self.version is None:
            object.__setattr__(self, "version", VERSIONES.get(self.type, 1))

    def sobre(self, source: str) -> dict:
        """The envelope as it travels on the wire."""
        return {
            "id": self.id,
            "type": self.type,
            "version": self.version,
            "occurred_at": self.occurred_at.isoformat(),
            "correlation_id": self.correlation_id or self.id,
            "source": source,
            "payload": self.payload,
        }


class SobreSchema(Schema):
    """The envelope every message carries."""

    class Meta:
        unknown = EXCLUDE

    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Length(min=1, max=80))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True)
    correlation_id = fields.String(required=True)
    source = fields.String(required=True)
    payload = fields.Dict(required=True)


class _Payload(Schema):
    class Meta:
        unknown = EXCLUDE


class _Documento(_Payload):
    tipo_documento = fields.String(required=True)
    numero_documento = fields.String(required=True)


class InstitucionRegistradaV1(_Payload):
    codigo_modular = fields.String(required=True, validate=validate.Regexp(r"^\d{7}$"))
    anexo = fields.String(required=True, validate=validate.Regexp(r"^\d$"))
    nombre = fields.String(required=True)
    estado = fields.String(required=True, validate=validate.OneOf(["ACTIVA", "CERRADA"]))
    ugel = fields.String(required=True)
    modalidad = fields.String(required=True)
    niveles = fields.List(fields.String(), required=True)


class RegistroNotasActualizadoV1(_Payload):
    estudiante = fields.Dict(required=True)
    nivel = fields.String(required=True)
    modalidad = fields.String(required=True)
    version = fields.Integer(required=True, strict=True)
    completitud = fields.String(
        required=True,
        validate=validate.OneOf(
            ["SIN INFORMACIÓN", "INFORMACIÓN INCOMPLETA", "INFORMACIÓN COMPLETA"]
        ),
    )
    registro = fields.Dict(required=True)
    # Issue 10: what keeps the record itself incomplete, as the director reads it.
    pendientes = fields.List(fields.String(), load_default=list)


class SolicitudRegistradaV1(_Documento):
    solicitud_id = fields.Integer(required=True, strict=True)
    codigo_seguimiento = fields.String(required=True)
    nombres = fields.String(required=True)
    apellidos = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nivel = fields.String(required=True)
    correo = fields.Email(required=True)
    ruta = fields.String(required=True)
    # Issue 6: the apoderado's address when an apoderado filed the request (issue 4 fills it).
    correo_apoderado = fields.Email(allow_none=True)  # absent when the student filed it


class SolicitudRechazadaV1(_Documento):
    solicitud_id = fields.Integer(required=True, strict=True)
    codigo_seguimiento = fields.String(required=True)
    nombres = fields.String(required=True)
    apellidos = fields.String(required=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    correo = fields.Email(required=True)
    motivo = fields.String(required=True)
    rechazado_por = fields.String(required=True)
    correo_apoderado = fields.Email(allow_none=True)  # optional, as in SolicitudRegistradaV1


class EmisionSolicitadaV1(_Documento):
    solicitud_id = fields.Integer(required=True, strict=True)
    numero = fields.Integer(required=True, strict=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nivel = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    correo = fields.Email(required=True)
    version_registro = fields.Integer(required=True, allow_none=True)
    solicitado_por = fields.String(required=True)
    # Generated from an issued certificate: the código virtual the new one supersedes.
    codigo_virtual_anterior = fields.String(load_default=None, allow_none=True)
    # Issue 10: what the request declares; emision prints only a record that reaches it.
    ultimo_grado = fields.String(load_default=None, allow_none=True)
    ultimo_anio = fields.Integer(load_default=None, allow_none=True, strict=True)
    ruta = fields.String(load_default=None, allow_none=True)


class CertificadoEmitidoV1(_Documento):
    codigo_virtual = fields.String(required=True)
    solicitud_id = fields.Integer(required=True, strict=True)
    numero = fields.Integer(required=True, strict=True)
    nombres = fields.String(required=True)
    apellidos = fields.String(required=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    modalidad = fields.String(required=True)
    nivel = fields.String(required=True)
    grados = fields.List(fields.String(), required=True)
    emitido_en = fields.AwareDateTime(required=True, format="iso")
    sha256 = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    url_verificacion = fields.Url(required=True, require_tld=False)
    correo = fields.Email(required=True)
    # SHA-256 (hex) of the printed content that the QR's seal signs; absent before issue 5.
    huella = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    correo_apoderado = fields.Email(allow_none=True)  # optional, as in SolicitudRegistradaV1


class CertificadoSustituidoV1(_Payload):
    codigo_virtual = fields.String(required=True)
    sustituido_por = fields.String(required=True)
    sha256 = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    sustituido_en = fields.AwareDateTime(required=True, format="iso")
    # Issue 10: the superseded CE's request, so notificaciones can tell its holder.
    solicitud_id = fields.Integer(allow_none=True, strict=True)  # absent before issue 10


class CertificadoAnuladoV1(_Payload):
    codigo_virtual = fields.String(required=True)
    motivo = fields.String(required=True)
    anulado_por = fields.String(required=True)
    anulado_en = fields.AwareDateTime(required=True, format="iso")
    # Issue 10: the request (to email its holder) and the hash of the PDF now marked ANULADO.
    solicitud_id = fields.Integer(allow_none=True, strict=True)  # absent before issue 10
    sha256 = fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$"))


class EmisionFallidaV1(_Payload):
    solicitud_id = fields.Integer(required=True, strict=True)
    motivo = fields.String(required=True)


class CorreoEnviadoV1(_Payload):
    correo_id = fields.Integer(required=True, strict=True)
    plantilla = fields.String(required=True)
    referencia = fields.String(required=True)


class CorreoFallidoV1(CorreoEnviadoV1):
    motivo = fields.String(required=True)


class ClaveDeSelloRotadaV1(_Payload):
    """emision's seal key was rotated: verificacion fetches the public keys again at once."""

    kid = fields.String(required=True, validate=validate.Length(min=1, max=63))
    valido_desde = fields.AwareDateTime(required=True, format="iso")


class EnlaceDeClaveEmitidoV1(_Payload):
    """cuentas sent a one-time link to set a password (first one or a reset)."""

    usuario = fields.String(required=True)
    nombre = fields.String(required=True)
    correo = fields.Email(required=True)
    rol = fields.String(required=True)
    proposito = fields.String(
        required=True, validate=validate.OneOf(["PRIMERA_CLAVE", "RECUPERACION"])
    )
    url = fields.Url(required=True, require_tld=False)
    expira_en = fields.AwareDateTime(required=True, format="iso")


# Version 2 (issue 11): payload fields take the glossary's names (docs/glosario.md):
# solicitud_id/numero → numero_solicitud, motivo → motivo_rechazo/motivo_anulacion/motivo_falla.
# Only v2 is published; v1 is still read (a message in flight during a deploy) and upcast.


class SolicitudRegistradaV2(_Documento):
    numero_solicitud = fields.Integer(required=True, strict=True)
    codigo_seguimiento = fields.String(required=True)
    nombres = fields.String(required=True)
    apellidos = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nivel = fields.String(required=True)
    correo = fields.Email(required=True)
    ruta = fields.String(required=True)
    correo_apoderado = fields.Email(allow_none=True)  # absent when the student filed it


class SolicitudRechazadaV2(_Documento):
    numero_solicitud = fields.Integer(required=True, strict=True)
    codigo_seguimiento = fields.String(required=True)
    nombres = fields.String(required=True)
    apellidos = fields.String(required=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    correo = fields.Email(required=True)
    motivo_rechazo = fields.String(required=True)
    rechazado_por = fields.String(required=True)
    correo_apoderado = fields.Email(allow_none=True)


class EmisionSolicitadaV2(_Documento):
    numero_solicitud = fields.Integer(required=True, strict=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nivel = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    correo = fields.Email(required=True)
    version_registro = fields.Integer(required=True, allow_none=True)
    solicitado_por = fields.String(required=True)
    codigo_virtual_anterior = fields.String(load_default=None, allow_none=True)
    ultimo_grado = fields.String(load_default=None, allow_none=True)
    ultimo_anio = fields.Integer(load_default=None, allow_none=True, strict=True)
    ruta = fields.String(load_default=None, allow_none=True)
    # The IE's UGEL: the specialist who issues for a closed IE reads what it issued.
    codigo_ugel = fields.String(load_default=None, allow_none=True)
    # The rol of whoever ordered the emission (issue 18: the VC's evidence); absent before.
    rol_emisor = fields.String(allow_none=True, validate=validate.OneOf(ROLES))


class CertificadoEmitidoV2(_Documento):
    codigo_virtual = fields.String(required=True)
    numero_solicitud = fields.Integer(required=True, strict=True)
    nombres = fields.String(required=True)
    apellidos = fields.String(required=True)
    codigo_modular = fields.String(required=True)
    anexo = fields.String(required=True)
    nombre_institucion = fields.String(required=True)
    modalidad = fields.String(required=True)
    nivel = fields.String(required=True)
    grados = fields.List(fields.String(), required=True)
    emitido_en = fields.AwareDateTime(required=True, format="iso")
    sha256 = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    url_verificacion = fields.Url(required=True, require_tld=False)
    correo = fields.Email(required=True)
    huella = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    correo_apoderado = fields.Email(allow_none=True)
    # Its position in verificacion's status lists; absent before issue 18.
    lista_estado = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1))
    indice_estado = fields.Integer(
        allow_none=True, strict=True, validate=validate.Range(min=0, max=TAMANO_LISTA - 1)
    )


class CertificadoSustituidoV2(_Payload):
    codigo_virtual = fields.String(required=True)
    sustituido_por = fields.String(required=True)
    sha256 = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    sustituido_en = fields.AwareDateTime(required=True, format="iso")
    numero_solicitud = fields.Integer(allow_none=True, strict=True)


class CertificadoAnuladoV2(_Payload):
    codigo_virtual = fields.String(required=True)
    motivo_anulacion = fields.String(required=True)
    anulado_por = fields.String(required=True)
    anulado_en = fields.AwareDateTime(required=True, format="iso")
    numero_solicitud = fields.Integer(allow_none=True, strict=True)
    sha256 = fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$"))


class EmisionFallidaV2(_Payload):
    numero_solicitud = fields.Integer(required=True, strict=True)
    motivo_falla = fields.String(required=True)


class CorreoFallidoV2(CorreoEnviadoV1):
    motivo_falla = fields.String(required=True)


class EmisionFallidaV3(_Payload):
    """Version 3: ``motivo_falla`` is what the citizen reads (plain Spanish, no exception
    names); ``detalle_tecnico`` is for staff only, absent in a business refusal."""

    numero_solicitud = fields.Integer(required=True, strict=True)
    motivo_falla = fields.String(required=True)
    detalle_tecnico = fields.String(allow_none=True)


class RegistroNotasActualizadoV2(_Payload):
    """The registro's version is ``version_registro`` (v1's ``version`` clashed with the
    envelope's version of the event schema)."""

    estudiante = fields.Dict(required=True)
    nivel = fields.String(required=True)
    modalidad = fields.String(required=True)
    version_registro = fields.Integer(required=True, strict=True)
    completitud = fields.String(
        required=True,
        validate=validate.OneOf(
            ["SIN INFORMACIÓN", "INFORMACIÓN INCOMPLETA", "INFORMACIÓN COMPLETA"]
        ),
    )
    registro = fields.Dict(required=True)
    pendientes = fields.List(fields.String(), load_default=list)


class InstitucionRegistradaV2(_Payload):
    """The UGEL by its code (compared) and its name (shown); v1 carried only a free-text name."""

    codigo_modular = fields.String(required=True, validate=validate.Regexp(r"^\d{7}$"))
    anexo = fields.String(required=True, validate=validate.Regexp(r"^\d$"))
    nombre = fields.String(required=True)
    estado = fields.String(required=True, validate=validate.OneOf(["ACTIVA", "CERRADA"]))
    # None only when upcast from a v1 whose name maps to no known code.
    codigo_ugel = fields.String(
        required=True, allow_none=True, validate=validate.Regexp(PATRON_CODIGO_UGEL)
    )
    nombre_ugel = fields.String(required=True)
    modalidad = fields.String(required=True)
    niveles = fields.List(fields.String(), required=True)


def _ugel_por_codigo(payload: dict) -> dict:
    """v1 → v2 of InstitucionRegistrada: the free-text UGEL becomes the name, its code looked up."""
    nuevo = {k: v for k, v in payload.items() if k != "ugel"}
    nuevo["nombre_ugel"] = payload["ugel"]
    nuevo["codigo_ugel"] = codigo_de_nombre(payload["ugel"])
    return nuevo


def _renombrar(**nombres: str):
    """An upcaster that renames payload keys (old=new); keys mapped to "" are dropped."""

    def subir(payload: dict) -> dict:
        nuevo = {k: v for k, v in payload.items() if k not in nombres}
        for viejo, nombre in nombres.items():
            if nombre and viejo in payload:
                nuevo[nombre] = payload[viejo]
        return nuevo

    return subir


# How emision's v2 EmisionFallida joined the staff's detail to the citizen's message.
SEPARADOR_DETALLE_TECNICO = "Detalle técnico:"


def separar_detalle_tecnico(texto: str) -> tuple[str, str | None]:
    """An old motivo_falla split into (what the citizen reads, the technical detail or None)."""
    motivo, separador, detalle = texto.partition(SEPARADOR_DETALLE_TECNICO)
    if not separador:
        return texto, None
    return motivo.strip(), detalle.strip() or None


def _emision_fallida_v3(payload: dict) -> dict:
    """v2 → v3 of EmisionFallida: a «Detalle técnico: …» suffix goes to detalle_tecnico."""
    motivo, detalle = separar_detalle_tecnico(payload["motivo_falla"])
    nuevo = {**payload, "motivo_falla": motivo}
    if detalle:
        nuevo["detalle_tecnico"] = detalle
    return nuevo


_SOLICITUD = {"solicitud_id": "numero_solicitud"}
# (type, version) → the function that turns that version's payload into the next one.
SUBIDAS: dict[tuple[str, int], object] = {
    ("SolicitudRegistrada", 1): _renombrar(**_SOLICITUD),
    ("SolicitudRechazada", 1): _renombrar(**_SOLICITUD, motivo="motivo_rechazo"),
    ("EmisionSolicitada", 1): _renombrar(**_SOLICITUD, numero=""),
    ("CertificadoEmitido", 1): _renombrar(**_SOLICITUD, numero=""),
    ("CertificadoSustituido", 1): _renombrar(**_SOLICITUD),
    ("CertificadoAnulado", 1): _renombrar(**_SOLICITUD, motivo="motivo_anulacion"),
    ("EmisionFallida", 1): _renombrar(**_SOLICITUD, motivo="motivo_falla"),
    ("EmisionFallida", 2): _emision_fallida_v3,
    ("CorreoFallido", 1): _renombrar(motivo="motivo_falla"),
    ("InstitucionRegistrada", 1): _ugel_por_codigo,
    ("RegistroNotasActualizado", 1): _renombrar(version="version_registro"),
}


ESQUEMAS: dict[tuple[str, int], type[Schema]] = {
    ("InstitucionRegistrada", 1): InstitucionRegistradaV1,
    ("RegistroNotasActualizado", 1): RegistroNotasActualizadoV1,
    ("SolicitudRegistrada", 1): SolicitudRegistradaV1,
    ("SolicitudRechazada", 1): SolicitudRechazadaV1,
    ("EmisionSolicitada", 1): EmisionSolicitadaV1,
    ("CertificadoEmitido", 1): CertificadoEmitidoV1,
    ("CertificadoSustituido", 1): CertificadoSustituidoV1,
    ("CertificadoAnulado", 1): CertificadoAnuladoV1,
    ("EmisionFallida", 1): EmisionFallidaV1,
    ("CorreoEnviado", 1): CorreoEnviadoV1,
    ("CorreoFallido", 1): CorreoFallidoV1,
    ("EnlaceDeClaveEmitido", 1): EnlaceDeClaveEmitidoV1,
    ("ClaveDeSelloRotada", 1): ClaveDeSelloRotadaV1,
    ("SolicitudRegistrada", 2): SolicitudRegistradaV2,
    ("SolicitudRechazada", 2): SolicitudRechazadaV2,
    ("EmisionSolicitada", 2): EmisionSolicitadaV2,
    ("CertificadoEmitido", 2): CertificadoEmitidoV2,
    ("CertificadoSustituido", 2): CertificadoSustituidoV2,
    ("CertificadoAnulado", 2): CertificadoAnuladoV2,
    ("EmisionFallida", 2): EmisionFallidaV2,
    ("CorreoFallido", 2): CorreoFallidoV2,
    ("InstitucionRegistrada", 2): InstitucionRegistradaV2,
    ("RegistroNotasActualizado", 2): RegistroNotasActualizadoV2,
    ("EmisionFallida", 3): EmisionFallidaV3,
}

# The version each type is published in (the highest one registered).
VERSIONES: dict[str, int] = {}
for _tipo, _version in ESQUEMAS:
    VERSIONES[_tipo] = max(_version, VERSIONES.get(_tipo, 0))

# Who receives what. Each subscriber has its own durable queue named after the service;
# the relay sends one copy to each (no broadcast that a stopped consumer would miss).
SUSCRIPCIONES: dict[str, tuple[str, ...]] = {
    # cuentas: who directs which IE; notificaciones: who may resend a request's email depends
    # on its IE's state and UGEL.
    "InstitucionRegistrada": ("solicitudes", "cuentas", "notificaciones"),
    "RegistroNotasActualizado": ("solicitudes", "emision"),
    "SolicitudRegistrada": ("notificaciones",),  # acuse de recibo with the tracking code
    "SolicitudRechazada": ("notificaciones",),  # aviso de rechazo with the reason
    "EmisionSolicitada": ("emision",),
    "CertificadoEmitido": ("notificaciones", "verificacion", "solicitudes"),
    "CertificadoSustituido": ("verificacion", "notificaciones"),  # aviso al titular
    "CertificadoAnulado": ("verificacion", "notificaciones"),  # aviso con el motivo
    "EmisionFallida": ("solicitudes",),
    "CorreoEnviado": (),
    "CorreoFallido": (),
    "EnlaceDeClaveEmitido": ("notificaciones",),  # first-password and reset links by email
    "ClaveDeSelloRotada": ("verificacion",),  # its copy of the public keys, refreshed at once
}


# One instance per schema, reused: a marshmallow Schema's load keeps no state between calls,
# and building one (its fields, per message) cost more than validating the payload (#17).
_SOBRE = SobreSchema()
_INSTANCIAS: dict[tuple[str, int], Schema] = {}


def esquema_de(clave: tuple[str, int]) -> Schema | None:
    """The schema of (type, version), built once per process; None for an unknown one."""
    instancia = _INSTANCIAS.get(clave)
    if instancia is None and clave in ESQUEMAS:
        instancia = _INSTANCIAS[clave] = ESQUEMAS[clave]()
    return instancia


def validar_sobre(sobre: object) -> dict:
    """The envelope and its payload, validated; raises ValidationError when malformed."""
    if not isinstance(sobre, dict):
        raise ValidationError("El mensaje no es un objeto JSON.")
    limpio = _SOBRE.load(sobre)
    tipo = limpio["type"]
    esquema = esquema_de((tipo, limpio["version"]))
    if esquema is None:
        raise ValidationError(f"Evento desconocido: {tipo} v{limpio['version']}.")
    limpio["payload"] = esquema.load(limpio["payload"])
    while (tipo, limpio["version"]) in SUBIDAS:  # an older version: read as the current one
        subido = SUBIDAS[(tipo, limpio["version"])](limpio["payload"])
        limpio["version"] += 1
        limpio["payload"] = esquema_de((tipo, limpio["version"])).load(subido)
    limpio["id"] = str(limpio["id"])
    return limpio


def suscriptores(tipo: str) -> tuple[str, ...]:
    """The services whose queues receive events of ``tipo``."""
    return SUSCRIPCIONES.get(tipo, ())
