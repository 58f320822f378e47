"""Registro de identidad: load persons and parent/apoderado links from CSV (solicitudes)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_wtf.file import FileField, FileRequired

from web.comun.formularios import Formulario
from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL
from web.operaciones.vistas.importacion import enviar, leer_csv

bp = Blueprint("identidad", __name__)


class FormularioIdentidad(Formulario):
    personas = FileField(
        "Archivo CSV de personas",
        validators=[FileRequired("Adjunte el archivo CSV de personas.")],
    )
    vinculos = FileField("Archivo CSV de vínculos (opcional)")


@bp.route("/registro-identidad", methods=["GET", "POST"])
@requiere_sesion(ROL)
def cargar():
    """Upload the registry's CSV files; nothing is loaded if a row is refused (each one shown)."""
    formulario = FormularioIdentidad()
    reporte = None
    if formulario.validate_on_submit():
        personas = leer_csv(formulario.personas)
        vinculos = leer_csv(formulario.vinculos)
        if personas is not None and not formulario.tiene_errores():
            reporte = enviar(
                formulario,
                lambda: cliente("solicitudes").importar_registro_identidad(personas, vinculos),
            )
    estado = 422 if formulario.tiene_errores() or (reporte and not reporte["cargado"]) else 200
    return render_template(
        "operaciones/identidad.html", formulario=formulario, reporte=reporte
    ), estado
