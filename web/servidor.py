"""Every web frontend in one WSGI app, as the gateway routes them: /panel/ and, when present,
the citizen portal at / (embedded mode and `make run`; in real mode nginx does this).

Hook for the other frontends: add (prefix, module) to FRONTENDS; a module that is not there yet
is skipped.
"""

from __future__ import annotations

import importlib

from flask import Flask, redirect
from werkzeug.middleware.dispatcher import DispatcherMiddleware

# (URL prefix, module with create_app): the gateway's routes (docs/architecture.md).
FRONTENDS = (
    ("/panel", "web.panel.app"),
    ("/operaciones", "web.operaciones.app"),
    ("", "web.ciudadano.app"),
)


def _crear(modulo: str) -> Flask | None:
    try:
        fabrica = importlib.import_module(modulo).create_app
    except ModuleNotFoundError as exc:
        if exc.name and modulo.startswith(exc.name):
            return None
        raise
    return fabrica()


def create_app():
    """One WSGI app: each available frontend under its prefix."""
    montadas = {prefijo: app for prefijo, m in FRONTENDS if (app := _crear(m)) is not None}
    raiz = montadas.pop("", None)
    if raiz is None:
        raiz = Flask(__name__)
        raiz.add_url_rule("/", "raiz", lambda: redirect("/panel/"))
        raiz.add_url_rule("/salud", "salud", lambda: {"estado": "ok"})
    return DispatcherMiddleware(raiz, montadas)


def disponibles() -> list[str]:
    """The prefixes of the frontends this checkout has."""
    return [p or "/" for p, m in FRONTENDS if importlib.util.find_spec(m) is not None]
