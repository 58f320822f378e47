"""Correos fallidos: filter, open one with every attempt, replay one or every match."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional, Regexp

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario, aplicar_error_api
from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL

bp = Blueprint("correos", __name__)
FILTRO = ("desde", "hasta", "codigo_modular", "anexo", "motivo_falla")
POR_PAGINA = 20
CORREO = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class FormularioFiltro(Formulario):
    """The list's filter: read from the query string (no personal data in it)."""

    class Meta:
        csrf = False

    desde = DateField("Falló desde", validators=[Optional()])
    hasta = DateField("Falló hasta", validators=[Optional()])
    codigo_modular = StringField(
        "Código modular de la IE",
        validators=[Optional(), Regexp(r"^\d{7}$", message="El código modular tiene 7 dígitos.")],
        render_kw={"inputmode": "numeric", "maxlength": 7},
    )
    anexo = StringField(
        "Anexo",
        validators=[Optional(), Regexp(r"^\d{1,2}$", message="El anexo tiene 1 o 2 dígitos.")],
        render_kw={"inputmode": "numeric", "maxlength": 2},
    )
    motivo_falla = StringField(
        "Motivo de la falla contiene",
        validators=[Optional(), Length(min=2, max=100, message="De 2 a 100 caracteres.")],
    )

    def filtro(self) -> dict:
        """The filter as the API reads it (ISO dates, empty fields left out)."""
        datos = {}
        for nombre in FILTRO:
            valor = self[nombre].data
            if valor:
                datos[nombre] = valor.isoformat() if hasattr(valor, "isoformat") else valor
        return datos


class FormularioReenvio(Formulario):
    correo_alternativo = StringField(
        "Correo alternativo (opcional)",
        validators=[
            Optional(),
            Regexp(CORREO, message="Ingrese un correo electrónico válido (nombre@dominio.pe)."),
            Length(max=254, message="Máximo 254 caracteres."),
        ],
        render_kw={"type": "email", "autocomplete": "email", "spellcheck": "false"},
    )


def _buscar(formulario: FormularioFiltro, pagina: int) -> dict | None:
    try:
        return cliente("notificaciones").fallidos(
            **formulario.filtro(), pagina=pagina, por_pagina=POR_PAGINA
        )
    except ErrorApi as exc:
        aplicar_error_api(formulario, exc)
        return None


@bp.route("/correos-fallidos", methods=["GET"])
@requiere_sesion(ROL)
def fallidos():
    """The failed emails that match the filter, newest failure first."""
    formulario = FormularioFiltro(request.args)
    pagina = request.args.get("pagina", 1, type=int)
    resultado = _buscar(formulario, max(pagina, 1)) if formulario.validate() else None
    estado = 400 if formulario.tiene_errores() else 200
    return render_template(
        "operaciones/correos_fallidos.html",
        formulario=formulario,
        resultado=resultado,
        filtro=formulario.filtro() if resultado is not None else {},
    ), estado


@bp.route("/correos-fallidos/reenvio", methods=["POST"])
@requiere_sesion(ROL)
def reenviar_todos():
    """Replay every failed email that matches the filter, to its registered address."""
    formulario = FormularioFiltro(request.form)
    if not formulario.validate():
        flash("Revise el filtro antes de reenviar.", "error")
        return redirect(url_for("correos.fallidos"))
    filtro = formulario.filtro()
    try:
        respuesta = cliente("notificaciones").reenviar_fallidos(**filtro)
    except ErrorApi as exc:
        flash(f"No se pudo reenviar: {exc.mensaje}", "error")
    else:
        n = respuesta.get("reenviados", 0)
        flash(f"Se reenviaron {n} correo(s) a su correo registrado.", "exito")
    return redirect(url_for("correos.fallidos", **filtro))


def _detalle(correo_id: int, formulario: FormularioReenvio, estado: int = 200):
    correo = cliente("notificaciones").correo(correo_id)
    return render_template("operaciones/correo.html", correo=correo, formulario=formulario), estado


@bp.route("/correos/<int:correo_id>", methods=["GET"])
@requiere_sesion(ROL)
def correo(correo_id: int):
    """One email with every delivery attempt, and the replay form when it failed."""
    return _detalle(correo_id, FormularioReenvio())


@bp.route("/correos/<int:correo_id>/reenvio", methods=["POST"])
@requiere_sesion(ROL)
def reenviar(correo_id: int):
    """Replay one failed email; the new email's page shows how its delivery goes."""
    formulario = FormularioReenvio()
    if not formulario.validate_on_submit():
        return _detalle(correo_id, formulario, 400)
    alternativo = (formulario.correo_alternativo.data or "").strip() or None
    try:
        respuesta = cliente("notificaciones").reenviar_fallido(correo_id, alternativo)
    except ErrorApi as exc:
        aplicar_error_api(formulario, exc)
        return _detalle(correo_id, formulario, exc.estado if exc.estado < 500 else 400)
    flash(respuesta.get("mensaje") or "Correo reenviado.", "exito")
    return redirect(url_for("correos.correo", correo_id=respuesta["correo_id"]))
