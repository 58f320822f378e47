"""Padrón de IIEE: import the padrón from a CSV (per-row report) and search it (notas)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from web.comun.formularios import Formulario, opciones
from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL
from web.operaciones.vistas.importacion import enviar, leer_csv

bp = Blueprint("padron", __name__)


class FormularioBusqueda(Formulario):
    class Meta:
        csrf = False

    q = StringField(
        "Nombre o código modular de la IE",
        validators=[Optional(), Length(min=3, max=100, message="De 3 a 100 caracteres.")],
        render_kw={"spellcheck": "false"},
    )
    estado = SelectField(
        "Estado",
        choices=opciones([("", "Todas"), ("ACTIVA", "Activa"), ("CERRADA", "Cerrada")]),
        validators=[Optional()],
    )


class FormularioPadron(Formulario):
    archivo = FileField(
        "Archivo CSV del padrón", validators=[FileRequired("Adjunte el archivo CSV del padrón.")]
    )


def _pagina(busqueda: FormularioBusqueda, importacion: FormularioPadron, reporte=None):
    instituciones = None
    if busqueda.q.data and busqueda.validate():
        filtro = {"q": busqueda.q.data.strip(), "estado": busqueda.estado.data or None}
        instituciones = enviar(busqueda, lambda: cliente("notas").instituciones(**filtro))
    errores = busqueda.tiene_errores() or importacion.tiene_errores()
    return render_template(
        "operaciones/padron.html",
        busqueda=busqueda,
        importacion=importacion,
        instituciones=instituciones,
        reporte=reporte,
    ), (422 if importacion.tiene_errores() else 400 if errores else 200)


@bp.route("/padron", methods=["GET"])
@requiere_sesion(ROL)
def padron():
    """Search the padrón by name or código modular; the import form."""
    return _pagina(FormularioBusqueda(request.args), FormularioPadron(formdata=None))


@bp.route("/padron/importacion", methods=["POST"])
@requiere_sesion(ROL)
def importar():
    """Upload the padrón's CSV: every row with its IE and GUARDADA or RECHAZADA (and why)."""
    formulario = FormularioPadron()
    reporte = None
    if formulario.validate_on_submit():
        contenido = leer_csv(formulario.archivo)
        if contenido is not None:
            reporte = enviar(
                formulario,
                lambda: cliente("notas").importar_padron(contenido),
                {"_cuerpo": "archivo"},
            )
    return _pagina(FormularioBusqueda(formdata=None), formulario, reporte)
