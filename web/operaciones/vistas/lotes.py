"""Lotes in progress and finished with their progress; requests stuck EN EMISIÓN."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario, aplicar_error_api
from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL

bp = Blueprint("lotes", __name__)


class FormularioUmbral(Formulario):
    class Meta:
        csrf = False

    minutos = IntegerField(
        "EN EMISIÓN desde hace más de (minutos)",
        default=30,
        validators=[
            Optional(),
            NumberRange(min=1, max=10080, message="De 1 a 10080 minutos."),
        ],
        render_kw={"inputmode": "numeric"},
    )


@bp.route("/lotes", methods=["GET"])
@requiere_sesion(ROL)
def lotes():
    """Every lote, newest first, and the requests stuck EN EMISIÓN past the threshold."""
    formulario = FormularioUmbral(request.args)
    pagina = max(request.args.get("pagina", 1, type=int), 1)
    solicitudes = cliente("solicitudes")
    resultado = solicitudes.lotes_operaciones(pagina)
    atascadas = None
    if formulario.validate():
        try:
            atascadas = solicitudes.atascadas(formulario.minutos.data or 30)
        except ErrorApi as exc:
            aplicar_error_api(formulario, exc)
    estado = 400 if formulario.tiene_errores() else 200
    return render_template(
        "operaciones/lotes.html", resultado=resultado, atascadas=atascadas, formulario=formulario
    ), estado
