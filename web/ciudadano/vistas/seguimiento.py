"""Seguimiento: the state of a request and its history, by its tracking code."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, redirect, render_template, url_for

from web.ciudadano.formularios import FormularioSeguimiento
from web.ciudadano.vistas.comun import api, pagina_de_limite
from web.comun.clientes.base import ErrorApi
from web.comun.formularios import aplicar_error_api

bp = Blueprint("seguimiento", __name__, url_prefix="/seguimiento")


@bp.route("/", methods=["GET", "POST"])
def buscar():
    """Type the tracking code (it comes in the acuse email)."""
    formulario = FormularioSeguimiento()
    if formulario.validate_on_submit():
        codigo = formulario.codigo_seguimiento.data.strip().upper()
        return redirect(url_for("seguimiento.ver", codigo=codigo), code=303)
    return render_template("ciudadano/seguimiento.html", formulario=formulario, solicitud=None)


@bp.route("/<codigo>", methods=["GET"])
def ver(codigo: str):
    """The request's state and history (the emails link here)."""
    formulario = FormularioSeguimiento(data={"codigo_seguimiento": codigo})
    try:
        solicitud = api().seguimiento(quote(codigo[:40], safe=""))
    except ErrorApi as exc:
        if exc.estado == 429:
            return pagina_de_limite(exc)
        aplicar_error_api(formulario, exc, {"codigo_seguimiento": "codigo_seguimiento"})
        if not formulario.codigo_seguimiento.errors:
            formulario.codigo_seguimiento.errors = [exc.mensaje]
            formulario.errores_generales.clear()
        estado_http = exc.estado if exc.estado in (400, 404) else 503
        return render_template(
            "ciudadano/seguimiento.html", formulario=formulario, solicitud=None
        ), estado_http
    return render_template(
        "ciudadano/seguimiento.html", formulario=formulario, solicitud=solicitud, codigo=codigo
    )
