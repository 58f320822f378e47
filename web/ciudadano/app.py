"""App factory of the citizen's portal (the Solicitud WEB), served at / behind the gateway."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory

from web.ciudadano.vistas import certificados, inicio, seguimiento, solicitud
from web.comun.app import crear_app_web
from web.comun.config import ConfigWeb


def create_app(config: ConfigWeb | None = None) -> Flask:
    """The portal's Flask app (configuration from the environment unless given)."""
    config = config or ConfigWeb.desde_entorno("ciudadano")
    app = crear_app_web(config, __name__, Path(__file__).parent / "templates")
    app.add_url_rule("/ciudadano-static/<path:filename>", "static", _estatico, methods=["GET"])
    # The verifier's pages are verificacion's own (/v/ behind the gateway, its port embedded).
    app.jinja_env.globals["url_verificacion"] = config.urls["verificacion"] + "/v/"
    for modulo in (inicio, solicitud, seguimiento, certificados):
        app.register_blueprint(modulo.bp)
    return app


def _estatico(filename: str):
    return send_from_directory(Path(__file__).parent / "static", filename, max_age=3600)
