"""App factory of the staff panel: one blueprint per area of the seed's menu."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from web.comun import personal
from web.comun.app import crear_app_web
from web.comun.config import ConfigWeb
from web.panel import menu
from web.panel.vistas import (
    configuracion,
    emision_directa,
    importacion,
    inicio,
    lotes,
    registro_areas,
    registro_estudiante,
    registro_notas,
    sesion,
    solicitudes,
)


def create_app(config: ConfigWeb | None = None) -> Flask:
    """The panel's Flask app (configuration from the environment unless given)."""
    config = config or ConfigWeb.desde_entorno("panel")
    app = crear_app_web(config, __name__, Path(__file__).parent / "templates")
    app.jinja_env.globals["base_layout"] = "base.html"  # error pages keep the menu
    personal.instalar(app)
    menu.instalar(app)
    for modulo in (
        sesion,
        inicio,
        solicitudes,
        lotes,
        registro_notas,
        registro_areas,
        registro_estudiante,
        configuracion,
        emision_directa,
        importacion,
    ):
        app.register_blueprint(modulo.bp)
    return app
