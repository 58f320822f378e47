"""Request and response schemas of the solicitudes API."""

from __future__ import annotations

from datetime import date

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from services.solicitudes.domain.modelo import MOTIVOS
from shared.campos import Correo, Entero, Esquema, Fecha, Lista, Texto
from shared.esquemas_comunes import ANEXO, CODIGO_MODULAR, DocumentoEsquema, largo, uno_de

GRADOS = ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO")


class SolicitudEsquema(DocumentoEsquema):
    nombres = Texto(required=True, validate=largo(1, 120))
    primer_apellido = Texto(required=True, validate=largo(1, 80))
    segundo_apellido = Texto(load_default="", validate=validate.Length(max=80))
    fecha_nacimiento = Fecha(required=True)
    codigo_modular = Texto(required=True, validate=CODIGO_MODULAR)
    anexo = Texto(load_default="0", validate=ANEXO)
    nivel = Texto(required=True, validate=uno_de(["PRIMARIA", "SECUNDARIA"]))
    ultimo_anio = Entero(required=True)
    ultimo_grado = Texto(required=True, validate=uno_de(GRADOS))
    motivo = Texto(required=True, validate=uno_de(MOTIVOS))
    motivo_otro = Texto(
        load_default="", validate=validate.Length(max=150, error="Como máximo {max} caracteres.")
    )
    correo = Correo(required=True)
    celular = Texto(
        load_default="",
        validate=validate.Regexp(
            r"^(9\d{8})?$", error="El celular tiene 9 dígitos y empieza con 9."
        ),
    )
    acepta_terminos = fields.Boolean(
        required=True,
        error_messages={
            "required": "Debe aceptar los términos y condiciones.",
            "invalid": "Debe ser verdadero o falso.",
        },
    )

    @validates("fecha_nacimiento")
    def _nacimiento(self, valor: date, **_kwargs):
        if valor >= date.today() or valor.year < 1900:
            raise ValidationError("La fecha de nacimiento no es válida.")

    @validates("ultimo_anio")
    def _anio(self, valor: int, **_kwargs):
        if not 1900 <= valor <= date.today().year:
            raise ValidationError(f"El último año debe estar entre 1900 y {date.today().year}.")

    @validates("acepta_terminos")
    def _terminos(self, valor: bool, **_kwargs):
        if not valor:
            raise ValidationError("Debe aceptar los términos y condiciones.")

    @validates_schema
    def _coherencia(self, datos, **_kwargs):
        if datos.get("motivo") == "OTROS" and not datos.get("motivo_otro"):
            raise ValidationError("Describa el motivo (máximo 150 caracteres).", "motivo_otro")
        nacimiento, anio = datos.get("fecha_nacimiento"), datos.get("ultimo_anio")
        if nacimiento and anio and anio < nacimiento.year + 3:
            raise ValidationError("El último año es anterior a la edad escolar.", "ultimo_anio")


class SolicitudRegistradaSalida(Esquema):
    numero = Entero()
    codigo_seguimiento = Texto()
    estado = Texto()
    ruta = Texto()
    mensaje = Texto()


class EmisionEsquema(Esquema):
    solicitudes = Lista(
        Entero(validate=validate.Range(min=1, error="Número no válido.")),
        required=True,
        validate=validate.Length(min=1, max=500, error="Indique de {min} a {max} solicitudes."),
    )


class PaginaEsquema(Esquema):
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


class ColaEsquema(PaginaEsquema):
    """Queue filters: the IE defaults to the director's own."""

    codigo_modular = Texto(validate=CODIGO_MODULAR)
    anexo = Texto(load_default="0", validate=ANEXO)
