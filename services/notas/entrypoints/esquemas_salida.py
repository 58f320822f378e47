"""Response schemas of notas' reads that had none (they document the OpenAPI).

The routes return dicts from the service layer; these schemas describe them (the contract
test validates real responses against them, with no undocumented field).
"""

from __future__ import annotations

from marshmallow import fields

from services.notas.domain.calificaciones import GRADOS, NIVELES
from services.notas.domain.completitud import COMPLETA, INCOMPLETA, SIN_INFORMACION
from services.notas.domain.institucion import ACTIVO, INACTIVO
from shared.campos import Anidado, Booleano, Entero, Esquema, Fecha, FechaHora, Lista, Texto
from shared.documentos import TIPOS_DOCUMENTO
from shared.esquemas_comunes import enum_de

TIPOS_AREA = ("AREA", "TALLER", "COMPETENCIA_TRANSVERSAL")
MODALIDADES = ("EBR", "EBA", "EBE")
COMPLETITUDES = (SIN_INFORMACION, INCOMPLETA, COMPLETA)


def _nivel(**kw):
    return Texto(metadata=enum_de(NIVELES), **kw)


def _grado(**kw):
    return Texto(metadata=enum_de(GRADOS), **kw)


class ParametrosSalida(Esquema):
    codigo = Texto(metadata={"description": "Código modular y anexo: 0584714-0"})
    min_areas = Entero()
    max_areas = Entero()
    min_talleres = Entero()
    max_talleres = Entero()


class TallerSalida(Esquema):
    id = Entero()
    nombre = Texto()
    estado = Texto(metadata=enum_de((ACTIVO, INACTIVO)))
    creado_en = FechaHora()
    dado_de_baja_en = FechaHora(allow_none=True)


class TalleresSalida(Esquema):
    talleres = Lista(Anidado(TallerSalida))


class EstudianteDeIESalida(Esquema):
    id_estudiante = Texto(metadata={"description": "Cómo lo nombran las rutas de notas."})
    tipo_documento = Texto(metadata=enum_de(TIPOS_DOCUMENTO))
    numero_documento = Texto()
    nombres = Texto()
    primer_apellido = Texto()
    segundo_apellido = Texto()
    fecha_nacimiento = Fecha()
    pais = Texto(allow_none=True)
    version = Entero()
    completitud = fields.Dict(
        keys=_nivel(), values=Texto(metadata=enum_de(COMPLETITUDES)), allow_none=True
    )


class EstudiantesDeIESalida(Esquema):
    total = Entero()
    pagina = Entero()
    por_pagina = Entero()
    estudiantes = Lista(Anidado(EstudianteDeIESalida))


class CalificacionDeGradoSalida(Esquema):
    area = Texto()
    tipo_area = Texto(metadata=enum_de(TIPOS_AREA))
    calificacion = Texto(allow_none=True)
    competencias = Lista(fields.Dict())
    calificaciones_permitidas = Lista(Texto())


class GradoSalida(Esquema):
    """A grade as the screen shows it: allowed grades, legend, suggestions."""

    nivel = _nivel()
    grado = _grado()
    modalidad = Texto(metadata=enum_de(MODALIDADES))
    anio_lectivo = Entero(allow_none=True)
    codigo_modular = Texto(allow_none=True)
    anexo = Texto(allow_none=True)
    codigo = Texto(allow_none=True)
    aplica = Booleano()
    diseno_curricular = Texto(allow_none=True)
    situacion_final = Texto(allow_none=True)
    situacion_sugerida = Texto(allow_none=True)
    leyenda = fields.Dict(keys=Texto(), values=Entero())
    calificaciones = Lista(Anidado(CalificacionDeGradoSalida))
    observaciones = Lista(fields.Dict())
    pendientes = Lista(fields.Raw())
    instituciones = Lista(fields.Dict())


class InstantaneaSalida(Esquema):
    """The published registro of one nivel (what emision prints)."""

    estudiante = fields.Dict()
    nivel = _nivel()
    modalidad = Texto(metadata=enum_de(MODALIDADES))
    version_registro = Entero()
    completitud = Texto(metadata=enum_de(COMPLETITUDES))
    pendientes = Lista(fields.Raw())
    registro = fields.Dict()


class CambioSalida(Esquema):
    id = Entero()
    tipo_documento = Texto(metadata=enum_de(TIPOS_DOCUMENTO))
    numero_documento = Texto()
    nivel = _nivel()
    grado = _grado()
    anio_lectivo = Entero(allow_none=True)
    codigo_modular = Texto(allow_none=True)
    anexo = Texto(allow_none=True)
    campo = Texto()
    area = Texto(allow_none=True)
    competencia = Texto(allow_none=True)
    antes = Texto(allow_none=True)
    despues = Texto(allow_none=True)
    usuario = Texto()
    rol = Texto()
    origen = Texto()
    version = Entero()
    registrado_en = FechaHora()


class AuditoriaSalida(Esquema):
    cambios = Lista(Anidado(CambioSalida))


class DisenoSalida(Esquema):
    codigo = Texto()
    nombre = Texto()
    modalidad = Texto(metadata=enum_de(MODALIDADES))
    nivel = _nivel()
    anio_inicio = Entero()
    anio_fin = Entero(allow_none=True)
    por_competencias = Booleano()


class DisenosSalida(Esquema):
    disenos = Lista(Anidado(DisenoSalida))


class AreaCatalogoSalida(Esquema):
    id = Entero()
    diseno_curricular = Texto()
    tipo_area = Texto(metadata=enum_de(TIPOS_AREA))
    nombre = Texto()
    competencias = Lista(Texto())
    nombre_diseno = Texto()


class AreasSalida(Esquema):
    areas = Lista(Anidado(AreaCatalogoSalida))


class PermitidasSalida(Esquema):
    calificaciones_permitidas = Lista(Texto())
