"""What both blueprints need: the identity registry, parsed persons."""

from __future__ import annotations

from flask import current_app

from services.solicitudes.domain.identidad import DatosPersona
from services.solicitudes.domain.modelo import DatosSolicitud

_PERSONA = tuple(DatosPersona.__dataclass_fields__)
_SOLICITUD = tuple(DatosSolicitud.__dataclass_fields__)


def registro_identidad():
    """The identity registry this app checks against (a table, or what the factory was given)."""
    return current_app.extensions["solicitudes"].registro


def dependencias():
    """solicitudes' ``Dependencias`` (identity registry, clock, reconciliation window)."""
    return current_app.extensions["solicitudes"]


def persona(datos: dict | None) -> DatosPersona | None:
    """The person fields of a parsed body (student at the top level, apoderado nested)."""
    return DatosPersona(**{c: datos[c] for c in _PERSONA}) if datos else None


def datos_solicitud(datos: dict) -> DatosSolicitud:
    return DatosSolicitud(**{c: datos[c] for c in _SOLICITUD})
