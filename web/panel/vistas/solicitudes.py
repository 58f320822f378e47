"""Solicitudes pendientes, Certificados emitidos, Solicitudes rechazadas and their actions."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from shared.identificadores import nombre_de_descarga
from web.comun.clientes.base import ErrorApi
from web.comun.formularios import aplicar_error_api
from web.comun.personal import cliente, requiere_sesion
from web.panel.formularios import (
    FormularioAnulacion,
    FormularioFiltros,
    FormularioRechazo,
    FormularioReenvio,
)
from web.panel.menu import STAFF

bp = Blueprint("solicitudes", __name__, url_prefix="/solicitudes")
ANULAN = ("DIRECTOR_IE", "OACIGED")
POR_PAGINA = 20
TITULOS = {
    "pendientes": "Solicitudes pendientes",
    "emitidas": "Certificados emitidos",
    "rechazadas": "Solicitudes rechazadas",
}


def _cola(nombre: str):
    """A queue screen: filters POSTed into the session (no document in the URL), then GET."""
    clave = f"filtros_{nombre}"
    formulario = FormularioFiltros(data=session.get(clave, {}))
    if request.method == "POST":
        if request.form.get("accion") == "limpiar":
            session.pop(clave, None)
            return redirect(url_for(f"solicitudes.{nombre}"))
        if formulario.validate():
            session[clave] = {k: v for k, v in formulario.data.items() if k != "csrf_token" and v}
            return redirect(url_for(f"solicitudes.{nombre}"))
    filtros = session.get(clave, {})
    if nombre != "pendientes":
        filtros = {k: v for k, v in filtros.items() if k not in ("estado", "completitud")}
    pagina = max(request.args.get("pagina", 1, type=int) or 1, 1)
    datos = _consultar(nombre, pagina, filtros, formulario)
    contexto = {
        "titulo": TITULOS[nombre],
        "nombre": nombre,
        "formulario": formulario,
        "filas": datos["solicitudes"],
        "pagina": pagina,
        "por_pagina": POR_PAGINA,
        "total": datos["total"],
        "hay_filtros": bool(filtros),
    }
    estado = 422 if formulario.tiene_errores() else 200
    return render_template(f"panel/cola_{nombre}.html", **contexto), estado


def _consultar(nombre: str, pagina: int, filtros: dict, formulario) -> dict:
    """One page of the queue; an API refusal of a filter lands on that filter's field."""
    if formulario.tiene_errores():
        return {"solicitudes": [], "total": 0}
    try:
        return cliente("solicitudes").cola(nombre, pagina=pagina, por_pagina=POR_PAGINA, **filtros)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        aplicar_error_api(formulario, exc)
        return {"solicitudes": [], "total": 0}


@bp.route("/pendientes", methods=["GET", "POST"])
@requiere_sesion(*STAFF)
def pendientes():
    """Solicitudes pendientes: filters, completeness, GENERAR, ver, rechazar, reenvío."""
    return _cola("pendientes")


@bp.route("/emitidas", methods=["GET", "POST"])
@requiere_sesion(*STAFF)
def emitidas():
    """Certificados emitidos: PDF, reenvío, anular."""
    return _cola("emitidas")


@bp.route("/rechazadas", methods=["GET", "POST"])
@requiere_sesion(*STAFF)
def rechazadas():
    """Solicitudes rechazadas: motivo, quién, cuándo."""
    return _cola("rechazadas")


@bp.route("/<int:numero>", methods=["GET"])
@requiere_sesion(*STAFF)
def ver(numero: int):
    """One request with its history."""
    solicitud = cliente("solicitudes").solicitud(numero)
    return render_template("panel/solicitud.html", s=solicitud)


@bp.route("/<int:numero>/rechazo", methods=["GET", "POST"])
@requiere_sesion(*STAFF)
def rechazar(numero: int):
    """Rechazar with motivo (kept when refused)."""
    solicitudes = cliente("solicitudes")
    solicitud = solicitudes.solicitud(numero)
    formulario = FormularioRechazo()
    if formulario.validate_on_submit():
        try:
            solicitudes.rechazar(numero, formulario.motivo_rechazo.data.strip())
        except ErrorApi as exc:
            aplicar_error_api(formulario, exc)
        else:
            flash(f"La solicitud N.° {numero:08d} fue rechazada.", "exito")
            return redirect(url_for("solicitudes.pendientes"))
    estado = 422 if formulario.tiene_errores() else 200
    return render_template("panel/rechazo.html", s=solicitud, formulario=formulario), estado


@bp.route("/<int:numero>/reenvio", methods=["GET", "POST"])
@requiere_sesion(*STAFF)
def reenviar(numero: int):
    """REENVÍO CORREO: the seed's dialog (a page without JavaScript, a dialog with htmx)."""
    dialogo = cliente("notificaciones").dialogo_reenvio(numero)
    solicitud = cliente("solicitudes").solicitud(numero)
    formulario = FormularioReenvio()
    volver = _volver(solicitud)
    if formulario.validate_on_submit():
        try:
            r = cliente("notificaciones").reenviar(numero, formulario.correo_alternativo.data)
        except ErrorApi as exc:
            aplicar_error_api(formulario, exc)
        else:
            flash(r.get("mensaje") or f"Correo reenviado a {r.get('destinatario')}.", "exito")
            if request.headers.get("HX-Request"):
                return Response(status=204, headers={"HX-Redirect": volver})
            return redirect(volver)
    htmx = bool(request.headers.get("HX-Request"))
    plantilla = "panel/reenvio_dialogo.html" if htmx else "panel/reenvio.html"
    # htmx swaps only 2xx answers: the dialog with its errors comes back as 200.
    estado = 422 if formulario.tiene_errores() and not htmx else 200
    return render_template(
        plantilla, d=dialogo, s=solicitud, formulario=formulario, volver=volver
    ), estado


def _volver(solicitud: dict) -> str:
    cola = "emitidas" if solicitud.get("estado") == "EMITIDA" else "pendientes"
    return url_for(f"solicitudes.{cola}")


@bp.route("/<int:numero>/parte-oaciged", methods=["POST"])
@requiere_sesion("OACIGED")
def parte_oaciged(numero: int):
    """OACIGED's part of a consolidated certificate (studies up to 1985) is done: to the IE."""
    try:
        cliente("solicitudes").parte_oaciged(numero)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        flash(exc.mensaje, "error")
    else:
        flash(f"La parte OACIGED de la solicitud N.° {numero:08d} quedó registrada.", "exito")
    return redirect(url_for("solicitudes.pendientes"))


@bp.route("/<int:numero>/certificado.pdf", methods=["GET"])
@requiere_sesion(*STAFF)
def pdf(numero: int):
    """The certificate's PDF, as staff (emision checks the scope: the IE, its UGEL, OACIGED);
    the URL names the request, never the holder."""
    solicitud = cliente("solicitudes").solicitud(numero)
    codigo = solicitud.get("codigo_virtual")
    if not codigo:
        abort(404)
    contenido = cliente("emision").pdf(codigo)
    return Response(
        contenido,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{nombre_de_descarga(codigo, "pdf")}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<int:numero>/anulacion", methods=["GET", "POST"])
@requiere_sesion(*ANULAN)
def anular(numero: int):
    """Anular a certificate with motivo (the IE that issued it, or OACIGED)."""
    solicitud = cliente("solicitudes").solicitud(numero)
    if not solicitud.get("codigo_virtual"):
        abort(404)
    formulario = FormularioAnulacion()
    if formulario.validate_on_submit():
        try:
            cliente("emision").anular(
                solicitud["codigo_virtual"], formulario.motivo_anulacion.data.strip()
            )
        except ErrorApi as exc:
            aplicar_error_api(formulario, exc)
        else:
            flash(f"El certificado {solicitud['codigo_virtual']} fue anulado.", "exito")
            return redirect(url_for("solicitudes.emitidas"))
    estado = 422 if formulario.tiene_errores() else 200
    return render_template("panel/anulacion.html", s=solicitud, formulario=formulario), estado
