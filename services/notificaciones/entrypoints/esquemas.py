"""Request and response schemas of the notificaciones API."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from shared.campos import Correo, Entero, Esquema, Fecha, FechaHora, Texto
from shared.esquemas_comunes import ANEXO, CODIGO_MODULAR, PaginaEsquema, largo

# --- requests -------------------------------------------------------------------------------


class ReenvioEsquema(Esquema):
    """«Reenvío de correo electrónico»: empty to use the registered address."""

    correo_alternativo = Correo(
        load_default=None,
        allow_none=True,
        metadata={"description": "Correo alternativo; si se omite, el correo registrado."},
    )


class FiltroFallidosEsquema(Esquema):
    desde = Fecha(load_default=None, metadata={"description": "Fecha de la falla, desde (Lima)"})
    hasta = Fecha(load_default=None, metadata={"description": "Fecha de la falla, hasta (Lima)"})
    codigo_modular = Texto(load_default=None, validate=CODIGO_MODULAR)
    anexo = Texto(load_default=None, validate=ANEXO)
    motivo_falla = Texto(
        load_default=None,
        validate=largo(2, 100),
        metadata={"description": "Texto contenido en el motivo de la falla, p. ej. 550"},
    )

    @validates_schema
    def _coherencia(self, datos, **_kwargs):
        errores = {}
        if datos.get("desde") and datos.get("hasta") and datos["desde"] > datos["hasta"]:
            errores["hasta"] = ["La fecha «hasta» es anterior a «desde»."]
        if datos.get("anexo") and not datos.get("codigo_modular"):
            errores["codigo_modular"] = ["Indique también el código modular."]
        if errores:
            raise ValidationError(errores)


class ListaFallidosEsquema(FiltroFallidosEsquema, PaginaEsquema):
    """Failed mail, filtered and paginated."""


class ReenvioMasivoEsquema(FiltroFallidosEsquema):
    limite = Entero(
        load_default=500,
        validate=validate.Range(min=1, max=5000, error="De {min} a {max} correos por pedido."),
    )


# --- responses ------------------------------------------------------------------------------


class CorreoSalida(Esquema):
    correo_id = Entero()
    plantilla = Texto()
    destinatario = Texto(metadata={"description": "Enmascarado: a***@dominio"})
    tipo_destinatario = Texto()
    numero_solicitud = Entero()
    referencia = Texto()
    codigo_modular = Texto()
    anexo = Texto()
    origen = Texto()
    estado = Texto()
    intentos = Entero()
    motivo_falla = Texto()
    creado_en = FechaHora()
    enviado_en = FechaHora(allow_none=True)
    fallido_en = FechaHora(allow_none=True)
    proximo_intento_en = FechaHora(
        allow_none=True, metadata={"description": "Cuándo se intentará otra vez (RETRASADO)"}
    )
    plazo_hasta = FechaHora(
        allow_none=True, metadata={"description": "Hasta cuándo se reintenta antes de FALLIDO"}
    )


class IntentoSalida(Esquema):
    intento = Entero()
    en = FechaHora()
    destinatario = Texto()
    resultado = Texto()
    detalle = Texto()


class CorreoDetalleSalida(CorreoSalida):
    historial = fields.List(fields.Nested(IntentoSalida))


class PaginaFallidosSalida(Esquema):
    pagina = Entero()
    por_pagina = Entero()
    total = Entero()
    correos = fields.List(fields.Nested(CorreoSalida))


class DialogoReenvioSalida(Esquema):
    numero_solicitud = Entero()
    tipo_documento = Texto()
    numero_documento = Texto()
    nombre_estudiante = Texto()
    nivel = Texto()
    nombre_institucion = Texto()
    estado = Texto()
    correo = Texto()
    plantilla = Texto()
    correos = fields.List(fields.Nested(CorreoSalida))


class ReenvioSalida(Esquema):
    correo_id = Entero()
    plantilla = Texto()
    destinatario = Texto()
    estado = Texto()
    mensaje = Texto()


class ReenvioMasivoSalida(Esquema):
    reenviados = Entero()
    correos = fields.List(Entero())
