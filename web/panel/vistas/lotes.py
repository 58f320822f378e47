"""Solicitudes para emisión semi-automática: select many → one lote → live progress → retry."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from web.comun.clientes.base import ErrorApi
from web.comun.personal import cliente, requiere_sesion
from web.panel.menu import STAFF

bp = Blueprint("lotes", __name__)
POR_PAGINA = 100
LOTE = re.compile(r"^[0-9a-f]{32}$")


@bp.route("/semiautomatica", methods=["GET"])
@requiere_sesion(*STAFF)
def semiautomatica():
    """The requests with INFORMACIÓN COMPLETA, to tick (or all) and issue in one lote."""
    pagina = max(request.args.get("pagina", 1, type=int) or 1, 1)
    datos = cliente("solicitudes").cola("semiautomatica", pagina=pagina, por_pagina=POR_PAGINA)
    return render_template(
        "panel/semiautomatica.html",
        filas=datos["solicitudes"],
        total=datos["total"],
        pagina=pagina,
        por_pagina=POR_PAGINA,
    )


@bp.route("/emisiones", methods=["POST"])
@requiere_sesion(*STAFF)
def emitir():
    """Order emission of the ticked requests (or every complete one) as one lote."""
    origen = "solicitudes.pendientes" if request.form.get("origen") == "pendientes" else None
    volver = url_for(origen or "lotes.semiautomatica")
    try:
        numeros = _numeros(request.form.getlist("numeros_solicitud"))
        if request.form.get("todas"):
            numeros = _todas_completas()
        if not numeros:
            flash("Seleccione al menos una solicitud para generar su certificado.", "error")
            return redirect(volver)
        orden = cliente("solicitudes").emitir(numeros)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        flash(_mensaje(exc), "error")
        return redirect(volver)
    return redirect(url_for("lotes.lote", lote_id=orden["lote_id"]))


def _numeros(valores: list[str]) -> list[int]:
    numeros = []
    for valor in valores:
        if not valor.isdigit() or len(valor) > 12:
            raise ErrorApi(422, "datos_invalidos", "La selección no es válida; recargue la página.")
        numeros.append(int(valor))
    return sorted(set(numeros))


def _todas_completas() -> list[int]:
    """Every request of the semi-automatic queue (10,000 at most in one lote)."""
    solicitudes, numeros, pagina = cliente("solicitudes"), [], 1
    while len(numeros) < 10_000:
        datos = solicitudes.cola("semiautomatica", pagina=pagina, por_pagina=100)
        numeros += [s["numero_solicitud"] for s in datos["solicitudes"]]
        if pagina * 100 >= datos["total"] or not datos["solicitudes"]:
            break
        pagina += 1
    return numeros[:10_000]


def _mensaje(exc: ErrorApi) -> str:
    detalles = [m for ms in (exc.campos or {}).values() for m in ms]
    return " ".join([exc.mensaje, *detalles[:3]])


@bp.route("/lotes/<lote_id>", methods=["GET"])
@requiere_sesion(*STAFF)
def lote(lote_id: str):
    """A lote's live progress (htmx polls the bar until it ends)."""
    avance = _avance(lote_id)
    return render_template("panel/lote.html", a=avance)


@bp.route("/lotes/<lote_id>/avance", methods=["GET"])
@requiere_sesion(*STAFF)
def avance(lote_id: str):
    """The progress fragment htmx swaps in every second; 286 (htmx: stop polling) at the end."""
    datos = _avance(lote_id)
    return render_template("panel/_avance.html", a=datos), 286 if datos["terminado"] else 200


@bp.route("/lotes/<lote_id>/reintentos", methods=["POST"])
@requiere_sesion(*STAFF)
def reintentar(lote_id: str):
    """Order the failed requests of the lote again."""
    if not LOTE.match(lote_id):
        abort(404)
    try:
        cliente("solicitudes").reintentar_lote(lote_id)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        flash(_mensaje(exc), "error")
    else:
        flash("Se ordenó otra vez la emisión de las solicitudes fallidas.", "exito")
    return redirect(url_for("lotes.lote", lote_id=lote_id))


def _avance(lote_id: str) -> dict:
    if not LOTE.match(lote_id):
        abort(404)
    avance = cliente("solicitudes").lote(lote_id)
    total = avance["total"] or 1
    terminadas = avance["emitidas"] + avance["fallidas"]
    avance["porcentaje"] = round(100 * terminadas / total)
    avance["porcentaje_emitidas"] = round(100 * avance["emitidas"] / total)
    return avance
