"""HTTP entry point of the solicitudes service: the citizen's Solicitud WEB, step by step.

1 búsqueda de institución → 2 términos y condiciones → 3 tipo de persona → 4 validación de
identidad → 5 solicitud → seguimiento. Staff endpoints are in ``director``.
"""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from services.solicitudes.adapters.registro_identidad import RegistroIdentidadTabla
from services.solicitudes.domain.identidad import TIPOS_PERSONA
from services.solicitudes.entrypoints import director, esquemas, operaciones
from services.solicitudes.entrypoints import esquemas_salida as salida
from services.solicitudes.entrypoints.comun import datos_solicitud, dependencias, persona
from services.solicitudes.entrypoints.limites import instalar_limites
from services.solicitudes.service_layer import comandos, handlers, vistas
from services.solicitudes.service_layer.dependencias import Dependencias
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.config import Config
from shared.documentos import TIPOS_DOCUMENTO
from shared.esquemas_comunes import respuestas_error
from shared.identificadores import leer_codigo_seguimiento
from shared.metricas import Consulta
from shared.web import conectar_consumidor, crear_app_servicio

bp = Blueprint(
    "solicitudes",
    __name__,
    url_prefix="/api/solicitudes",
    description="Solicitud web del ciudadano (pública)",
)


def _ctx():
    return current_app.extensions["mc"]


@bp.route("/instituciones", methods=["GET"])
@bp.arguments(esquemas.BusquedaInstitucionEsquema, location="query")
@bp.response(200, esquemas.InstitucionSalida(many=True))
def buscar_instituciones(filtros):
    """Paso 1 — búsqueda de institución por nombre o código modular."""
    return vistas.buscar_instituciones(_ctx().uow_factory(), filtros["q"])


@bp.route("/terminos", methods=["GET"])
@bp.alt_response(200, schema=salida.TerminosSalida, success=True)
def terminos():
    """Paso 2 — términos y condiciones vigentes (envíe su versión al solicitar)."""
    return vistas.terminos_vigentes()


@bp.route("/catalogos", methods=["GET"])
@bp.alt_response(200, schema=salida.CatalogosSalida, success=True)
def catalogos():
    """Tipos de documento, tipos de persona, motivos, niveles y grados del formulario."""
    return {
        "tipos_documento": [{"codigo": k, "descripcion": v} for k, v in TIPOS_DOCUMENTO.items()],
        "tipos_persona": list(TIPOS_PERSONA),
        "motivos": vistas.motivos(),
        "niveles": list(esquemas.NIVELES),
        "grados": list(esquemas.GRADOS),
        "grados_por_nivel": {n: list(g) for n, g in esquemas.GRADOS_POR_NIVEL.items()},
    }


@bp.route("/validaciones", methods=["POST"])
@bp.arguments(esquemas.ValidacionEsquema)
@bp.response(200, esquemas.ValidacionSalida)
@respuestas_error(bp, 409, 429)
def validar_identidad(datos):
    """Pasos 3 y 4 — valida la identidad del estudiante (y del apoderado)."""
    cmd = comandos.ValidarIdentidad(
        datos["codigo_modular"],
        datos["anexo"],
        datos["tipo_persona"],
        persona(datos),
        persona(datos["apoderado"]),
    )
    return handlers.validar_identidad(cmd, _ctx().uow_factory(), None, dependencias())


@bp.route("/solicitudes", methods=["POST"])
@bp.arguments(esquemas.SolicitudEsquema)
@bp.response(201, esquemas.SolicitudRegistradaSalida)
@respuestas_error(bp, 409, 429)
def registrar_solicitud(datos):
    """Paso 5 — registra la solicitud; devuelve su N.° y el código de seguimiento."""
    cmd = comandos.RegistrarSolicitud(
        tipo_persona=datos["tipo_persona"],
        estudiante=persona(datos),
        datos=datos_solicitud(datos),
        terminos_version=datos["terminos_version"],
        apoderado=persona(datos["apoderado"]),
    )
    respuesta = handlers.registrar_solicitud(cmd, _ctx().uow_factory(), None, dependencias())
    respuesta["mensaje"] = (
        f"Solicitud N.° {respuesta['numero_solicitud']:08d} registrada. Guarde su código "
        f"de seguimiento: {respuesta['codigo_seguimiento']}."
    )
    return respuesta


@bp.route("/seguimiento/<codigo_seguimiento>", methods=["GET"])
@bp.alt_response(200, schema=salida.SeguimientoSalida, success=True)
@respuestas_error(bp, 400, 404)
def seguimiento(codigo_seguimiento):
    """Estado de una solicitud y su historial, por su código de seguimiento."""
    canonico = leer_codigo_seguimiento(codigo_seguimiento)
    return vistas.seguimiento(_ctx().uow_factory(), canonico, _ctx().config.url_verificacion)


def create_app(config: Config | None = None, registro=None):
    """Application factory of the solicitudes service (``registro``: another identity registry)."""
    config = config or Config.desde_entorno("solicitudes")
    app, api = crear_app_servicio(config, UnidadDeTrabajoSolicitudes)
    api.register_blueprint(bp)
    api.register_blueprint(director.bp)
    api.register_blueprint(operaciones.bp)
    app.extensions["solicitudes"] = Dependencias(
        registro or RegistroIdentidadTabla(app.extensions["mc"].engine),
        config.reconciliar_emision_tras,
    )
    instalar_limites(
        app, config, ["solicitudes.validar_identidad", "solicitudes.registrar_solicitud"]
    )
    conectar_consumidor(app, handlers.MANEJADORES, precargar=handlers.precargar_lote)
    app.extensions["metricas"].append(_avance_de_lotes(app.extensions["mc"].uow_factory))
    return app


def _avance_de_lotes(uow_factory) -> Consulta:
    """Lote progress for /metrics: the requests ordered in lotes, by state."""

    def leer():
        with uow_factory() as uow:
            return uow.solicitudes.en_lotes_por_estado()

    return Consulta(
        "mc_lote_solicitudes", "Solicitudes ordenadas en lotes, por estado.", ["estado"], leer
    )
