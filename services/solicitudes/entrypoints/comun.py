"""What both blueprints need: the identity registry, today's date in Peru, parsed persons."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from services.solicitudes.domain.identidad import DatosPersona
from services.solicitudes.domain.modelo import DatosSolicitud

_PERSONA = tuple(DatosPersona.__dataclass_fields__)
_SOLICITUD = tuple(DatosSolicitud.__dataclass_fields__)
_ZONA = ZoneInfo("America/Lima")


def uow():
    return current_app.extensions["mc"].uow_factory()


def registro_identidad():
    """The identity registry this app checks against (a table, or what the factory was given)."""
    return current_app.extensions["registro_identidad"]


def hoy() -> date:
    """Today in Peru: ages are counted on the citizen's calendar."""
    return datetime.now(_ZONA).date()


def persona(datos: dict | None) -> DatosPersona | None:
    """The person fields of a parsed body (student at the top level, apoderado nested)."""
    return DatosPersona(**{c: datos[c] for c in _PERSONA}) if datos else None


def datos_solicitud(datos: dict) -> DatosSolicitud:
    return DatosSolicitud(**{c: datos[c] for c in _SOLICITUD})
