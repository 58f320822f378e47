"""Inicio: the counts that matter in the person's queues."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for

from web.comun.personal import cliente, requiere_sesion
from web.panel.menu import STAFF

bp = Blueprint("inicio", __name__)

# (label, field of the API's counts, where the link leads, with which filters)
CIFRAS = (
    ("Pendientes", "pendientes", "solicitudes.pendientes", {"estado": "PENDIENTE"}),
    ("Información completa", "informacion_completa", "lotes.semiautomatica", {}),
    ("En emisión", "en_emision", "solicitudes.pendientes", {"estado": "EN EMISIÓN"}),
    ("Fallidas", "fallidas", "solicitudes.pendientes", {"estado": "ERROR"}),
)


@bp.route("/", methods=["GET"])
def raiz():
    """The panel's root: Inicio."""
    return redirect(url_for("inicio.inicio"))


@bp.route("/inicio", methods=["GET"])
@requiere_sesion(*STAFF)
def inicio():
    """Inicio: pendientes, información completa, en emisión, fallidas (one API call)."""
    totales = cliente("solicitudes").cifras()
    cifras = []
    for etiqueta, campo, endpoint, filtros in CIFRAS:
        url = url_for(endpoint, **filtros) if endpoint in current_app.view_functions else None
        cifras.append({"etiqueta": etiqueta, "total": totales[campo], "url": url})
    return render_template("panel/inicio.html", cifras=cifras)
