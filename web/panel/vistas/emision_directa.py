"""Emisión directa: Búsqueda de estudiantes (and its dialog), Estudiantes actuales."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import aplicar_error_api, opciones
from web.comun.personal import cliente, requiere_sesion
from web.panel import institucion
from web.panel.formularios import FormularioBusquedaEstudiante, FormularioInformacionAdicional

bp = Blueprint("emision_directa", __name__, url_prefix="/emision-directa")
CLAVE = "emision_directa"  # the searched student, server-side between the two steps


@bp.route("/busqueda", methods=["GET", "POST"])
@requiere_sesion("DIRECTOR_IE")
def busqueda():
    """Búsqueda de estudiantes: identity checked by solicitudes; an issued CE is offered."""
    formulario = FormularioBusquedaEstudiante()
    if formulario.validate_on_submit():
        persona = {k: v for k, v in formulario.data.items() if k != "csrf_token"}
        persona["fecha_nacimiento"] = persona["fecha_nacimiento"].isoformat()
        persona["numero_documento"] = persona["numero_documento"].strip().upper()
        try:
            encontrado = cliente("solicitudes").buscar_estudiante(persona)
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            aplicar_error_api(formulario, exc)
        else:
            session[CLAVE] = {"persona": persona, "resultado": encontrado}
            return redirect(url_for("emision_directa.adicional"))
    estado = 422 if formulario.tiene_errores() else 200
    return render_template("panel/busqueda.html", formulario=formulario), estado


@bp.route("/informacion-adicional", methods=["GET", "POST"])
@requiere_sesion("DIRECTOR_IE")
def adicional():
    """INFORMACIÓN ADICIONAL, with the seed's dialog when a certificate was already issued."""
    estado_busqueda = session.get(CLAVE)
    if not estado_busqueda:
        return redirect(url_for("emision_directa.busqueda"))
    solicitudes = cliente("solicitudes")
    formulario = FormularioInformacionAdicional()
    formulario.motivo_solicitud.choices = opciones(
        (m["codigo"], m["descripcion"]) for m in solicitudes.catalogos()["motivos"]
    )
    if formulario.validate_on_submit():
        datos = {k: v for k, v in formulario.data.items() if k != "csrf_token"}
        try:
            creada = solicitudes.emision_directa({**estado_busqueda["persona"], **datos})
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            aplicar_error_api(formulario, exc)
        else:
            session.pop(CLAVE, None)
            flash(f"Se creó la solicitud N.° {creada['numero_solicitud']:08d}.", "exito")
            return redirect(url_for("solicitudes.pendientes"))
    estado = 422 if formulario.tiene_errores() else 200
    return render_template(
        "panel/informacion_adicional.html",
        formulario=formulario,
        persona=estado_busqueda["persona"],
        r=estado_busqueda["resultado"],
        dialogo=request.method == "GET" and request.args.get("continuar") != "1",
    ), estado


@bp.route("/desde-certificado", methods=["POST"])
@requiere_sesion("DIRECTOR_IE")
def desde_certificado():
    """«Aceptar» in the dialog: a new request from the issued certificate's information."""
    estado_busqueda = session.get(CLAVE) or {}
    certificado = (estado_busqueda.get("resultado") or {}).get("certificado_emitido")
    if not certificado:
        return redirect(url_for("emision_directa.busqueda"))
    try:
        creada = cliente("solicitudes").nueva_solicitud(certificado["numero_solicitud"])
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        flash(exc.mensaje, "error")
        return redirect(url_for("emision_directa.adicional", continuar=1))
    session.pop(CLAVE, None)
    flash(f"Se creó la solicitud N.° {creada['numero_solicitud']:08d}.", "exito")
    return redirect(url_for("solicitudes.pendientes"))


@bp.route("/estudiantes-actuales", methods=["GET"])
@requiere_sesion("DIRECTOR_IE", "ESPECIALISTA_UGEL")
def actuales():
    """Estudiantes actuales: their last registered grade is of the IE."""
    ie = institucion.ie_actual(g.cuenta)
    if ie is None:
        return render_template("panel/elegir_ie.html", titulo="Estudiantes actuales")
    pagina = max(request.args.get("pagina", 1, type=int) or 1, 1)
    datos = cliente("solicitudes").estudiantes_actuales(
        pagina=pagina, por_pagina=20, codigo_modular=ie[0], anexo=ie[1]
    )
    return render_template("panel/estudiantes_actuales.html", d=datos, pagina=pagina)
