"""Request fields that several services validate the same way."""

from __future__ import annotations

from http import HTTPStatus

from marshmallow import ValidationError, fields, validate, validates_schema

from shared.campos import Entero, Esquema, Texto
from shared.documentos import TIPOS_DOCUMENTO, error_numero_documento, normalizar_numero
from shared.ugeles import PATRON_CODIGO_UGEL

CODIGO_MODULAR = validate.Regexp(r"^\d{7}$", error="El código modular tiene 7 dígitos.")
ANEXO = validate.Regexp(r"^\d$", error="El anexo es un dígito.")
CODIGO_UGEL = validate.Regexp(
    PATRON_CODIGO_UGEL,
    error="El código de la UGEL tiene 6 dígitos (código del padrón ESCALE, p. ej. 150103).",
)


def uno_de(opciones) -> validate.OneOf:
    """OneOf with the Spanish message that lists the choices."""
    return validate.OneOf(list(opciones), error="Debe ser uno de: {choices}.")


def largo(minimo: int = 1, maximo: int | None = None) -> validate.Length:
    if maximo is None:
        return validate.Length(min=minimo, error="Debe tener al menos {min} caracteres.")
    return validate.Length(
        min=minimo, max=maximo, error="Debe tener entre {min} y {max} caracteres."
    )


class DocumentoEsquema(Esquema):
    """tipo_documento + numero_documento, with the format check of each type."""

    tipo_documento = Texto(required=True, validate=uno_de(TIPOS_DOCUMENTO))
    numero_documento = Texto(required=True, validate=largo(1, 20))

    @validates_schema
    def _formato_documento(self, datos, **_kwargs):
        tipo, numero = datos.get("tipo_documento"), datos.get("numero_documento")
        if tipo in TIPOS_DOCUMENTO and numero:
            error = error_numero_documento(tipo, numero)
            if error:
                raise ValidationError(error, "numero_documento")
            datos["numero_documento"] = normalizar_numero(numero)


class PaginaEsquema(Esquema):
    """?pagina=&por_pagina= of every listing (query strings: numbers arrive as text)."""

    pagina = Entero(
        load_default=1,
        strict=False,
        validate=validate.Range(min=1, error="La página empieza en 1."),
    )
    por_pagina = Entero(
        load_default=20,
        strict=False,
        validate=validate.Range(min=1, max=100, error="De {min} a {max} por página."),
    )


# --- responses shared by every service -------------------------------------------------------


class DetalleErrorEsquema(Esquema):
    codigo = Texto(required=True, metadata={"description": "snake_case, p. ej. no_encontrado"})
    mensaje = Texto(required=True, metadata={"description": "En castellano, para la persona"})
    campos = fields.Dict(
        keys=Texto(),
        values=fields.List(Texto()),
        required=True,
        metadata={"description": "Campo → mensajes; {} si ningún campo tiene la culpa"},
    )


class ErrorEsquema(Esquema):
    """The one error envelope of every service: {"error": {"codigo", "mensaje", "campos"}}."""

    error = fields.Nested(DetalleErrorEsquema, required=True)


def respuestas_error(bp, *estados: int):
    """Document the 4xx/5xx an operation answers, each with the common error envelope."""

    def decorar(vista):
        for estado in estados:
            vista = bp.alt_response(estado, response=HTTPStatus(estado).name)(vista)
        return vista

    return decorar


def enum_de(opciones) -> dict:
    """Metadata listing a response field's values in the OpenAPI document."""
    return {"enum": list(opciones)}


def en_ruta(nombre: str, opciones=None, descripcion: str | None = None) -> dict:
    """An OpenAPI path parameter, with its values when the route only admits some."""
    esquema = {"type": "string", "enum": list(opciones)} if opciones else {"type": "string"}
    parametro = {"in": "path", "name": nombre, "required": True, "schema": esquema}
    if descripcion:
        parametro["description"] = descripcion
    return parametro
