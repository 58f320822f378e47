"""App factory of the operations console: one blueprint per screen of the menu."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from web.comun import personal
from web.comun.app import crear_app_web
from web.comun.config import ConfigWeb
from web.operaciones import menu
from web.operaciones.vistas import (
    claves,
    correos,
    cuentas_personal,
    identidad,
    inicio,
    lotes,
    mensajes,
    padron,
    salud,
    sesion,
)


def create_app(config: ConfigWeb | None = None) -> Flask:
    """The console's Flask app (configuration from the environment unless given)."""
    if config is None:
        config = ConfigWeb.desde_entorno("operaciones")
        if os.environ.get("URL_METRICAS_RELAY"):  # behind the gateway: where the relay's are
            extras = {**config.extras, "url_metricas_relay": os.environ["URL_METRICAS_RELAY"]}
            config = config.con(extras=extras)
    app = crear_app_web(config, __name__, Path(__file__).parent / "templates")
    app.jinja_env.globals["base_layout"] = "base.html"  # error pages keep the menu
    personal.instalar(app)
    menu.instalar(app)
    pantallas = (
        sesion,
        inicio,
        correos,
        mensajes,
        lotes,
        padron,
        identidad,
        cuentas_personal,
        claves,
        salud,
    )
    for modulo in pantallas:
        app.register_blueprint(modulo.bp)
    return app
