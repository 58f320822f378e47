"""Mensajes fallidos of each service: list, inspect the message and its error, reprocess."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from web.comun.clientes.base import ApiNoDisponible, ErrorApi
from web.comun.personal import cliente, requiere_sesion
from web.operaciones.menu import ROL

bp = Blueprint("mensajes", __name__)
SERVICIOS = ("solicitudes", "notas", "emision", "notificaciones", "verificacion", "cuentas")
POR_PAGINA = 20


def _servicio(nombre: str) -> str:
    if nombre not in SERVICIOS:
        abort(404)
    return nombre


def _pendientes_por_servicio() -> dict[str, int | None]:
    """How many dead letters wait in each service (None: the service does not answer)."""
    cuentas = {}
    for servicio in SERVICIOS:
        try:
            respuesta = cliente(servicio).mensajes_fallidos(por_pagina=1, pendientes=True)
            cuentas[servicio] = respuesta["total"]
        except ApiNoDisponible:
            cuentas[servicio] = None
    return cuentas


@bp.route("/mensajes-fallidos", methods=["GET"])
@requiere_sesion(ROL)
def fallidos():
    """The dead letters of one service (a tab per service with its pending count)."""
    servicio = _servicio(request.args.get("servicio", SERVICIOS[0]))
    pendientes = request.args.get("pendientes") == "1"
    pagina = max(request.args.get("pagina", 1, type=int), 1)
    resultado = cliente(servicio).mensajes_fallidos(pagina, POR_PAGINA, pendientes)
    return render_template(
        "operaciones/mensajes_fallidos.html",
        servicio=servicio,
        servicios=SERVICIOS,
        conteos=_pendientes_por_servicio(),
        pendientes=pendientes,
        resultado=resultado,
    )


@bp.route("/mensajes-fallidos/<servicio>/<int:mensaje_id>", methods=["GET"])
@requiere_sesion(ROL)
def mensaje(servicio: str, mensaje_id: int):
    """One dead letter: its envelope, its error, and the reprocess button."""
    servicio = _servicio(servicio)
    datos = cliente(servicio).mensaje_fallido(mensaje_id)
    return render_template("operaciones/mensaje.html", servicio=servicio, mensaje=datos)


@bp.route("/mensajes-fallidos/<servicio>/<int:mensaje_id>/reproceso", methods=["POST"])
@requiere_sesion(ROL)
def reprocesar(servicio: str, mensaje_id: int):
    """Send one dead letter back to its service's queue."""
    servicio = _servicio(servicio)
    try:
        cliente(servicio).reprocesar_mensaje(mensaje_id)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        flash(f"No se reprocesó: {exc.mensaje}", "error")
    else:
        flash(f"Mensaje {mensaje_id} devuelto a la cola de {servicio}.", "exito")
    return redirect(url_for("mensajes.mensaje", servicio=servicio, mensaje_id=mensaje_id))


@bp.route("/mensajes-fallidos/<servicio>/reprocesos", methods=["POST"])
@requiere_sesion(ROL)
def reprocesar_todos(servicio: str):
    """Send every pending dead letter of the service back to its queue."""
    servicio = _servicio(servicio)
    n = cliente(servicio).reprocesar_mensajes().get("reprocesados", 0)
    flash(f"Se devolvieron {n} mensaje(s) a la cola de {servicio}.", "exito")
    return redirect(url_for("mensajes.fallidos", servicio=servicio))
