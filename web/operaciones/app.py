"""App factory of the operations console: one blueprint per screen of the menu."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from shared.config import SERVICIOS
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


def metricas_del_entorno(env) -> dict:
    """Where the health page reads /metrics behind the gateway, which does not route them:
    ``URL_METRICAS_<SERVICIO>`` (each service inside the network) and ``URL_METRICAS_RELAY``."""
    extras = {}
    if env.get("URL_METRICAS_RELAY"):
        extras["url_metricas_relay"] = env["URL_METRICAS_RELAY"]
    propias = {
        s: env[f"URL_METRICAS_{s.upper()}"]
        for s in SERVICIOS
        if env.get(f"URL_METRICAS_{s.upper()}")
    }
    if propias:
        extras["urls_metricas"] = propias
    return extras


def create_app(config: ConfigWeb | None = None) -> Flask:
    """The console's Flask app (configuration from the environment unless given)."""
    if config is None:
        config = ConfigWeb.desde_entorno("operaciones")
        config = config.con(extras={**config.extras, **metricas_del_entorno(os.environ)})
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
