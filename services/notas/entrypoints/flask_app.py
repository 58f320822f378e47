"""HTTP entry point of the notas service: the app factory and its three blueprints."""

from __future__ import annotations

from services.notas.entrypoints import api_catalogo, api_instituciones, api_registro
from services.notas.service_layer.dependencias import Dependencias
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.config import Config
from shared.web import conectar_consumidor, crear_app_servicio


def create_app(config: Config | None = None):
    """Application factory of the notas service."""
    config = config or Config.desde_entorno("notas")
    app, api = crear_app_servicio(config, UnidadDeTrabajoNotas)
    for modulo in (api_instituciones, api_registro, api_catalogo):
        api.register_blueprint(modulo.bp)
    dep = Dependencias()
    app.extensions["notas"] = dep
    conectar_consumidor(app, {}, dep)
    return app
