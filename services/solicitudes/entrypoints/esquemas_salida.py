"""Response schemas of solicitudes' reads and staff operations (they document the OpenAPI).

The routes return dicts from the service layer; these schemas describe them field by field
(the contract test validates real responses against them, with no undocumented field).
"""

from __future__ import annotations

from marshmallow import fields

from services.solicitudes.domain.identidad import TIPOS_PERSONA
from services.solicitudes.domain.modelo import ESTADOS, MOTIVOS
from services.solicitudes.domain.ruta import RUTAS
from services.solicitudes.entrypoints.esquemas import GRADOS, NIVELES
from services.solicitudes.entrypoints.esquemas_director import COMPLETITUDES
from shared.campos import Anidado, Booleano, Entero, Esquema, Fecha, FechaHora, Lista, Texto
from shared.documentos import TIPOS_DOCUMENTO
from shared.esquemas_comunes import enum_de

ATIENDEN = ("IE", "UGEL", "OACIGED")
ORIGENES = ("WEB", "EMISION_DIRECTA", "CERTIFICADO")


def _estado():
    return Texto(metadata=enum_de(ESTADOS))


def _grado(**kw):
    return Texto(metadata=enum_de(GRADOS), **kw)


class TerminosSalida(Esquema):
    version = Texto()
    texto = Texto()


class OpcionSalida(Esquema):
    codigo = Texto()
    descripcion = Texto()


class CatalogosSalida(Esquema):
    tipos_documento = Lista(Anidado(OpcionSalida))
    tipos_persona = Lista(Texto(metadata=enum_de(TIPOS_PERSONA)))
    motivos = Lista(Anidado(OpcionSalida))
    niveles = Lista(Texto(metadata=enum_de(NIVELES)))
    grados = Lista(_grado())
    grados_por_nivel = fields.Dict(
        keys=Texto(metadata=enum_de(NIVELES)), values=Lista(_grado()), required=True
    )


_TECNICO = {"description": "Causa técnica de una falla de emisión: solo para el personal"}


class CambioSalida(Esquema):
    estado = _estado()
    en = FechaHora()
    detalle = Texto()


class CambioConAutorSalida(CambioSalida):
    por = Texto()
    detalle_tecnico = Texto(allow_none=True, metadata=_TECNICO)


class _Codigos(Esquema):
    codigo_virtual = Texto(metadata={"description": "XXXX-XXXX-XXXX-XXXX, una vez emitido"})
    url_verificacion = Texto()
    codigo_virtual_anterior = Texto()


class SeguimientoSalida(_Codigos):
    numero_solicitud = Entero()
    estado = _estado()
    detalle = Texto()
    creada_en = FechaHora()
    correo = Texto(metadata={"description": "Enmascarado: m***@dominio"})
    historial = Lista(Anidado(CambioSalida))


class ConfiguracionSalida(Esquema):
    codigo_modular = Texto()
    anexo = Texto()
    nombre = Texto()
    habilitar_solicitud = Booleano()
    actualizado_por = Texto()
    actualizado_en = FechaHora(allow_none=True)


class FilaSolicitudSalida(Esquema):
    """One row of a staff queue (the seed's columns)."""

    numero_solicitud = Entero()
    apellidos_y_nombres = Texto()
    tipo_documento = Texto(metadata=enum_de(TIPOS_DOCUMENTO))
    numero_documento = Texto()
    nivel = Texto(metadata=enum_de(NIVELES))
    ultimo_anio = Entero()
    ultimo_grado = _grado()
    creada_en = FechaHora()
    estado = _estado()
    detalle = Texto()
    detalle_tecnico = Texto(allow_none=True, metadata=_TECNICO)
    correo = Texto()
    completitud = Texto(allow_none=True, metadata=enum_de(COMPLETITUDES))
    faltantes = Lista(Texto())
    # rechazadas
    motivo_rechazo = Texto()
    rechazada_en = FechaHora()
    rechazada_por = Texto()
    # emitidas
    codigo_virtual = Texto()
    emitido_en = FechaHora(allow_none=True)


class CifrasSalida(Esquema):
    """Inicio: how many requests of the person's queues are in each situation."""

    pendientes = Entero(metadata={"description": "Solicitudes en estado PENDIENTE"})
    informacion_completa = Entero(
        metadata={"description": "Listas para la emisión semi-automática (INFORMACIÓN COMPLETA)"}
    )
    en_emision = Entero(metadata={"description": "Solicitudes EN EMISIÓN"})
    fallidas = Entero(metadata={"description": "Solicitudes cuya emisión falló (ERROR)"})


class ColaSalida(Esquema):
    pagina = Entero()
    por_pagina = Entero()
    total = Entero()
    solicitudes = Lista(Anidado(FilaSolicitudSalida))


class ApoderadoSalida(Esquema):
    tipo_documento = Texto(metadata=enum_de(TIPOS_DOCUMENTO))
    numero_documento = Texto()
    nombres = Texto()
    apellidos = Texto()


class SolicitudDetalleSalida(FilaSolicitudSalida):
    codigo_modular = Texto()
    anexo = Texto()
    ruta = Texto(metadata=enum_de(RUTAS))
    atiende = Texto(metadata=enum_de(ATIENDEN))
    origen = Texto(metadata=enum_de(ORIGENES))
    tipo_persona = Texto(metadata=enum_de(TIPOS_PERSONA))
    apoderado = Anidado(ApoderadoSalida, allow_none=True)
    fecha_nacimiento = Fecha()
    pais = Texto(allow_none=True)
    primer_anio = Entero(allow_none=True)
    motivo_solicitud = Texto(metadata=enum_de(MOTIVOS))
    motivo_otro = Texto()
    celular = Texto(allow_none=True)
    terminos_version = Texto(allow_none=True)
    terminos_aceptados_en = FechaHora(allow_none=True)
    historial = Lista(Anidado(CambioConAutorSalida))
    url_verificacion = Texto()
    codigo_virtual_anterior = Texto()


class RechazoSalida(Esquema):
    numero_solicitud = Entero()
    estado = _estado()
    motivo_rechazo = Texto()


class ParteOacigedSalida(Esquema):
    numero_solicitud = Entero()
    estado = _estado()
    atiende = Texto(metadata=enum_de(ATIENDEN))


class OrdenadaSalida(Esquema):
    numero_solicitud = Entero()
    estado = _estado()


class EmisionOrdenadaSalida(Esquema):
    lote_id = Texto(metadata={"description": "Id del lote de emisión (32 hex)"})
    solicitudes = Lista(Anidado(OrdenadaSalida))


class FallaSalida(Esquema):
    numero_solicitud = Entero()
    motivo_falla = Texto(allow_none=True, metadata={"description": "Lo que lee el ciudadano"})
    detalle_tecnico = Texto(allow_none=True, metadata=_TECNICO)


class AvanceLoteSalida(Esquema):
    lote_id = Texto()
    creado_en = FechaHora()
    total = Entero()
    emitidas = Entero()
    fallidas = Entero()
    en_emision = Entero()
    otras = Entero()
    terminado = Booleano()
    fallas = Lista(Anidado(FallaSalida))


class CertificadoEmitidoSalida(Esquema):
    numero_solicitud = Entero()
    codigo_virtual = Texto()
    emitido_en = FechaHora(allow_none=True)
    nivel = Texto(metadata=enum_de(NIVELES))
    ultimo_anio = Entero()
    ultimo_grado = _grado()


class BusquedaEstudianteSalida(Esquema):
    tipo_documento = Texto(metadata=enum_de(TIPOS_DOCUMENTO))
    numero_documento = Texto()
    completitud = fields.Dict(
        keys=Texto(metadata=enum_de(NIVELES)), values=Texto(metadata=enum_de(COMPLETITUDES))
    )
    certificado_emitido = Anidado(CertificadoEmitidoSalida, allow_none=True)
    mensaje = Texto()


class EstudianteActualSalida(Esquema):
    tipo_documento = Texto(metadata=enum_de(TIPOS_DOCUMENTO))
    numero_documento = Texto()
    apellidos_y_nombres = Texto()
    nivel = Texto(metadata=enum_de(NIVELES))
    ultimo_anio = Entero(allow_none=True)
    ultimo_grado = _grado(allow_none=True)
    completitud = Texto(allow_none=True, metadata=enum_de(COMPLETITUDES))


class EstudiantesActualesSalida(Esquema):
    pagina = Entero()
    por_pagina = Entero()
    total = Entero()
    estudiantes = Lista(Anidado(EstudianteActualSalida))


class RegistroIdentidadSalida(Esquema):
    personas = Entero()
    vinculos = Entero()


class FilaRechazadaSalida(Esquema):
    archivo = Texto(metadata={"example": "personas.csv"})
    fila = Entero(metadata={"description": "como la muestra la hoja de cálculo (1 = encabezado)"})
    campo = Texto()
    motivo = Texto()


class CargaIdentidadSalida(RegistroIdentidadSalida):
    cargado = Booleano(metadata={"description": "falso si alguna fila se rechazó: nada se cargó"})
    filas_personas = Entero()
    filas_vinculos = Entero()
    errores = Lista(Anidado(FilaRechazadaSalida))
