"""Claves de firma: the QR seal's Ed25519 keys (emision) and which of them verificacion knows,
the PDF's PAdES certificate; rotate the seal's key after a confirmation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario
from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL

bp = Blueprint("claves", __name__)


@bp.route("/claves-de-firma", methods=["GET"])
@requiere_sesion(ROL)
def claves():
    """Every seal key with its window (active, retired), verificacion's copy, the PAdES cert."""
    datos = cliente("emision").claves()
    try:
        conocidas = {c["kid"] for c in cliente("verificacion").claves()}
    except ErrorApi:  # verificacion down or without keys yet: said on the page, not a crash
        conocidas = None
    return render_template("operaciones/claves.html", datos=datos, conocidas=conocidas)


@bp.route("/claves-de-firma/rotacion", methods=["GET", "POST"])
@requiere_sesion(ROL)
def rotar():
    """GET: what rotating does, and the confirmation; POST: rotate."""
    formulario = Formulario()
    if not formulario.validate_on_submit():
        activa = next((c for c in cliente("emision").claves()["claves"] if c["activa"]), None)
        return render_template("operaciones/rotar_clave.html", formulario=formulario, activa=activa)
    respuesta = cliente("emision").rotar_clave()
    flash(respuesta["mensaje"], "exito")
    return redirect(url_for("claves.claves"))
