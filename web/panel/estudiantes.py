"""Opaque references to students: the panel's URLs name a random id, never the document.

A reference lives in the person's server-side session and maps to the student's document (and
the request it came from); another session cannot use it.
"""

from __future__ import annotations

import secrets

from flask import abort, session

from web.comun.personal import cliente

MAXIMO = 100  # references kept per session (the oldest are forgotten)


def referencia(tipo_documento: str, numero_documento: str, **extra) -> str:
    """A reference for this student in this session (the same one when asked again)."""
    refs: dict = dict(session.get("estudiantes", {}))
    for ref, datos in refs.items():
        if (datos["tipo_documento"], datos["numero_documento"]) == (
            tipo_documento,
            numero_documento,
        ):
            if extra:
                refs[ref] = {**datos, **extra}
                session["estudiantes"] = refs
            return ref
    ref = secrets.token_urlsafe(12)
    refs[ref] = {"tipo_documento": tipo_documento, "numero_documento": numero_documento, **extra}
    session["estudiantes"] = dict(list(refs.items())[-MAXIMO:])
    return ref


def id_estudiante(ref: str) -> str:
    """notas' id of the student a reference stands for (asked once, by document in a body)."""
    datos = estudiante(ref)
    if not datos.get("id_estudiante"):
        registro = cliente("notas").consultar_registro(
            datos["tipo_documento"], datos["numero_documento"]
        )
        recordar_id(ref, registro["estudiante"]["id_estudiante"])
        datos = estudiante(ref)
    return datos["id_estudiante"]


def recordar_id(ref: str, id_estudiante: str) -> None:
    refs: dict = dict(session.get("estudiantes", {}))
    if ref in refs and refs[ref].get("id_estudiante") != id_estudiante:
        refs[ref] = {**refs[ref], "id_estudiante": id_estudiante}
        session["estudiantes"] = refs


def estudiante(ref: str) -> dict:
    """The student a reference stands for, or 404."""
    datos = session.get("estudiantes", {}).get(ref)
    if datos is None:
        abort(404)
    return datos
