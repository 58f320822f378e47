"""Salud del sistema: every service, its database and broker, the outbox lag, queue depths."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from shared import metricas
from web.comun.personal import requiere_sesion
from web.operaciones import salud as sonda
from web.operaciones.menu import ROL

bp = Blueprint("salud", __name__)


def url_relay() -> str | None:
    """The relay's /metrics: URL_METRICAS_RELAY, else its local port (MC_METRICAS_PUERTO_BASE)."""
    config = current_app.extensions["mc_web"]
    if "url_metricas_relay" in config.extras:
        return config.extras["url_metricas_relay"] or None
    puerto = metricas.puerto_de(None)
    return f"http://127.0.0.1:{puerto}/metrics" if puerto else None


@bp.route("/salud-del-sistema", methods=["GET"])
@requiere_sesion(ROL)
def salud():
    """Each service's health check and outbox, and every queue's depth."""
    config = current_app.extensions["mc_web"]
    urls = config.urls
    resultado = sonda.leer(urls, url_relay(), config.extras.get("urls_metricas"))
    return render_template("operaciones/salud.html", salud=resultado, urls=urls)
