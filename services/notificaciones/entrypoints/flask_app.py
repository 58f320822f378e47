"""HTTP entry point of the notificaciones service: resends (staff), failed mail (operations)."""

from __future__ import annotations

from flask import current_app, g
from flask_mail import Mail
from flask_smorest import Blueprint

from services.notificaciones.adapters.correo import EnviadorSmtp, descargar_pdf
from services.notificaciones.adapters.plantillas import Redactor
from services.notificaciones.adapters.repositorio import FiltroFallidos
from services.notificaciones.entrypoints import esquemas
from services.notificaciones.entrypoints.tareas import encolador, registrar_tareas
from services.notificaciones.service_layer import comandos, handlers, vistas
from services.notificaciones.service_layer.barrido import politica_de
from services.notificaciones.service_layer.dependencias import Dependencias
from services.notificaciones.service_layer.unit_of_work import UnidadDeTrabajoNotificaciones
from shared.acceso_web import requiere_rol
from shared.config import Config
from shared.esquemas_comunes import PaginaEsquema, respuestas_error
from shared.peticion import uow
from shared.web import conectar_consumidor, crear_app_servicio

bp = Blueprint(
    "notificaciones",
    __name__,
    url_prefix="/api/notificaciones",
    description="Reenvío de correos y correos fallidos",
)
SEGURIDAD = [{"bearer": []}]
# Who acts on requests (and so may resend their emails); the scope is checked per request.
ATIENDEN = ("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")
_FILTRO = ("desde", "hasta", "codigo_modular", "anexo", "motivo_falla")


def _dep() -> Dependencias:
    return current_app.extensions["notificaciones"]


def _filtro(datos: dict) -> FiltroFallidos:
    return FiltroFallidos(**{k: datos[k] for k in _FILTRO})


@bp.route("/solicitudes/<int:numero_solicitud>/correo", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ATIENDEN)
@bp.response(200, esquemas.DialogoReenvioSalida)
@respuestas_error(bp, 401, 403, 404)
def dialogo_reenvio(numero_solicitud):
    """Datos del diálogo «Reenvío de correo electrónico» de una solicitud de su IE."""
    return vistas.correo_de_solicitud(uow(), g.usuario, numero_solicitud)


@bp.route("/solicitudes/<int:numero_solicitud>/reenvios", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ATIENDEN)
@bp.arguments(esquemas.ReenvioEsquema)
@bp.response(202, esquemas.ReenvioSalida)
@respuestas_error(bp, 401, 403, 404, 409)
def reenviar(datos, numero_solicitud):
    """Reenvía el correo de la solicitud (acuse, rechazo o certificado) al registrado o a otro."""
    cmd = comandos.ReenviarCorreo(numero_solicitud, datos["correo_alternativo"])
    return handlers.reenviar_correo(cmd, uow(), g.usuario, _dep())


@bp.route("/fallidos", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(esquemas.ListaFallidosEsquema, location="query")
@bp.response(200, esquemas.PaginaFallidosSalida)
@respuestas_error(bp, 401, 403)
def fallidos(datos):
    """Correos fallidos, filtrados por fecha de la falla, IE y motivo."""
    return vistas.fallidos(uow(), _filtro(datos), datos["pagina"], datos["por_pagina"])


@bp.route("/retrasados", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(PaginaEsquema, location="query")
@bp.response(200, esquemas.PaginaFallidosSalida)
@respuestas_error(bp, 401, 403)
def retrasados(datos):
    """Correos retrasados: fallaron de forma transitoria y se reintentan hasta su plazo."""
    return vistas.retrasados(uow(), datos["pagina"], datos["por_pagina"])


@bp.route("/correos/<int:correo_id>", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.response(200, esquemas.CorreoDetalleSalida)
@respuestas_error(bp, 401, 403, 404)
def correo(correo_id):
    """Un correo y cada intento de entrega."""
    return vistas.correo(uow(), correo_id)


@bp.route("/fallidos/<int:correo_id>/reenvio", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(esquemas.ReenvioEsquema)
@bp.response(202, esquemas.ReenvioSalida)
@respuestas_error(bp, 401, 403, 404, 409)
def reenviar_fallido(datos, correo_id):
    """Reenvía un correo fallido, una sola vez aunque se pida dos veces."""
    cmd = comandos.ReenviarFallido(correo_id, datos["correo_alternativo"])
    return handlers.reenviar_fallido(cmd, uow(), g.usuario, _dep())


@bp.route("/fallidos/reenvios", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(esquemas.ReenvioMasivoEsquema)
@bp.response(202, esquemas.ReenvioMasivoSalida)
@respuestas_error(bp, 401, 403)
def reenviar_fallidos(datos):
    """Reenvía todos los correos fallidos que cumplen el filtro."""
    cmd = comandos.ReenviarFallidos(_filtro(datos), datos["limite"])
    return handlers.reenviar_fallidos(cmd, uow(), g.usuario, _dep())


def create_app(config: Config | None = None, descargar=None, encolar=None):
    """Application factory of the notificaciones service (tests may pass the PDF source/queue)."""
    config = config or Config.desde_entorno("notificaciones")
    app, api = crear_app_servicio(config, UnidadDeTrabajoNotificaciones)
    api.register_blueprint(bp)
    dep = Dependencias(
        enviador=EnviadorSmtp(Mail(app)),
        redactor=Redactor(
            config.url_descarga or config.url_verificacion,
            config.clave_servicios,
            config.vigencia_enlace_descarga,
            url_portal=config.url_portal,
            ayuda_correo=config.ayuda_correo,
        ),
        descargar_pdf=descargar
        or (lambda codigo: descargar_pdf(config.url_emision, config.clave_servicios, codigo)),
        adjuntar_pdf=config.adjuntar_pdf,
        politica=politica_de(config),
        encolar=encolar or encolador(app.extensions["mc"].celery),
    )
    app.extensions["notificaciones"] = dep
    conectar_consumidor(app, handlers.MANEJADORES, dep)
    registrar_tareas(app)
    return app
