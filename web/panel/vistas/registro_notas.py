"""Registro de notas del estudiante: grade tabs, areas, cells, situación final, audit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from web.comun.clientes.base import ErrorApi
from web.comun.personal import cliente, cuenta_actual, requiere_sesion
from web.panel import grilla, institucion
from web.panel.estudiantes import estudiante, id_estudiante, recordar_id, referencia
from web.panel.menu import STAFF

bp = Blueprint("registro_notas", __name__, url_prefix="/registro-notas")


@bp.route("/solicitud/<int:numero>", methods=["GET"])
@requiere_sesion(*STAFF)
def desde_solicitud(numero: int):
    """«Registrar notas» from a request: its student, its nivel, the first grade."""
    s = cliente("solicitudes").solicitud(numero)
    ref = referencia(
        s["tipo_documento"],
        s["numero_documento"],
        numero_solicitud=numero,
        persona={k: s.get(k) for k in ("apellidos_y_nombres", "fecha_nacimiento", "pais")},
    )
    return redirect(url_for(".grado", ref=ref, nivel=s["nivel"], grado="PRIMERO"))


@bp.route("", methods=["POST"])
@requiere_sesion(*STAFF)
def abrir():
    """Open a student's record from a list (document in the POST body, never in the URL)."""
    tipo = request.form.get("tipo_documento", "")
    numero = request.form.get("numero_documento", "")
    nivel = request.form.get("nivel", "")
    if not tipo or not numero or nivel not in grilla.GRADOS_POR_NIVEL:
        abort(400)
    ref = referencia(tipo, numero)
    return redirect(url_for(".grado", ref=ref, nivel=nivel, grado="PRIMERO"))


def _contexto(ref: str, nivel: str, grado: str) -> dict:
    """Everything the screen shows for one grade, from one call to notas (plus the catalog)."""
    if nivel not in grilla.GRADOS_POR_NIVEL or grado not in grilla.GRADOS_POR_NIVEL[nivel]:
        abort(404)
    est = estudiante(ref)
    notas = cliente("notas")
    try:
        registro = notas.consultar_registro(est["tipo_documento"], est["numero_documento"])
    except ErrorApi as exc:
        if exc.estado != 404:
            raise
        raise SinRegistro() from exc
    recordar_id(ref, registro["estudiante"]["id_estudiante"])
    del_nivel = registro.get("niveles", {}).get(nivel) or {}
    ficha = next((g for g in del_nivel.get("grados", []) if g["grado"] == grado), None)
    return {
        "ref": ref,
        "nivel": nivel,
        "grado": grado,
        "grados": grilla.GRADOS_POR_NIVEL[nivel],
        "registrados": {g["grado"] for g in del_nivel.get("grados", [])},
        "est": registro.get("estudiante", {}),
        "origen": est,
        "niveles": list(registro.get("niveles", {})),
        "completitud": del_nivel.get("completitud"),
        "pendientes": [p for p in del_nivel.get("pendientes", []) if p.get("grado") == grado],
        "ficha": ficha,
        "codigos": _codigos(registro),
        "disenos": _disenos(notas, nivel, ficha),
        "situaciones": grilla.SITUACIONES_FINALES,
    }


class SinRegistro(Exception):
    """notas does not know the student yet: the screen asks for their data first."""


@bp.app_errorhandler(SinRegistro)
def _sin_registro(_exc):
    args = {k: request.view_args[k] for k in ("ref", "nivel", "grado")}
    return redirect(url_for("registro_estudiante.estudiante", **args))


def _codigos(registro: dict) -> list[str]:
    """Códigos modulares to choose from: the person's IE (or the one a UGEL specialist
    picked), then those already associated."""
    cuenta = cuenta_actual() or {}
    propios = (cuenta.get("institucion") or {}).get("codigo_modular_y_anexo")
    propios = propios or institucion.como_texto(institucion.ie_actual(cuenta))
    codigos = [propios] if propios else []
    for ie in registro.get("instituciones", []):
        codigo = ie.get("codigo") or f"{ie['codigo_modular']}-{ie['anexo']}"
        if codigo not in codigos:
            codigos.append(codigo)
    return codigos


def _disenos(notas, nivel: str, ficha: dict | None) -> list[dict]:
    anio = (ficha or {}).get("anio_lectivo")
    try:
        return notas.disenos(nivel=nivel, anio=anio)
    except ErrorApi:
        return []


def _pagina(ctx: dict, filas: list, valores: dict, errores: dict, estado: int = 200):
    ctx.update(
        filas=filas,
        valores=valores,
        errores=errores,
        leyenda=grilla.leyenda(filas),
        resumen=[m for ms in errores.values() for m in ms]
        + [f"Fila {i + 1} ({f.area}): {m}" for i, f in enumerate(filas) for m in f.errores],
    )
    return render_template("panel/registro_notas.html", **ctx), estado


def _valores(ficha: dict | None, cuenta_codigo: str | None) -> dict:
    ficha = ficha or {}
    return {
        "anio_lectivo": ficha.get("anio_lectivo") or "",
        "codigo": ficha.get("codigo") or cuenta_codigo or "",
        "aplica": ficha.get("aplica", True),
        "situacion_final": ficha.get("situacion_final") or "",
        "diseno_curricular": ficha.get("diseno_curricular") or "",
        "observaciones": ficha.get("observaciones") or [],
        "modalidad": ficha.get("modalidad"),
    }


@bp.route("/<ref>/<nivel>/<grado>", methods=["GET"])
@requiere_sesion(*STAFF)
def grado(ref: str, nivel: str, grado: str):
    """One grade of the record, as the seed's «Registro de notas del estudiante»."""
    ctx = _contexto(ref, nivel, grado)
    valores = _valores(ctx["ficha"], ctx["codigos"][0] if ctx["codigos"] else None)
    return _pagina(ctx, grilla.filas_de_ficha(ctx["ficha"]), valores, {})


@bp.route("/<ref>/<nivel>/<grado>", methods=["POST"])
@requiere_sesion(*STAFF)
def guardar(ref: str, nivel: str, grado: str):
    """Save the grade (the whole grid); refused → the same grid, typed values, messages."""
    ctx = _contexto(ref, nivel, grado)
    filas = grilla.filas_del_formulario(request.form, grilla.filas_de_ficha(ctx["ficha"]))
    valores = _valores_del_formulario(ctx["ficha"])
    errores = _validar(valores)
    if not errores:
        try:
            _enviar_con_reintento(ctx, valores, filas)
        except ErrorApi as exc:
            if exc.estado >= 500:
                raise
            errores = grilla.errores_por_fila(exc.campos, filas)
            if not errores and not any(f.errores for f in filas):
                errores = {"grado": [exc.mensaje]}
        else:
            if request.form.get("quitar") or request.form.get("nueva_area"):
                flash("Se actualizaron las áreas del grado.", "exito")
            else:
                flash(f"Se guardaron las notas de {grado}.", "exito")
            return redirect(url_for(".grado", ref=ref, nivel=nivel, grado=grado))
    return _pagina(ctx, filas, valores, errores, 422)


def _valores_del_formulario(ficha: dict | None) -> dict:
    f = request.form
    sugerida = f.get("usar_sugerencia")
    return {
        "anio_lectivo": f.get("anio_lectivo", "").strip(),
        "codigo": (f.get("codigo_otro") or "").strip() or f.get("codigo", ""),
        "aplica": bool(f.get("aplica")),
        "situacion_final": sugerida or f.get("situacion_final", ""),
        "diseno_curricular": f.get("diseno_curricular", ""),
        "observaciones": grilla.observaciones_del_formulario(f, ficha),
        "modalidad": (ficha or {}).get("modalidad"),
    }


def _validar(valores: dict) -> dict[str, list[str]]:
    errores: dict[str, list[str]] = {}
    anio = valores["anio_lectivo"]
    if not anio.isdigit() or not 1900 <= int(anio) <= 2100:
        errores["anio_lectivo"] = ["Año lectivo: escriba el año con 4 cifras (por ejemplo 1998)."]
    if grilla.separar_codigo(valores["codigo"]) is None:
        errores["codigo_modular"] = [
            "Código modular: escriba 7 dígitos, un guion y el anexo (por ejemplo 0584714-0)."
        ]
    return errores


def _enviar_con_reintento(ctx: dict, valores: dict, filas: list) -> None:
    """The grid is what the person sees: a 409 from one of their own row saves is retried."""
    try:
        _enviar(ctx, valores, filas)
    except ErrorApi as exc:
        if exc.estado != 409:
            raise
        _enviar(ctx, valores, filas)


def _enviar(ctx: dict, valores: dict, filas: list) -> None:
    codigo_modular, anexo = grilla.separar_codigo(valores["codigo"])
    cuerpo = {
        "anio_lectivo": int(valores["anio_lectivo"]),
        "codigo_modular": codigo_modular,
        "anexo": anexo,
        "aplica": valores["aplica"],
        "situacion_final": valores["situacion_final"] or None,
        "diseno_curricular": valores["diseno_curricular"] or None,
        "calificaciones": [f.como_api() for f in filas],
        "observaciones": valores["observaciones"],
    }
    if ctx["nivel"].startswith("CICLO"):
        cuerpo["modalidad"] = "EBA"
    elif valores.get("modalidad"):
        cuerpo["modalidad"] = valores["modalidad"]
    cliente("notas").registrar_grado(id_estudiante(ctx["ref"]), ctx["nivel"], ctx["grado"], cuerpo)
