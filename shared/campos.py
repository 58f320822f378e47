"""Marshmallow fields and schema base with Spanish messages, for every entry point.

End users read these messages: each field says in Spanish why it was refused.
"""

from __future__ import annotations

import re

from marshmallow import RAISE, Schema, fields

from shared.fechas import para_el_cable

_COMUNES = {
    "required": "Este campo es obligatorio.",
    "null": "Este campo no puede estar vacío.",
    "validator_failed": "Valor no válido.",
}


class Esquema(Schema):
    """Base of every request/response schema: unknown fields are refused, in Spanish."""

    class Meta:
        unknown = RAISE

    error_messages = {
        "unknown": "Campo no permitido.",
        "type": "Se esperaba un objeto JSON.",
    }


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Texto(fields.String):
    default_error_messages = {
        **_COMUNES,
        "invalid": "Debe ser un texto.",
        "control": "Contiene caracteres no permitidos.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        texto = super()._deserialize(value, attr, data, **kwargs)
        if _CONTROL.search(texto):  # e.g. NUL: PostgreSQL refuses it (a 500, not a 4xx)
            raise self.make_error("control")
        return texto.strip()


class Correo(fields.Email):
    default_error_messages = {
        **_COMUNES,
        "invalid": "No es un correo electrónico válido.",
        "largo": "El correo tiene como máximo 254 caracteres.",
        "no_ascii": (
            "El correo no puede llevar tildes, ñ ni otros caracteres especiales: no se le "
            "podría entregar. Escriba la dirección sin ellos o use otra."
        ),
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value.strip()) > 254:  # RFC 5321 and our columns
            raise self.make_error("largo")
        if isinstance(value, str) and not value.isascii():
            # Delivering it needs SMTPUTF8 end to end, which neither flask-mail nor most
            # mailboxes offer: refused here rather than failing for good in the mail queue.
            raise self.make_error("no_ascii")
        return (
            super()
            ._deserialize(value.strip() if isinstance(value, str) else value, attr, data, **kwargs)
            .lower()
        )


class Entero(fields.Integer):
    default_error_messages = {
        **_COMUNES,
        "invalid": "Debe ser un número entero.",
        "too_large": "El número es demasiado grande.",
        "rango": "El número está fuera del rango permitido.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("strict", True)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        numero = super()._deserialize(value, attr, data, **kwargs)
        if not -(2**31) <= numero < 2**31:  # what an INTEGER column holds, on every engine
            raise self.make_error("rango")
        return numero


class Fecha(fields.Date):
    default_error_messages = {
        **_COMUNES,
        "invalid": "No es una fecha válida (use AAAA-MM-DD).",
        "format": "No se pudo dar formato a la fecha.",
    }


class FechaHora(fields.AwareDateTime):
    default_error_messages = {
        **_COMUNES,
        "invalid": "No es una fecha y hora válida.",
        "invalid_awareness": "La fecha y hora debe indicar su zona horaria.",
    }

    def _serialize(self, value, attr, obj, **kwargs):
        """Written as every API writes it: ISO 8601 in UTC with offset (naive taken as UTC)."""
        return None if value is None else para_el_cable(value)


class Booleano(fields.Boolean):
    default_error_messages = {**_COMUNES, "invalid": "Debe ser verdadero o falso."}


class Lista(fields.List):
    default_error_messages = {**_COMUNES, "invalid": "Debe ser una lista."}


class Anidado(fields.Nested):
    default_error_messages = {**_COMUNES, "type": "Se esperaba un objeto JSON."}
