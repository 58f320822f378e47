"""Inicio: the counts that matter in the person's queues."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for

from web.comun.personal import cliente, requiere_sesion

bp = Blueprint("inicio", __name__)
STAFF = ("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")

# (label, filters of the «pendientes» queue, where the link leads)
CIFRAS = (
    ("Pendientes", {"estado": "PENDIENTE"}, "solicitudes.pendientes"),
    ("Información completa", {"completitud": "INFORMACIÓN COMPLETA"}, "lotes.semiautomatica"),
    ("En emisión", {"estado": "EN EMISIÓN"}, "solicitudes.pendientes"),
    ("Fallidas", {"estado": "ERROR"}, "solicitudes.pendientes"),
)


@bp.route("/", methods=["GET"])
def raiz():
    """The panel's root: Inicio."""
    return redirect(url_for("inicio.inicio"))


@bp.route("/inicio", methods=["GET"])
@requiere_sesion(*STAFF)
def inicio():
    """Inicio: pendientes, información completa, en emisión, fallidas."""
    solicitudes = cliente("solicitudes")
    cifras = []
    for etiqueta, filtros, endpoint in CIFRAS:
        total = solicitudes.cola("pendientes", por_pagina=1, **filtros)["total"]
        args = {k: v for k, v in filtros.items() if endpoint == "solicitudes.pendientes"}
        url = url_for(endpoint, **args) if endpoint in current_app.view_functions else None
        cifras.append({"etiqueta": etiqueta, "total": total, "url": url})
    return render_template("panel/inicio.html", cifras=cifras)
