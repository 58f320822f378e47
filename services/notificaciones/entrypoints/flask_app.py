"""HTTP entry point of the notificaciones service (health and OpenAPI for now)."""

from __future__ import annotations

from flask_mail import Mail

from services.notificaciones.adapters.correo import EnviadorSmtp, descargar_pdf
from services.notificaciones.service_layer.handlers import Dependencias, manejadores
from services.notificaciones.service_layer.unit_of_work import UnidadDeTrabajoNotificaciones
from shared.config import Config
from shared.web import conectar_consumidor, crear_app_servicio


def create_app(config: Config | None = None):
    """Application factory of the notificaciones service."""
    config = config or Config.desde_entorno("notificaciones")
    app, _api = crear_app_servicio(config, UnidadDeTrabajoNotificaciones)
    mail = Mail(app)
    dep = Dependencias(
        enviador=EnviadorSmtp(mail),
        descargar_pdf=lambda codigo, doc: descargar_pdf(config.url_emision, codigo, doc),
        adjuntar_pdf=config.adjuntar_pdf,
    )
    conectar_consumidor(app, manejadores(dep))
    return app
