"""The Solicitud WEB's answers between steps: in the server-side session, never in a URL."""

from __future__ import annotations

from flask import session

CLAVE = "solicitud_web"
# Each step and what it needs before it (the question pages' order).
PASOS = ("institucion", "terminos", "tipo_persona", "apoderado", "estudiante", "solicitud")


def respuestas() -> dict:
    """What the person answered so far."""
    return dict(session.get(CLAVE) or {})


def guardar(**cambios) -> None:
    """Record answers of a step (the session is stored server-side)."""
    actuales = respuestas()
    actuales.update(cambios)
    session[CLAVE] = actuales


def olvidar(*claves: str) -> None:
    """Forget answers that a changed earlier answer makes stale."""
    actuales = respuestas()
    for clave in claves:
        actuales.pop(clave, None)
    session[CLAVE] = actuales


def terminar(registrada: dict) -> None:
    """The request was filed: keep only its receipt for the final page."""
    session.pop(CLAVE, None)
    session["solicitud_registrada"] = registrada


def falta(paso: str) -> str | None:
    """The first earlier step still unanswered (to send the person back there), or None."""
    r = respuestas()
    necesarios = {
        "terminos": ["institucion"],
        "tipo_persona": ["institucion", "terminos_version"],
        "apoderado": ["institucion", "terminos_version", "tipo_persona"],
        "estudiante": ["institucion", "terminos_version", "tipo_persona"],
        "solicitud": ["institucion", "terminos_version", "tipo_persona", "validacion"],
        "revisar": ["institucion", "terminos_version", "tipo_persona", "validacion", "datos"],
    }[paso]
    if r.get("tipo_persona") == "APODERADO" and paso in ("estudiante", "solicitud", "revisar"):
        necesarios = [*necesarios, "apoderado"]
    destinos = {"institucion": "institucion", "terminos_version": "terminos",
                "tipo_persona": "tipo_persona", "apoderado": "apoderado",
                "validacion": "estudiante", "datos": "solicitud"}  # fmt: skip
    return next((destinos[n] for n in necesarios if not r.get(n)), None)


def para_la_api() -> dict:
    """Every answer as POST /api/solicitudes/solicitudes takes it."""
    r = respuestas()
    ie = r["institucion"]
    return {
        **r["estudiante"],
        "codigo_modular": ie["codigo_modular"],
        "anexo": ie["anexo"],
        "tipo_persona": r["tipo_persona"],
        "apoderado": r.get("apoderado") if r["tipo_persona"] == "APODERADO" else None,
        **r.get("datos", {}),
        "acepta_terminos": True,
        "terminos_version": r["terminos_version"],
    }
