"""HTTP entry point of the solicitudes service: parse, handle, respond."""

from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint

from services.solicitudes.domain.modelo import DatosSolicitante
from services.solicitudes.entrypoints import esquemas
from services.solicitudes.service_layer import comandos, handlers, vistas
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import requiere_rol
from shared.config import Config
from shared.errores import CodigoMalEscrito, SinPermiso
from shared.identificadores import LONGITUD_SEGUIMIENTO, agrupar, normalizar
from shared.web import conectar_consumidor, crear_app_servicio

bp = Blueprint(
    "solicitudes",
    __name__,
    url_prefix="/api/solicitudes",
    description="Solicitud web del ciudadano y colas del director",
)
SEGURIDAD = [{"bearer": []}]
_CAMPOS_SOLICITANTE = (
    "tipo_documento",
    "numero_documento",
    "nombres",
    "primer_apellido",
    "segundo_apellido",
    "fecha_nacimiento",
)


def _ctx():
    return current_app.extensions["mc"]


@bp.route("/solicitudes", methods=["POST"])
@bp.arguments(esquemas.SolicitudEsquema)
@bp.response(201, esquemas.SolicitudRegistradaSalida)
def registrar_solicitud(datos):
    """Registra la solicitud de certificado de un ciudadano (pública)."""
    datos.pop("acepta_terminos")
    solicitante = DatosSolicitante(**{c: datos.pop(c) for c in _CAMPOS_SOLICITANTE})
    cmd = comandos.RegistrarSolicitud(solicitante=solicitante, **datos)
    respuesta = handlers.registrar_solicitud(cmd, _ctx().uow_factory())
    respuesta["codigo_seguimiento"] = agrupar(respuesta["codigo_seguimiento"])
    respuesta["mensaje"] = (
        f"Solicitud N.° {respuesta['numero']:08d} registrada. Guarde su código "
        f"de seguimiento: {respuesta['codigo_seguimiento']}."
    )
    return respuesta


@bp.route("/seguimiento/<codigo>", methods=["GET"])
def seguimiento(codigo):
    """Estado de una solicitud por su código de seguimiento (público)."""
    try:
        canonico = normalizar(codigo, LONGITUD_SEGUIMIENTO)
    except ValueError as exc:
        raise CodigoMalEscrito(
            "El código de seguimiento está mal escrito; revíselo.", "codigo"
        ) from exc
    return vistas.seguimiento(_ctx().uow_factory(), canonico, _ctx().config.url_verificacion)


@bp.route("/pendientes", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE")
@bp.arguments(esquemas.ColaEsquema, location="query")
def pendientes(filtros):
    """Solicitudes pendientes de la IE del director, con la completitud de sus datos."""
    if "codigo_modular" in filtros and not g.usuario.es_director_de(
        filtros["codigo_modular"], filtros["anexo"]
    ):
        ie = f"{filtros['codigo_modular']}-{filtros['anexo']}"
        raise SinPermiso(f"No puede ver las solicitudes de la institución educativa {ie}.")
    return vistas.pendientes(
        _ctx().uow_factory(), g.usuario, filtros["pagina"], filtros["por_pagina"]
    )


@bp.route("/emisiones", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")
@bp.arguments(esquemas.EmisionEsquema)
@bp.response(202)
def ordenar_emision(datos):
    """Ordena la emisión de una o varias solicitudes (asíncrona)."""
    ids = tuple(dict.fromkeys(datos["solicitudes"]))
    resultado = handlers.ordenar_emision(
        comandos.OrdenarEmision(ids), _ctx().uow_factory(), g.usuario
    )
    return {"solicitudes": resultado}


def create_app(config: Config | None = None):
    """Application factory of the solicitudes service."""
    config = config or Config.desde_entorno("solicitudes")
    app, api = crear_app_servicio(config, UnidadDeTrabajoSolicitudes)
    api.register_blueprint(bp)
    conectar_consumidor(app, handlers.MANEJADORES)
    return app
