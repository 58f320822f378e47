"""App factory of the operations console: one blueprint per screen of the menu."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from web.comun import personal
from web.comun.app import crear_app_web
from web.comun.config import ConfigWeb
from web.operaciones import menu
from web.operaciones.vistas import correos, inicio, mensajes, sesion


def create_app(config: ConfigWeb | None = None) -> Flask:
    """The console's Flask app (configuration from the environment unless given)."""
    config = config or ConfigWeb.desde_entorno("operaciones")
    app = crear_app_web(config, __name__, Path(__file__).parent / "templates")
    app.jinja_env.globals["base_layout"] = "base.html"  # error pages keep the menu
    personal.instalar(app)
    menu.instalar(app)
    for modulo in (sesion, inicio, correos, mensajes):
        app.register_blueprint(modulo.bp)
    return app
