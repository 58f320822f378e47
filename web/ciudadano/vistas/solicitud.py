"""The Solicitud WEB, one question per page (GOV.UK model), answers kept server-side.

BÚSQUEDA INSTITUCIÓN → TÉRMINOS Y CONDICIONES → TIPO DE PERSONA → (APODERADO) → ESTUDIANTE
(identity validated by the API) → SOLICITUD → revisar → registrada.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for

from web.ciudadano import estado
from web.ciudadano.formularios import (
    FormularioBusqueda,
    FormularioEleccion,
    FormularioPersona,
    FormularioSolicitud,
    FormularioTerminos,
    FormularioTipoPersona,
    opciones,
)
from web.ciudadano.vistas.comun import api, pagina_de_limite
from web.comun.clientes.base import ErrorApi
from web.comun.formularios import aplicar_error_api

bp = Blueprint("solicitud", __name__, url_prefix="/solicitud")
MAXIMO = 20  # results of a search by place shown at once
NO_RECIBE = (
    "La institución educativa {nombre} no recibe solicitudes por la web. Acérquese a la "
    "institución o use el canal de ayuda de esta página."
)


def _ir(paso: str):
    return redirect(url_for(f"solicitud.{paso}"), code=303)


def _antes(paso: str):
    """Send the person back to the first step they have not answered yet."""
    falta = estado.falta(paso)
    return _ir(falta) if falta else None


@bp.route("/", methods=["GET"])
def inicio():
    """The Solicitud WEB's start: step 1."""
    return _ir("institucion")


@bp.route("/institucion", methods=["GET", "POST"])
def institucion():
    """Step 1: search the IE by name or código modular; it says whether it receives requests."""
    busqueda = FormularioBusqueda(request.args if request.args else None)
    eleccion = FormularioEleccion()
    resultados, error = None, None
    if busqueda.pedida() and busqueda.validate():
        resultados = _buscar(busqueda)
    elif request.args and not busqueda.pedida():
        busqueda.q.errors = ["Escriba el nombre o el código modular, o el lugar de la institución."]
    if request.method == "POST" and eleccion.validate_on_submit():
        elegida = next(
            (i for i in resultados or [] if _clave(i) == eleccion.institucion.data), None
        )
        if elegida is None:
            eleccion.institucion.errors = ["Elija una de las instituciones encontradas."]
        elif not elegida["habilitar_solicitud"]:
            error = NO_RECIBE.format(nombre=elegida["nombre"])
            eleccion.institucion.errors = [error]
        else:
            estado.guardar(institucion=elegida)
            return _ir("terminos")
    return render_template(
        "ciudadano/institucion.html",
        busqueda=busqueda,
        eleccion=eleccion,
        resultados=resultados,
        clave=_clave,
        elegida=estado.respuestas().get("institucion"),
    )


def _clave(ie: dict) -> str:
    return f"{ie['codigo_modular']}-{ie['anexo']}"


def _buscar(busqueda: FormularioBusqueda) -> list[dict]:
    """By name or code in solicitudes; by place in notas' padrón, then whether each receives."""
    texto = (busqueda.q.data or "").strip()
    lugar = busqueda.lugar()
    if not lugar:
        return api().instituciones(texto)
    encontradas = api("notas").instituciones(q=texto or None, **lugar)[:MAXIMO]
    return [_con_recepcion(ie) for ie in encontradas]


def _con_recepcion(ie: dict) -> dict:
    """An IE of the padrón, with solicitudes' word on whether it receives web requests."""
    conocidas = api().instituciones(ie["codigo_modular"])
    propia = next((i for i in conocidas if _clave(i) == _clave(ie)), None)
    return {**ie, **propia} if propia else {**ie, "habilitar_solicitud": False}


@bp.route("/terminos", methods=["GET", "POST"])
def terminos():
    """Step 2: the terms, which must be accepted; the version read is recorded."""
    if (volver := _antes("terminos")) is not None:
        return volver
    vigentes = api().terminos()
    formulario = FormularioTerminos()
    if formulario.validate_on_submit():
        estado.guardar(terminos_version=vigentes["version"])
        return _ir("tipo_persona")
    return render_template("ciudadano/terminos.html", formulario=formulario, terminos=vigentes)


@bp.route("/tipo-persona", methods=["GET", "POST"])
def tipo_persona():
    """Step 3: the student or their guardian (apoderado) asks."""
    if (volver := _antes("tipo_persona")) is not None:
        return volver
    formulario = FormularioTipoPersona(
        data={"tipo_persona": estado.respuestas().get("tipo_persona")}
    )
    if formulario.validate_on_submit():
        elegido = formulario.tipo_persona.data
        if elegido != estado.respuestas().get("tipo_persona"):
            estado.olvidar("validacion", "apoderado")
        estado.guardar(tipo_persona=elegido)
        return _ir("apoderado" if elegido == "APODERADO" else "estudiante")
    return render_template("ciudadano/tipo_persona.html", formulario=formulario)


@bp.route("/apoderado", methods=["GET", "POST"])
def apoderado():
    """Step 4a: the guardian's own identity (validated with the student's on the next page)."""
    if (volver := _antes("apoderado")) is not None:
        return volver
    formulario = FormularioPersona(data=_como_formulario(estado.respuestas().get("apoderado")))
    if formulario.validate_on_submit():
        estado.guardar(apoderado=formulario.datos())
        estado.olvidar("validacion")
        return _ir("estudiante")
    return render_template("ciudadano/persona.html", formulario=formulario, quien="apoderado")


@bp.route("/estudiante", methods=["GET", "POST"])
def estudiante():
    """Step 4: the student's identity, checked by the API against the identity registry."""
    if (volver := _antes("estudiante")) is not None:
        return volver
    formulario = FormularioPersona(data=_como_formulario(estado.respuestas().get("estudiante")))
    cambiar_tipo = False  # the API says the other tipo de persona must ask
    if formulario.validate_on_submit():
        try:
            validacion = api().validar(_validacion(formulario.datos()))
        except ErrorApi as exc:
            if exc.estado == 429:
                return pagina_de_limite(exc)
            aplicar_error_api(formulario, exc)
            cambiar_tipo = "tipo_persona" in exc.campos
        else:
            estado.guardar(estudiante=formulario.datos(), validacion=validacion)
            return _ir("solicitud")
    return render_template(
        "ciudadano/persona.html",
        formulario=formulario,
        quien="estudiante",
        cambiar_tipo=cambiar_tipo,
    )


def _validacion(persona: dict) -> dict:
    r = estado.respuestas()
    return {
        **persona,
        "codigo_modular": r["institucion"]["codigo_modular"],
        "anexo": r["institucion"]["anexo"],
        "tipo_persona": r["tipo_persona"],
        "apoderado": r.get("apoderado") if r["tipo_persona"] == "APODERADO" else None,
    }


def _como_formulario(persona: dict | None) -> dict | None:
    if not persona:
        return None
    from datetime import date

    return {**persona, "fecha_nacimiento": date.fromisoformat(persona["fecha_nacimiento"])}


@bp.route("/datos", methods=["GET", "POST"])
def solicitud():
    """Step 5: último año, último grado, motivo, correo and celular."""
    if (volver := _antes("solicitud")) is not None:
        return volver
    formulario = _formulario_solicitud(estado.respuestas().get("datos"))
    if formulario.validate_on_submit():
        estado.guardar(datos=formulario.datos())
        return _ir("revisar")
    return render_template("ciudadano/solicitud.html", formulario=formulario)


def _formulario_solicitud(datos: dict | None) -> FormularioSolicitud:
    formulario = FormularioSolicitud(data=datos)
    motivos = api().catalogos()["motivos"]
    formulario.motivo_solicitud.choices = opciones(
        [("", "Elija uno"), *((m["codigo"], m["descripcion"]) for m in motivos)]
    )
    return formulario


@bp.route("/revisar", methods=["GET", "POST"])
def revisar():
    """Check your answers, then file the request (the API sends the acuse email)."""
    if (volver := _antes("revisar")) is not None:
        return volver
    errores: list[str] = []
    if request.method == "POST":
        formulario = FormularioTerminos(data={"acepta": True})  # CSRF only
        if formulario.validate_on_submit():
            try:
                registrada = api().registrar(estado.para_la_api())
            except ErrorApi as exc:
                if exc.estado == 429:
                    return pagina_de_limite(exc)
                return _rechazada(exc)
            estado.terminar(registrada)
            return _ir("registrada")
        errores = formulario.csrf_token.errors or ["Vuelva a intentarlo."]
    motivos = {m["codigo"]: m["descripcion"] for m in api().catalogos()["motivos"]}
    return render_template(
        "ciudadano/revisar.html", r=estado.respuestas(), motivos=motivos, errores=errores
    )


def _rechazada(exc: ErrorApi):
    """The API's refusal: field messages back on the step they belong to, rules on top."""
    formulario = _formulario_solicitud(estado.respuestas().get("datos"))
    aplicar_error_api(formulario, exc)
    if set(exc.campos) & set(formulario._fields):
        return render_template("ciudadano/solicitud.html", formulario=formulario), exc.estado
    motivos = {m["codigo"]: m["descripcion"] for m in api().catalogos()["motivos"]}
    errores = [exc.mensaje, *[m for ms in exc.campos.values() for m in ms]]
    return render_template(
        "ciudadano/revisar.html", r=estado.respuestas(), motivos=motivos, errores=errores
    ), exc.estado


@bp.route("/registrada", methods=["GET"])
def registrada():
    """The final page: the N.° and the tracking code (the acuse email is on its way)."""
    recibo = session.get("solicitud_registrada")
    if not recibo:
        return _ir("institucion")
    return render_template("ciudadano/registrada.html", recibo=recibo)
