"""Request and response schemas of the notas API (they also make its OpenAPI document)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from services.notas.domain.calificaciones import (
    GRADOS,
    MODALIDADES,
    NIVELES,
    SITUACIONES_FINALES,
    TIPOS_AREA,
)
from services.notas.domain.modelo import TIPOS_OBSERVACION
from shared.campos import Anidado, Booleano, Entero, Esquema, Fecha, Lista, Texto
from shared.esquemas_comunes import (
    ANEXO,
    CODIGO_MODULAR,
    CODIGO_UGEL,
    DocumentoEsquema,
    largo,
    uno_de,
)
from shared.esquemas_comunes import PaginaEsquema as PaginaComun

UBIGEO = validate.Regexp(r"^(\d{6})?$", error="El ubigeo tiene 6 dígitos.")
UBIGEO_PREFIJO = validate.Regexp(
    r"^\d{2}(\d{2}(\d{2})?)?$",
    error="Indique 2 (departamento), 4 (provincia) o 6 (distrito) dígitos del ubigeo.",
)
ANIO = validate.Range(min=1900, max=2100, error="El año debe estar entre {min} y {max}.")


def _mayusculas(datos: dict, *campos: str) -> dict:
    for campo in campos:
        if datos.get(campo):
            datos[campo] = " ".join(datos[campo].split()).upper()
    return datos


class InstitucionEsquema(Esquema):
    codigo_modular = Texto(required=True, validate=CODIGO_MODULAR)
    anexo = Texto(required=True, validate=ANEXO)
    nombre = Texto(required=True, validate=largo(2, 200))
    estado = Texto(required=True, validate=uno_de(["ACTIVA", "CERRADA"]))
    codigo_ugel = Texto(required=True, validate=CODIGO_UGEL)
    nombre_ugel = Texto(required=True, validate=largo(2, 120))
    codigo_dre = Texto(load_default=None, allow_none=True, validate=CODIGO_UGEL)  # same code list
    nombre_dre = Texto(load_default="", validate=validate.Length(max=120))
    modalidad = Texto(required=True, validate=uno_de(MODALIDADES))
    niveles = Lista(
        Texto(validate=uno_de(NIVELES)),
        required=True,
        validate=validate.Length(min=1, error="Indique al menos un nivel."),
    )
    ubigeo = Texto(load_default="", validate=UBIGEO)
    departamento = Texto(load_default="", validate=validate.Length(max=80))
    provincia = Texto(load_default="", validate=validate.Length(max=80))
    distrito = Texto(load_default="", validate=validate.Length(max=80))

    @post_load
    def _normalizar(self, datos, **_kwargs):
        # Searches compare upper case: the padrón writes names that way.
        return _mayusculas(
            datos, "nombre", "nombre_ugel", "nombre_dre", "departamento", "provincia", "distrito"
        )


class BusquedaInstitucionEsquema(Esquema):
    q = Texto(load_default=None, validate=largo(3, 100))
    ubigeo = Texto(load_default=None, validate=UBIGEO_PREFIJO)
    departamento = Texto(load_default=None, validate=largo(2, 80))
    provincia = Texto(load_default=None, validate=largo(2, 80))
    distrito = Texto(load_default=None, validate=largo(2, 80))
    estado = Texto(load_default=None, validate=uno_de(["ACTIVA", "CERRADA"]))

    @validates_schema
    def _algun_criterio(self, datos, **_kwargs):
        if not any(datos.get(c) for c in ("q", "ubigeo", "departamento", "provincia", "distrito")):
            raise ValidationError(
                "Indique un nombre o código modular (q), un ubigeo o un lugar.", "q"
            )


class EstudianteEsquema(DocumentoEsquema):
    nombres = Texto(required=True, validate=largo(1, 120))
    primer_apellido = Texto(required=True, validate=largo(1, 80))
    segundo_apellido = Texto(load_default="", validate=validate.Length(max=80))
    fecha_nacimiento = Fecha(required=True)
    pais = Texto(load_default="PERÚ", validate=largo(2, 60))


class CompetenciaEsquema(Esquema):
    nombre = Texto(required=True, validate=largo(1, 300))
    calificacion = Texto(load_default=None, allow_none=True, validate=validate.Length(max=3))

    @post_load
    def _mayusculas(self, datos, **_kwargs):
        return _mayusculas(datos, "calificacion")


class CalificacionEsquema(Esquema):
    area = Texto(required=True, validate=largo(1, 200))
    tipo_area = Texto(load_default="AREA", validate=uno_de(TIPOS_AREA))
    calificacion = Texto(load_default=None, allow_none=True, validate=validate.Length(max=3))
    competencias = Lista(
        Anidado(CompetenciaEsquema),
        load_default=list,
        validate=validate.Length(max=10, error="Como máximo {max} competencias por área."),
    )

    @post_load
    def _mayusculas(self, datos, **_kwargs):
        return _mayusculas(datos, "calificacion")  # "ad" is AD


class ObservacionEsquema(Esquema):
    tipo = Texto(required=True, validate=uno_de(TIPOS_OBSERVACION))
    anio = Entero(required=True, validate=ANIO)
    resolucion = Texto(required=True, validate=largo(1, 80))
    motivo = Texto(required=True, validate=largo(1, 200))


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
    aplica = Booleano(load_default=True)
    diseno_curricular = Texto(load_default=None, allow_none=True, validate=largo(1, 40))
    situacion_final = Texto(
        load_default=None, allow_none=True, validate=uno_de(SITUACIONES_FINALES)
    )
    calificaciones = Lista(
        Anidado(CalificacionEsquema),
        required=True,
        validate=validate.Length(max=60, error="Como máximo {max} áreas."),
    )
    observaciones = Lista(
        Anidado(ObservacionEsquema),
        load_default=list,
        validate=validate.Length(max=10, error="Como máximo {max} observaciones."),
    )


class RutaGradoEsquema(Esquema):
    nivel = Texto(required=True, validate=uno_de(NIVELES))
    grado = Texto(required=True, validate=uno_de(GRADOS))


class AgregarAreasEsquema(Esquema):
    diseno_curricular = Texto(required=True, validate=largo(1, 40))
    tipo_area = Texto(load_default=None, validate=uno_de(TIPOS_AREA))
    areas = Lista(Texto(validate=largo(1, 200)), load_default=list)


# Query strings carry text: their integers are read leniently (strict=False).
class VersionEsquema(Esquema):
    version_registro = Entero(
        load_default=None, strict=False, validate=validate.Range(min=0, error="Desde {min}.")
    )


class PaginaEsquema(PaginaComun):
    """Directors page through whole classes: larger pages than the shared default."""

    por_pagina = Entero(
        load_default=50,
        strict=False,
        validate=validate.Range(min=1, max=200, error="De {min} a {max} por página."),
    )


class ParametrosEsquema(Esquema):
    min_areas = Entero(required=True)
    max_areas = Entero(required=True)
    min_talleres = Entero(required=True)
    max_talleres = Entero(required=True)


class TallerEsquema(Esquema):
    nombre = Texto(required=True, validate=largo(2, 200))


class FiltroTalleresEsquema(Esquema):
    estado = Texto(load_default=None, validate=uno_de(["ACTIVO", "INACTIVO"]))
    nombre = Texto(load_default=None, validate=largo(1, 200))


class FiltroDisenosEsquema(Esquema):
    nivel = Texto(load_default=None, validate=uno_de(NIVELES))
    modalidad = Texto(load_default=None, validate=uno_de(MODALIDADES))
    anio = Entero(load_default=None, strict=False, validate=ANIO)


class FiltroAreasEsquema(FiltroDisenosEsquema):
    diseno_curricular = Texto(load_default=None, validate=largo(1, 40))
    tipo_area = Texto(load_default=None, validate=uno_de(TIPOS_AREA))
    q = Texto(load_default=None, validate=largo(1, 100))


class PermitidasEsquema(Esquema):
    nivel = Texto(required=True, validate=uno_de(NIVELES))
    grado = Texto(required=True, validate=uno_de(GRADOS))
    anio_lectivo = Entero(required=True, strict=False, validate=ANIO)
    tipo_area = Texto(load_default="AREA", validate=uno_de(TIPOS_AREA))


class InstitucionSalida(InstitucionEsquema):
    codigo = Texto(dump_only=True)
    # NULL only for an IE migrated from a free-text UGEL name no code was known for.
    codigo_ugel = Texto(allow_none=True, metadata={"example": "150103"})


class NivelSalida(Esquema):
    version_registro = Entero()
    completitud = Texto()
    pendientes = fields.List(fields.Dict())
    parametros = fields.Dict()
    registro = fields.Dict()
    grados = fields.List(fields.Dict())


class RegistroSalida(Esquema):
    estudiante = fields.Dict()
    instituciones = fields.List(fields.Dict())
    niveles = fields.Dict(keys=fields.String(), values=fields.Nested(NivelSalida))


class ReporteImportacion(Esquema):
    procesadas = Entero()
    guardadas = Entero()
    errores = fields.List(fields.Dict())


class FilaPadronSalida(Esquema):
    fila = Entero(metadata={"description": "número de fila como la muestra la hoja de cálculo"})
    codigo_modular = Texto()
    anexo = Texto()
    resultado = Texto(metadata={"enum": ["GUARDADA", "RECHAZADA"]})
    motivo = Texto(allow_none=True, metadata={"description": "campo: motivo; … (si se rechazó)"})


class ReportePadron(ReporteImportacion):
    filas = fields.List(fields.Nested(FilaPadronSalida))
