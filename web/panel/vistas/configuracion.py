"""Configuración: Habilitar solicitud, Taller institución, Parámetros."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import aplicar_error_api
from web.comun.personal import cliente, requiere_sesion
from web.panel import grilla, institucion
from web.panel.formularios import FormularioParametros, FormularioTaller

bp = Blueprint("configuracion", __name__, url_prefix="/configuracion")
ADMINISTRA = ("DIRECTOR_IE", "ESPECIALISTA_UGEL")
POR_PAGINA = 10
# The screens that ask which IE; the pick returns to the one it came from (by endpoint, so
# that the /panel prefix is kept and no address from the form is followed).
PANTALLAS = ("configuracion.habilitar", "configuracion.talleres", "configuracion.parametros")


def _ie():
    """The IE to configure, or None (a UGEL specialist has not picked one yet)."""
    return institucion.ie_actual(g.cuenta)


@bp.route("/institucion", methods=["POST"])
@requiere_sesion(*ADMINISTRA)
def elegir_ie():
    """A UGEL specialist picks the (closed) IE they act for; an IE they do not attend is
    refused with its reason (an active one is its director's) and not kept."""
    codigo = grilla.separar_codigo(request.form.get("codigo", ""))
    if codigo is None:
        flash("Escriba el código modular y el anexo así: 0584714-0.", "error")
    else:
        try:
            cliente("solicitudes").habilitar_solicitud(codigo_modular=codigo[0], anexo=codigo[1])
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            flash(exc.mensaje, "error")
        else:
            institucion.elegir(request.form["codigo"])
    volver = request.form.get("volver")
    return redirect(url_for(volver if volver in PANTALLAS else "configuracion.habilitar"))


@bp.route("/habilitar-solicitud", methods=["GET", "POST"])
@requiere_sesion(*ADMINISTRA)
def habilitar():
    """Habilitar solicitud: the citizen's Solicitud WEB on or off for the IE."""
    ie = _ie()
    if ie is None:
        return render_template("panel/elegir_ie.html", titulo="Habilitar solicitud")
    solicitudes = cliente("solicitudes")
    ie_args = {"codigo_modular": ie[0], "anexo": ie[1]}
    if request.method == "POST":
        habilitar = request.form.get("habilitar_solicitud") == "si"
        try:
            solicitudes.cambiar_habilitar_solicitud(habilitar, **ie_args)
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            flash(exc.mensaje, "error")
        else:
            estado = "habilitada" if habilitar else "deshabilitada"
            flash(f"La solicitud web quedó {estado}.", "exito")
        return redirect(url_for("configuracion.habilitar"))
    return render_template("panel/habilitar.html", c=solicitudes.habilitar_solicitud(**ie_args))


@bp.route("/talleres", methods=["GET", "POST"])
@requiere_sesion(*ADMINISTRA)
def talleres():
    """Taller institución: search by estado/nombre, agregar, dar de baja, paginated."""
    ie = _ie()
    if ie is None:
        return render_template("panel/elegir_ie.html", titulo="Taller institución")
    notas = cliente("notas")
    formulario = FormularioTaller()
    if formulario.validate_on_submit():
        try:
            notas.crear_taller(*ie, formulario.nombre.data.strip().upper())
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            aplicar_error_api(formulario, exc)
        else:
            flash(f"Se agregó el taller {formulario.nombre.data.strip().upper()}.", "exito")
            return redirect(url_for("configuracion.talleres"))
    filtro = {k: request.args.get(k) for k in ("estado", "nombre") if request.args.get(k)}
    lista = notas.talleres(*ie, **filtro)
    pagina = max(request.args.get("pagina", 1, type=int) or 1, 1)
    inicio = (pagina - 1) * POR_PAGINA
    estado = 422 if formulario.tiene_errores() else 200
    return render_template(
        "panel/talleres.html",
        formulario=formulario,
        talleres=lista[inicio : inicio + POR_PAGINA],
        desde=inicio,
        total=len(lista),
        pagina=pagina,
        por_pagina=POR_PAGINA,
        filtro=filtro,
    ), estado


@bp.route("/talleres/<int:taller_id>/baja", methods=["POST"])
@requiere_sesion(*ADMINISTRA)
def dar_de_baja(taller_id: int):
    """A taller becomes Inactivo (it is never deleted)."""
    ie = _ie()
    try:
        taller = cliente("notas").dar_de_baja_taller(*ie, taller_id)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        flash(exc.mensaje, "error")
    else:
        flash(f"Se dio de baja el taller {taller.get('nombre', '')}.", "exito")
    return redirect(url_for("configuracion.talleres"))


@bp.route("/parametros", methods=["GET", "POST"])
@requiere_sesion(*ADMINISTRA)
def parametros():
    """Parámetros: mínimo y máximo de áreas curriculares y talleres."""
    ie = _ie()
    if ie is None:
        return render_template("panel/elegir_ie.html", titulo="Parámetros")
    notas = cliente("notas")
    actuales = notas.parametros(*ie)
    formulario = FormularioParametros(data=actuales)
    if formulario.validate_on_submit():
        datos = {k: v for k, v in formulario.data.items() if k != "csrf_token"}
        try:
            notas.configurar_parametros(*ie, datos)
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            aplicar_error_api(formulario, exc)
        else:
            flash("Se guardaron los parámetros.", "exito")
            return redirect(url_for("configuracion.parametros"))
    estado = 422 if formulario.tiene_errores() else 200
    return render_template(
        "panel/parametros.html", formulario=formulario, actuales=actuales
    ), estado
