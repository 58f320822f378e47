"""The app factory every frontend builds on: layout, static files, session, CSRF, errors."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException

from web.comun import filtros
from web.comun.clientes.base import ApiNoDisponible
from web.comun.config import ConfigWeb
from web.comun.sesion import InterfazSesion, almacen_desde

CARPETA = Path(__file__).parent
# No inline script anywhere: htmx and our own JS are files; htmx's indicator styles are ours.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_MENSAJES = {
    400: "La petición no es válida.",
    403: "No tiene permiso para ver esta página.",
    404: "La página no existe.",
    405: "Esta acción no se puede hacer así.",
    413: "El archivo es demasiado grande.",
    429: "Demasiados intentos; intente nuevamente en unos minutos.",
}

csrf = CSRFProtect()


def crear_app_web(config: ConfigWeb, import_name: str, carpeta_plantillas: Path) -> Flask:
    """A Flask app for one frontend: its templates first, then web/comun's."""
    app = Flask(import_name, template_folder=str(carpeta_plantillas), static_folder=None)
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(str(carpeta_plantillas)), FileSystemLoader(str(CARPETA / "templates"))]
    )
    app.config.update(
        SECRET_KEY=config.clave_secreta,
        TESTING=config.testing,
        SESSION_COOKIE_SECURE=config.cookie_segura,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the (server-side) session
        WTF_CSRF_SSL_STRICT=config.cookie_segura,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        APPLICATION_ROOT=config.prefijo_url or "/",
    )
    app.extensions["mc_web"] = config
    app.session_interface = InterfazSesion(
        almacen_desde(config.almacen_sesiones, config.nombre),
        config.minutos_sesion,
        config.horas_sesion_maximas,
    )
    csrf.init_app(app)
    app.add_url_rule("/comun-static/<path:filename>", "comun_static", _estatico, methods=["GET"])
    filtros.registrar(app)
    app.jinja_env.globals.update(ayuda_correo=config.ayuda_correo, ayuda_url=config.ayuda_url)
    _registrar_errores(app)
    app.before_request(_correlacion)
    app.after_request(_cabeceras_seguridad)
    app.add_url_rule("/salud", "salud", lambda: {"estado": "ok"})
    return app


def _estatico(filename: str):
    from flask import send_from_directory

    respuesta = send_from_directory(CARPETA / "static", filename, max_age=3600)
    return respuesta


def _correlacion() -> None:
    g.correlacion = request.headers.get("X-Correlation-ID") or secrets.token_hex(16)


def _cabeceras_seguridad(respuesta):
    respuesta.headers.setdefault("Content-Security-Policy", CSP)
    respuesta.headers.setdefault("X-Content-Type-Options", "nosniff")
    respuesta.headers.setdefault("X-Frame-Options", "DENY")
    respuesta.headers.setdefault("Referrer-Policy", "same-origin")
    if respuesta.mimetype == "text/html":
        respuesta.headers.setdefault("Cache-Control", "no-store")
    return respuesta


def _registrar_errores(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        mensaje = (
            "La página estuvo abierta demasiado tiempo o su sesión cambió. "
            "Vuelva a la página anterior, recárguela e intente otra vez."
        )
        return render_template(
            "comun/error.html", titulo="Formulario vencido", mensaje=mensaje
        ), 400

    @app.errorhandler(ApiNoDisponible)
    def _no_disponible(exc):
        return (
            render_template(
                "comun/error.html", titulo="Servicio no disponible", mensaje=exc.mensaje
            ),
            503,
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        codigo = exc.code or 500
        mensaje = _MENSAJES.get(codigo, "Ocurrió un error.")
        return render_template("comun/error.html", titulo=mensaje, mensaje=""), codigo
