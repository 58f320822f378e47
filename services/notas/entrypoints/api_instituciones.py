"""HTTP API of the padrón de IIEE, each IE's talleres and parámetros, and its students."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from services.notas.adapters.repositorio import FiltroInstituciones
from services.notas.entrypoints import esquemas
from services.notas.entrypoints import esquemas_salida as salida
from services.notas.entrypoints.api_registro import CSV, SEGURIDAD
from services.notas.entrypoints.importacion_csv import (
    contenido_subido,
    leer_padron,
    reporte_por_fila,
)
from services.notas.service_layer import comandos, handlers_instituciones, vistas
from services.notas.service_layer import vistas_instituciones as vistas_ie
from shared.acceso_web import requiere_rol
from shared.errores import NoEncontrado
from shared.esquemas_comunes import ANEXO, CODIGO_MODULAR, respuestas_error
from shared.peticion import dependencias, uow

bp = Blueprint(
    "instituciones",
    __name__,
    url_prefix="/api/notas",
    description="Padrón de IIEE, talleres y parámetros de cada institución",
)
IE = "/instituciones/<codigo_modular>/<anexo>"
ADMINISTRA = ("DIRECTOR_IE", "ESPECIALISTA_UGEL")


def _ie(codigo_modular: str, anexo: str) -> tuple[str, str]:
    """A well-formed código modular and anexo from the path, or 404."""
    if CODIGO_MODULAR.regex.match(codigo_modular) and ANEXO.regex.match(anexo):
        return codigo_modular, anexo
    raise NoEncontrado(f"No existe la institución educativa {codigo_modular}-{anexo}.")


@bp.route("/instituciones", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(esquemas.InstitucionEsquema)
@bp.response(201, esquemas.InstitucionSalida)
@respuestas_error(bp, 401, 403, 409)
def registrar_institucion(datos):
    """Registra o actualiza una institución educativa del padrón."""
    datos["niveles"] = tuple(datos["niveles"])
    cmd = comandos.RegistrarInstitucion(**datos)
    return handlers_instituciones.registrar_institucion(
        cmd, uow(), g.usuario, dependencias()
    ).como_dict()


@bp.route("/instituciones", methods=["GET"])
@bp.arguments(esquemas.BusquedaInstitucionEsquema, location="query")
@bp.response(200, esquemas.InstitucionSalida(many=True))
def buscar_instituciones(filtros):
    """Búsqueda de institución por nombre o código modular, ubigeo o lugar (pública)."""
    filtro = FiltroInstituciones(texto=filtros.pop("q"), **filtros)
    return vistas_ie.buscar_instituciones(uow(), filtro)


@bp.route("/instituciones/importacion", methods=["POST"])
@bp.doc(security=SEGURIDAD, requestBody=CSV)
@requiere_rol("OPERACIONES")
@bp.response(200, esquemas.ReportePadron)
@respuestas_error(bp, 400, 401, 403, 413, 415, 422)
def importar_padron():
    """Importa el padrón desde un CSV; informa cada fila (IE, GUARDADA o RECHAZADA y por qué)."""
    filas, errores, ies = leer_padron(contenido_subido())
    cmd = comandos.ImportarInstituciones(tuple(filas))
    reporte = handlers_instituciones.importar_instituciones(cmd, uow(), g.usuario, dependencias())
    errores = sorted(errores + reporte["errores"], key=lambda e: e["fila"])
    return {
        "procesadas": len(ies),
        "guardadas": reporte["guardadas"],
        "errores": errores,
        "filas": reporte_por_fila(ies, errores),
    }


@bp.route(IE + "/parametros", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRA)
@bp.alt_response(200, schema=salida.ParametrosSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def ver_parametros(codigo_modular, anexo):
    """Mínimo y máximo de áreas curriculares y talleres de los certificados de la IE."""
    return vistas_ie.parametros(uow(), *_ie(codigo_modular, anexo), g.usuario)


@bp.route(IE + "/parametros", methods=["PUT"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRA)
@bp.arguments(esquemas.ParametrosEsquema)
@bp.alt_response(200, schema=salida.ParametrosSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def configurar_parametros(datos, codigo_modular, anexo):
    """Guarda los parámetros; los registros afectados se vuelven a evaluar y publicar."""
    cm, ax = _ie(codigo_modular, anexo)
    cmd = comandos.ConfigurarParametros(codigo_modular=cm, anexo=ax, **datos)
    handlers_instituciones.configurar_parametros(cmd, uow(), g.usuario, dependencias())
    return vistas_ie.parametros(uow(), cm, ax, g.usuario)


@bp.route(IE + "/talleres", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRA)
@bp.arguments(esquemas.FiltroTalleresEsquema, location="query")
@bp.alt_response(200, schema=salida.TalleresSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def listar_talleres(filtro, codigo_modular, anexo):
    """Talleres de la institución, por estado y nombre."""
    talleres = vistas_ie.talleres(uow(), *_ie(codigo_modular, anexo), g.usuario, **filtro)
    return {"talleres": talleres}


@bp.route(IE + "/talleres", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRA)
@bp.arguments(esquemas.TallerEsquema)
@bp.response(201)
@bp.alt_response(201, schema=salida.TallerSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def crear_taller(datos, codigo_modular, anexo):
    """Agrega un taller de la institución (activo)."""
    cm, ax = _ie(codigo_modular, anexo)
    cmd = comandos.CrearTaller(codigo_modular=cm, anexo=ax, nombre=datos["nombre"])
    return handlers_instituciones.crear_taller(cmd, uow(), g.usuario, dependencias())


@bp.route(IE + "/talleres/<int:taller_id>/baja", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRA)
@bp.alt_response(200, schema=salida.TallerSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def dar_de_baja_taller(codigo_modular, anexo, taller_id):
    """Da de baja un taller (queda INACTIVO; nunca se elimina)."""
    cm, ax = _ie(codigo_modular, anexo)
    cmd = comandos.DarDeBajaTaller(codigo_modular=cm, anexo=ax, taller_id=taller_id)
    return handlers_instituciones.dar_de_baja_taller(cmd, uow(), g.usuario, dependencias())


@bp.route(IE + "/estudiantes", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRA)
@bp.arguments(esquemas.PaginaEsquema, location="query")
@bp.alt_response(200, schema=salida.EstudiantesDeIESalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def estudiantes(pagina, codigo_modular, anexo):
    """Estudiantes con grados en la IE, con la completitud de su registro por nivel."""
    cm, ax = _ie(codigo_modular, anexo)
    return vistas.estudiantes_de_institucion(
        uow(), cm, ax, g.usuario, pagina["pagina"], pagina["por_pagina"]
    )
