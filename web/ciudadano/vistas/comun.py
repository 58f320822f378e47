"""What the citizen's views share: the public API clients and the limit page."""

from __future__ import annotations

from flask import render_template

from web.comun import personal
from web.comun.clientes.base import ErrorApi


def api(servicio: str = "solicitudes"):
    """A public client (no staff token) of ``servicio``."""
    return personal.cliente(servicio, con_token=False)


def pagina_de_limite(exc: ErrorApi):
    """The API's anti-abuse limit, as a page (not JSON), status 429."""
    return render_template("ciudadano/limite.html", mensaje=exc.mensaje), 429
