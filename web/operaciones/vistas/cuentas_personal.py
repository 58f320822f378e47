"""Cuentas del personal: list and search staff accounts (cuentas), deactivate, reactivate,
send a set-password link. The usuario (a document number) travels only in POST bodies."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario, aplicar_error_api, opciones
from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL

bp = Blueprint("personal", __name__)
POR_PAGINA = 20
ROLES = (
    ("", "Todos"),
    ("DIRECTOR_IE", "Director de IE"),
    ("ESPECIALISTA_UGEL", "Especialista UGEL"),
    ("OACIGED", "OACIGED"),
    ("OPERACIONES", "Operaciones"),
)


class FormularioFiltro(Formulario):
    class Meta:
        csrf = False

    q = StringField(
        "Buscar",
        validators=[Optional(), Length(min=2, max=100, message="De 2 a 100 caracteres.")],
        render_kw={"spellcheck": "false"},
    )
    rol = SelectField("Rol", choices=opciones(ROLES), validators=[Optional()])
    activa = SelectField(
        "Estado",
        choices=opciones([("", "Todas"), ("true", "Activas"), ("false", "Desactivadas")]),
        validators=[Optional()],
    )

    def filtro(self) -> dict:
        return {k: (self[k].data or "").strip() for k in ("q", "rol", "activa") if self[k].data}


class FormularioCuenta(Formulario):
    usuario = HiddenField(validators=[DataRequired("Falta la cuenta.")])


class FormularioDesactivacion(FormularioCuenta):
    motivo = StringField(
        "Motivo de la desactivación",
        validators=[
            DataRequired("Indique el motivo de la desactivación."),
            Length(min=3, max=300, message="De 3 a 300 caracteres."),
        ],
    )


@bp.route("/cuentas-del-personal", methods=["GET"])
@requiere_sesion(ROL)
def cuentas():
    """Every staff account that matches: rol, IE or UGEL, activa, TOTP, last sign-in."""
    formulario = FormularioFiltro(request.args)
    pagina = max(request.args.get("pagina", 1, type=int), 1)
    resultado = None
    if formulario.validate():
        try:
            resultado = cliente("cuentas").cuentas(
                pagina=pagina, por_pagina=POR_PAGINA, **formulario.filtro()
            )
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            aplicar_error_api(formulario, exc)
    return render_template(
        "operaciones/cuentas.html",
        formulario=formulario,
        resultado=resultado,
        filtro=formulario.filtro(),
    ), (400 if formulario.tiene_errores() else 200)


def _confirmar(formulario: FormularioDesactivacion, estado: int = 200):
    cuenta = cliente("cuentas").cuenta(formulario.usuario.data)
    return render_template(
        "operaciones/desactivar_cuenta.html", formulario=formulario, cuenta_elegida=cuenta
    ), estado


@bp.route("/cuentas-del-personal/desactivacion", methods=["POST"])
@requiere_sesion(ROL)
def desactivar():
    """First the confirmation page with the motivo; then the deactivation itself."""
    if request.form.get("paso") != "confirmar":
        usuario = request.form.get("usuario")
        return _confirmar(FormularioDesactivacion(formdata=None, usuario=usuario))
    formulario = FormularioDesactivacion()
    if not formulario.validate_on_submit():
        return _confirmar(formulario, 400)
    try:
        cuenta = cliente("cuentas").desactivar(formulario.usuario.data, formulario.motivo.data)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        aplicar_error_api(formulario, exc)
        return _confirmar(formulario, exc.estado)
    flash(f"Se desactivó la cuenta de {cuenta['nombre']}: ya no puede iniciar sesión.", "exito")
    return redirect(url_for("personal.cuentas"))


def _accion(llamada, exito: str):
    formulario = FormularioCuenta()
    if not formulario.validate_on_submit():
        flash("No se pudo completar la acción: vuelva a intentarlo desde la lista.", "error")
        return redirect(url_for("personal.cuentas"))
    try:
        respuesta = llamada(formulario.usuario.data)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        flash(f"No se pudo completar la acción: {exc.mensaje}", "error")
    else:
        flash(exito.format(**(respuesta or {})), "exito")
    return redirect(url_for("personal.cuentas"))


@bp.route("/cuentas-del-personal/reactivacion", methods=["POST"])
@requiere_sesion(ROL)
def reactivar():
    """Reactivate a deactivated account."""
    return _accion(cliente("cuentas").reactivar, "Se reactivó la cuenta de {nombre}.")


@bp.route("/cuentas-del-personal/enlace", methods=["POST"])
@requiere_sesion(ROL)
def enviar_enlace():
    """A set-password link to the account's registered email (valid 1 hour)."""
    return _accion(cliente("cuentas").enviar_enlace, "{mensaje}")
