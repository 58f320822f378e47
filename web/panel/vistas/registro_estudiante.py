"""Registro de notas of a student notas does not know yet: their data first (from the request)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from wtforms import DateField, StringField
from wtforms.validators import InputRequired, Length, Optional

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario, aplicar_error_api
from web.comun.personal import cliente, requiere_sesion
from web.panel.estudiantes import estudiante as estudiante_de
from web.panel.vistas.registro_notas import STAFF

bp = Blueprint("registro_estudiante", __name__, url_prefix="/registro-notas")


class FormularioEstudiante(Formulario):
    primer_apellido = StringField(
        "Primer apellido", validators=[InputRequired("Indique el primer apellido."), Length(max=80)]
    )
    segundo_apellido = StringField("Segundo apellido", validators=[Optional(), Length(max=80)])
    nombres = StringField(
        "Nombre(s)", validators=[InputRequired("Indique los nombres."), Length(max=120)]
    )
    fecha_nacimiento = DateField(
        "Fecha de nacimiento",
        validators=[InputRequired("Indique la fecha de nacimiento (día, mes y año).")],
    )
    pais = StringField("País", validators=[Optional(), Length(max=60)])


def _sugerencia(persona: dict) -> dict:
    """«FLORES LIZANA, VANESSA DEL PILAR» → apellidos and nombres to confirm."""
    apellidos, _, nombres = (persona.get("apellidos_y_nombres") or "").partition(",")
    partes = apellidos.split()
    return {
        "primer_apellido": partes[0] if partes else "",
        "segundo_apellido": " ".join(partes[1:]),
        "nombres": nombres.strip(),
        "fecha_nacimiento": persona.get("fecha_nacimiento"),
        "pais": persona.get("pais") or "PERÚ",
    }


@bp.route("/<ref>/<nivel>/<grado>/estudiante", methods=["GET", "POST"])
@requiere_sesion(*STAFF)
def estudiante(ref: str, nivel: str, grado: str):
    """Confirm the student's data (taken from the request) to open their record in notas."""
    est = estudiante_de(ref)
    sugerido = _sugerencia(est.get("persona") or {})
    if sugerido["fecha_nacimiento"]:
        sugerido["fecha_nacimiento"] = date.fromisoformat(str(sugerido["fecha_nacimiento"])[:10])
    formulario = FormularioEstudiante(data=sugerido)
    if formulario.validate_on_submit():
        datos = {
            "tipo_documento": est["tipo_documento"],
            "numero_documento": est["numero_documento"],
            **{k: v for k, v in formulario.data.items() if k != "csrf_token"},
        }
        datos["fecha_nacimiento"] = datos["fecha_nacimiento"].isoformat()
        datos["pais"] = datos["pais"] or "PERÚ"
        try:
            cliente("notas").registrar_estudiante(datos)
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            aplicar_error_api(formulario, exc)
        else:
            flash("Se registró al estudiante: ahora registre sus notas.", "exito")
            return redirect(url_for("registro_notas.grado", ref=ref, nivel=nivel, grado=grado))
    estado = 422 if formulario.tiene_errores() else 200
    return render_template(
        "panel/registro_estudiante.html", formulario=formulario, est=est, nivel=nivel
    ), estado
