"""Inicio of the console: what needs attention now."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL

bp = Blueprint("inicio", __name__)


@bp.route("/", methods=["GET"])
def raiz():
    """The console's root: Inicio."""
    return redirect(url_for("inicio.inicio"))


@bp.route("/inicio", methods=["GET"])
@requiere_sesion(ROL)
def inicio():
    """Inicio: how many emails failed and how many are being retried."""
    notificaciones = cliente("notificaciones")
    cifras = [
        ("Correos fallidos", notificaciones.fallidos(por_pagina=1)["total"], "correos.fallidos"),
        ("Correos retrasados (en reintento)", notificaciones.retrasados()["total"], None),
    ]
    return render_template("operaciones/inicio.html", cifras=cifras)
