"""Request and response schemas of the notas API (they also make its OpenAPI document)."""

from __future__ import annotations

from marshmallow import fields, post_load, validate

from services.notas.domain.calificaciones import (
    GRADOS,
    MODALIDADES,
    NIVELES,
    SITUACIONES_FINALES,
    TIPOS_AREA,
)
from shared.campos import Anidado, Entero, Esquema, Fecha, Lista, Texto
from shared.esquemas_comunes import ANEXO, CODIGO_MODULAR, DocumentoEsquema, largo, uno_de


class InstitucionEsquema(Esquema):
    codigo_modular = Texto(required=True, validate=CODIGO_MODULAR)
    anexo = Texto(required=True, validate=ANEXO)
    nombre = Texto(required=True, validate=largo(2, 200))
    estado = Texto(required=True, validate=uno_de(["ACTIVA", "CERRADA"]))
    ugel = Texto(required=True, validate=largo(2, 120))
    dre = Texto(load_default="", validate=validate.Length(max=120))
    modalidad = Texto(required=True, validate=uno_de(MODALIDADES))
    niveles = Lista(
        Texto(validate=uno_de(NIVELES)),
        required=True,
        validate=validate.Length(min=1, error="Indique al menos un nivel."),
    )
    ubigeo = Texto(
        load_default="", validate=validate.Regexp(r"^(\d{6})?$", error="El ubigeo tiene 6 dígitos.")
    )


class BusquedaInstitucionEsquema(Esquema):
    q = Texto(required=True, validate=largo(3, 100))


class EstudianteEsquema(DocumentoEsquema):
    nombres = Texto(required=True, validate=largo(1, 120))
    primer_apellido = Texto(required=True, validate=largo(1, 80))
    segundo_apellido = Texto(load_default="", validate=validate.Length(max=80))
    fecha_nacimiento = Fecha(required=True)
    pais = Texto(load_default="PERÚ", validate=largo(2, 60))


class CalificacionEsquema(Esquema):
    area = Texto(required=True, validate=largo(1, 200))
    tipo_area = Texto(load_default="AREA", validate=uno_de(TIPOS_AREA))
    calificacion = Texto(required=True, allow_none=True, validate=validate.Length(max=3))

    @post_load
    def _mayusculas(self, datos, **_kwargs):
        if datos.get("calificacion"):
            datos["calificacion"] = datos["calificacion"].upper()  # "ad" is AD
        return datos


class GradoEsquema(Esquema):
    modalidad = Texto(load_default="EBR", validate=uno_de(MODALIDADES))
    anio_lectivo = Entero(
        required=True,
        validate=validate.Range(
            min=1900, max=2100, error="El año lectivo debe estar entre {min} y {max}."
        ),
    )
    codigo_modular = Texto(required=True, validate=CODIGO_MODULAR)
    anexo = Texto(required=True, validate=ANEXO)
    situacion_final = Texto(
        load_default=None, allow_none=True, validate=uno_de(SITUACIONES_FINALES)
    )
    calificaciones = Lista(
        Anidado(CalificacionEsquema),
        required=True,
        validate=validate.Length(max=60, error="Como máximo {max} áreas."),
    )


class RutaGradoEsquema(Esquema):
    nivel = Texto(required=True, validate=uno_de(NIVELES))
    grado = Texto(required=True, validate=uno_de(GRADOS))


class InstitucionSalida(InstitucionEsquema):
    codigo = Texto(dump_only=True)


class NivelSalida(Esquema):
    version = Entero()
    completitud = Texto()
    registro = fields.Dict()


class RegistroSalida(Esquema):
    estudiante = fields.Dict()
    niveles = fields.Dict(keys=fields.String(), values=fields.Nested(NivelSalida))
