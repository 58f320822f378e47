"""Registro de notas, the actions around the grid: one row saved (htmx), areas added, audit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from web.comun.clientes.base import ErrorApi
from web.comun.personal import cliente, requiere_sesion
from web.panel import grilla
from web.panel.estudiantes import estudiante, id_estudiante
from web.panel.vistas.registro_notas import STAFF, _contexto

bp = Blueprint("registro_areas", __name__, url_prefix="/registro-notas")


@bp.route("/<ref>/<nivel>/<grado>/filas/<int:i>", methods=["POST"])
@requiere_sesion(*STAFF)
def fila(ref: str, nivel: str, grado: str, i: int):
    """hx-post of one row: that row's cells merged into the saved grade, then saved."""
    for intento in (1, 2):  # a 409 (another save of this grade won the race): read again
        ctx = _contexto(ref, nivel, grado)
        filas = grilla.filas_de_ficha(ctx["ficha"])
        if (
            ctx["ficha"] is None
            or i >= len(filas)
            or filas[i].area != request.form.get(f"area-{i}")
        ):
            return _estado(grilla.Fila("?", errores=[GUARDE_TODO]))
        try:
            _guardar_fila(ref, nivel, grado, ctx["ficha"], filas, i)
        except ErrorApi as exc:
            if exc.estado == 409 and intento == 1:
                continue
            return _rechazo(exc, filas, i)
        break
    return _estado(filas[i], guardada=True)


GUARDE_TODO = "Guarde el grado completo con el botón «Guardar»."


def _guardar_fila(ref: str, nivel: str, grado: str, ficha: dict, filas: list, i: int) -> None:
    posteada = grilla.filas_del_formulario(_solo_fila(i), filas)
    if posteada:
        filas[i].calificacion = posteada[0].calificacion
        filas[i].competencias = posteada[0].competencias
    cliente("notas").registrar_grado(id_estudiante(ref), nivel, grado, _cuerpo(ficha, filas))


def _rechazo(exc: ErrorApi, filas: list, i: int):
    """The row's status with the API's message beside it."""
    if exc.estado >= 500:
        raise exc
    errores = grilla.errores_por_fila(exc.campos, filas)
    fila = filas[i]
    if not fila.errores:
        fila.errores = [m for ms in errores.values() for m in ms] or [exc.mensaje]
    return _estado(fila)


def _solo_fila(i: int) -> dict:
    """The posted fields of row i, renumbered as row 0."""
    datos = {"filas": "1"}
    prefijos = (f"area-{i}", f"tipo-{i}", f"calificacion-{i}", f"competencias-{i}")
    for clave, valor in request.form.items():
        if clave in prefijos or clave.startswith(f"competencia-{i}-"):
            datos[clave.replace(f"-{i}", "-0", 1)] = valor
    return datos


def _cuerpo(ficha: dict, filas: list) -> dict:
    cuerpo = {
        k: ficha.get(k)
        for k in ("anio_lectivo", "codigo_modular", "anexo", "aplica", "situacion_final")
    }
    cuerpo.update(
        modalidad=ficha.get("modalidad") or "EBR",
        diseno_curricular=ficha.get("diseno_curricular"),
        calificaciones=[f.como_api() for f in filas],
        observaciones=ficha.get("observaciones") or [],
    )
    return cuerpo


def _estado(fila, guardada: bool = False):
    return render_template("panel/_estado_fila.html", f=fila, guardada=guardada)


@bp.route("/<ref>/<nivel>/<grado>/areas", methods=["POST"])
@requiere_sesion(*STAFF)
def agregar(ref: str, nivel: str, grado: str):
    """«Agregar» one area or «Agregar todos» of a diseño curricular to the grade."""
    estudiante(ref)  # 404 for a reference of another session
    if nivel not in grilla.GRADOS_POR_NIVEL:
        abort(404)
    datos = {"diseno_curricular": request.form.get("diseno_curricular", "")}
    if request.form.get("tipo_area"):
        datos["tipo_area"] = request.form["tipo_area"]
    area = " ".join(request.form.get("area", "").split()).upper()
    if request.form.get("accion") == "agregar":
        if not area:
            flash(
                "Escriba el nombre del área a agregar (en «Más filtros») o use «Agregar todos».",
                "error",
            )
            return redirect(url_for("registro_notas.grado", ref=ref, nivel=nivel, grado=grado))
        datos["areas"] = [area]
    try:
        cliente("notas").agregar_areas(id_estudiante(ref), nivel, grado, datos)
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        detalles = [m for ms in (exc.campos or {}).values() for m in ms]
        flash(" ".join([exc.mensaje, *detalles[:2]]), "error")
    else:
        flash("Se agregaron las áreas del diseño curricular.", "exito")
    return redirect(url_for("registro_notas.grado", ref=ref, nivel=nivel, grado=grado))


@bp.route("/<ref>/<nivel>/<grado>/auditoria", methods=["GET"])
@requiere_sesion(*STAFF)
def auditoria(ref: str, nivel: str, grado: str):
    """Every change of a grade or situación final: who, when, before and after."""
    cambios = cliente("notas").auditoria(id_estudiante(ref))
    return render_template(
        "panel/auditoria.html", cambios=cambios, ref=ref, nivel=nivel, grado=grado
    )
