"""Request and response schemas of the cuentas API (they also make its OpenAPI document)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from services.cuentas.domain.modelo import DIRECTOR_IE, ESPECIALISTA_UGEL, ROLES
from shared.campos import Booleano, Correo, Esquema, FechaHora, Lista, Texto
from shared.esquemas_comunes import (
    ANEXO,
    CODIGO_MODULAR,
    CODIGO_UGEL,
    PaginaEsquema,
    largo,
    uno_de,
)

USUARIO = validate.Regexp(
    r"^[0-9A-Za-z]{8,20}$", error="El usuario es su número de documento (8 a 20 letras o dígitos)."
)
NIVELES = ("INICIAL", "PRIMARIA", "SECUNDARIA")


class InicioSesionEsquema(Esquema):
    usuario = Texto(required=True, validate=largo(1, 20))
    clave = fields.String(required=True, validate=largo(1, 200))
    codigo_totp = Texto(load_default=None, allow_none=True, validate=largo(1, 10))


class RenovacionEsquema(Esquema):
    refresh_token = Texto(required=True, validate=largo(20, 200))


class InstitucionDeCuenta(Esquema):
    codigo_modular = Texto()
    anexo = Texto()
    codigo_modular_y_anexo = Texto(metadata={"example": "0584714-0"})
    nombre = Texto(allow_none=True)


class CuentaSalida(Esquema):
    usuario = Texto()
    nombres = Texto()
    apellidos = Texto()
    nombre = Texto(metadata={"example": "PALACIOS PONCE, LOURDES HAYDEE"})
    correo = Texto()
    rol = Texto(metadata={"enum": list(ROLES)})
    rol_etiqueta = Texto(metadata={"example": "Director Secundaria"})
    activa = Booleano()
    totp_configurado = Booleano()
    requiere_totp = Booleano()
    codigo_ugel = Texto(allow_none=True, metadata={"example": "150103"})
    nombre_ugel = Texto(allow_none=True, metadata={"example": "UGEL 03 BREÑA"})
    niveles = Lista(Texto())
    institucion = fields.Nested(InstitucionDeCuenta, allow_none=True)
    creada_en = FechaHora()
    creada_por = Texto()
    desactivada_en = FechaHora(allow_none=True)


class TokensSalida(Esquema):
    access_token = Texto(metadata={"description": "JWT EdDSA (Ed25519), kid en la cabecera"})
    token_type = Texto(metadata={"example": "Bearer"})
    expires_in = fields.Integer(metadata={"description": "segundos (≤ 900)"})
    refresh_token = Texto(metadata={"description": "opaco, de un solo uso: se rota al renovar"})
    refresh_expires_in = fields.Integer()
    cuenta = fields.Nested(CuentaSalida)


class CrearCuentaEsquema(Esquema):
    usuario = Texto(required=True, validate=USUARIO)
    nombres = Texto(required=True, validate=largo(2, 120))
    apellidos = Texto(required=True, validate=largo(2, 160))
    correo = Correo(required=True)
    rol = Texto(required=True, validate=uno_de(ROLES))
    codigo_modular = Texto(load_default=None, validate=CODIGO_MODULAR)
    anexo = Texto(load_default=None, validate=ANEXO)
    niveles = Lista(Texto(validate=uno_de(NIVELES)), load_default=list)
    codigo_ugel = Texto(load_default=None, validate=CODIGO_UGEL)

    @validates_schema
    def _alcance(self, datos, **_kwargs):
        if datos.get("rol") == DIRECTOR_IE:
            for campo in ("codigo_modular", "anexo"):
                if not datos.get(campo):
                    raise ValidationError("Un director necesita su institución educativa.", campo)
        if datos.get("rol") == ESPECIALISTA_UGEL and not datos.get("codigo_ugel"):
            raise ValidationError(
                "Un especialista necesita el código de su UGEL (6 dígitos, p. ej. 150103).",
                "codigo_ugel",
            )
        for campo in ("nombres", "apellidos"):
            if datos.get(campo):
                datos[campo] = " ".join(datos[campo].split()).upper()


class ListaCuentasEsquema(PaginaEsquema):
    rol = Texto(load_default=None, validate=uno_de(ROLES))
    q = Texto(
        load_default=None,
        validate=largo(2, 100),
        metadata={"description": "inicio del usuario, parte del nombre, código modular o UGEL"},
    )
    activa = Booleano(load_default=None, allow_none=True)


class CuentaListadaSalida(CuentaSalida):
    sesion_iniciada_en = FechaHora(
        allow_none=True, metadata={"description": "último inicio de sesión"}
    )
    administra = Booleano(metadata={"description": "quien consulta puede desactivarla"})


class PaginaCuentasSalida(Esquema):
    cuentas = Lista(fields.Nested(CuentaListadaSalida))
    pagina = fields.Integer()
    por_pagina = fields.Integer()
    total = fields.Integer()


class DesactivacionEsquema(Esquema):
    motivo = Texto(required=True, validate=largo(3, 300))


class CambioClaveEsquema(Esquema):
    clave_actual = fields.String(required=True, validate=largo(1, 200))
    clave_nueva = fields.String(required=True, validate=largo(1, 200))


class RecuperacionEsquema(Esquema):
    usuario = Texto(required=True, validate=largo(1, 20))


class EstablecerClaveEsquema(Esquema):
    clave = fields.String(required=True, validate=largo(1, 200))
    codigo_totp = Texto(load_default=None, allow_none=True, validate=largo(1, 10))


class EnlaceSalida(Esquema):
    usuario = Texto()
    nombre = Texto()
    proposito = Texto(metadata={"enum": ["PRIMERA_CLAVE", "RECUPERACION"]})
    requiere_totp = Booleano()
    totp_configurado = Booleano()
    expira_en = FechaHora()


class TotpSalida(Esquema):
    secreto = Texto(metadata={"description": "base32, para la aplicación autenticadora"})
    uri = Texto(metadata={"description": "otpauth://… (código QR)"})


class MensajeSalida(Esquema):
    usuario = Texto()
    mensaje = Texto()


class ListaAuditoriaEsquema(PaginaEsquema):
    usuario = Texto(load_default=None, validate=largo(1, 20))


class EventoAuditoriaSalida(Esquema):
    id = fields.Integer()
    ocurrido_en = FechaHora()
    accion = Texto()
    usuario = Texto(allow_none=True)
    actor = Texto(allow_none=True)
    ip = Texto(allow_none=True)
    mensaje = Texto()
    detalle = fields.Dict()


class PaginaAuditoriaSalida(Esquema):
    eventos = Lista(fields.Nested(EventoAuditoriaSalida))
    pagina = fields.Integer()
    por_pagina = fields.Integer()
    total = fields.Integer()
