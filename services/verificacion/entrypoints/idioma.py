"""Spanish or English for the verifier's pages: Babel message catalogs (Flask-Babel).

The language comes from a visible switch (a POST form: no personal data in any URL, and the
holder's document number travels again only in the form of the page that had it), then the
``idioma`` cookie it sets, then ``Accept-Language``; Spanish is the default. The JSON API stays
in Spanish: its messages are the glossary's.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, request
from flask_babel import Babel, get_locale, gettext
from werkzeug.exceptions import RequestEntityTooLarge

IDIOMAS = ("es", "en")
COOKIE = "idioma"
UN_ANIO = 365 * 24 * 3600
TRADUCCIONES = Path(__file__).resolve().parent.parent / "traducciones"

idioma = Blueprint("idioma", __name__, url_prefix="/v")


def elegir_idioma() -> str:
    """The switch's choice in this very form, else the cookie, else the browser's languages."""
    if request.path.startswith("/api/"):
        return "es"
    elegido = _elegido_en_el_formulario()
    if elegido in IDIOMAS:
        return elegido
    if request.cookies.get(COOKIE) in IDIOMAS:
        return request.cookies[COOKIE]
    return request.accept_languages.best_match(IDIOMAS, default="es")


def idioma_actual() -> str:
    """The language of the page being rendered ("es" or "en")."""
    return str(get_locale() or "es")


def traducir(texto: str | None) -> str:
    """A text that came as data (a domain message id): translated when the catalog has it."""
    return gettext(texto) if texto else ""


def _volver(destino: str) -> str:
    """Only a path of this site's verification pages: never an open redirect."""
    partes = urlsplit(destino)
    if partes.scheme or partes.netloc or not partes.path.startswith("/v/"):
        return "/v/"
    return partes.path + (f"?{partes.query}" if partes.query else "")


@idioma.route("/idioma", methods=["POST"])
def cambiar_idioma():
    """The visible switch of a GET page: remember the language and go back to that page."""
    return redirect(_volver(request.form.get("volver", "/v/")), code=303)


def _elegido_en_el_formulario() -> str | None:
    if request.method != "POST" or request.path.startswith("/api/"):
        return None
    try:
        return request.form.get(COOKIE)
    except RequestEntityTooLarge:  # the view already answered that
        return None


def instalar_idiomas(app: Flask) -> None:
    """Message catalogs, the language selector and the cookie the switch leaves."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRADUCCIONES)
    app.config["BABEL_DEFAULT_LOCALE"] = "es"
    Babel(app, locale_selector=elegir_idioma)
    app.register_blueprint(idioma)
    app.jinja_env.globals["idioma_actual"] = idioma_actual
    app.jinja_env.filters["traducir"] = traducir

    @app.after_request
    def _recordar(respuesta):
        elegido = _elegido_en_el_formulario()
        if elegido in IDIOMAS:
            respuesta.set_cookie(
                COOKIE, elegido, max_age=UN_ANIO, samesite="Lax", secure=request.is_secure,
                httponly=True, path="/v/",
            )  # fmt: skip
        if not request.path.startswith("/api/"):
            respuesta.vary.update(("Accept-Language", "Cookie"))
        return respuesta
