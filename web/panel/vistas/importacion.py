"""Importar actas (CSV) in the browser, with notas' per-row report."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_wtf.file import FileField, FileRequired

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario, aplicar_error_api
from web.comun.personal import cliente, requiere_sesion
from web.panel.menu import STAFF

bp = Blueprint("importacion", __name__, url_prefix="/registro-notas")
LIMITE = 5 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH as well


class FormularioActas(Formulario):
    archivo = FileField(
        "Archivo CSV de actas", validators=[FileRequired("Adjunte el archivo CSV de las actas.")]
    )


@bp.route("/importacion", methods=["GET", "POST"])
@requiere_sesion(*STAFF)
def importar():
    """Upload a CSV of actas; show what was saved and each refused row (fila, campo, motivo)."""
    formulario = FormularioActas()
    reporte = None
    if formulario.validate_on_submit():
        contenido = formulario.archivo.data.read()
        nombre = (formulario.archivo.data.filename or "").lower()
        if not nombre.endswith((".csv", ".txt")):
            formulario.archivo.errors = ["El archivo debe ser un CSV (.csv)."]
        else:
            try:
                reporte = cliente("notas").importar_actas(contenido)
            except ErrorApi as exc:
                if exc.estado >= 500:
                    raise
                aplicar_error_api(formulario, exc, {"_cuerpo": "archivo"})
    estado = 422 if formulario.tiene_errores() else 200
    return render_template("panel/importacion.html", formulario=formulario, reporte=reporte), estado
