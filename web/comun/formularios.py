"""Forms: WTForms (through Flask-WTF, which also gives CSRF) and API errors mapped onto fields.

Server-side validation is the truth: a form validates what it can, then the API validates the
rest and its envelope's ``campos`` land on the same fields, so the page shows each message
beside the field the person typed, keeping what they typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm

from web.comun.clientes.base import ErrorApi


class Formulario(FlaskForm):
    """Base of every form: errors that belong to no field go to ``errores_generales``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.errores_generales: list[str] = []

    def errores_por_campo(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error, in the form's order (error summary)."""
        filas = []
        for campo in self:
            for mensaje in campo.errors:
                filas.append((campo.id, str(campo.label.text), mensaje))
        return filas

    def tiene_errores(self) -> bool:
        """True when some field or the form as a whole has an error."""
        return bool(self.errores_generales or self.errores_por_campo())


def aplicar_error_api(
    formulario: Formulario, error: ErrorApi, mapa: Mapping[str, str] | None = None
) -> None:
    """Put the API's field messages on the form's fields (``mapa``: API name → field name)."""
    mapa = mapa or {}
    colocados = False
    for nombre_api, mensajes in (error.campos or {}).items():
        nombre = mapa.get(nombre_api, nombre_api)
        campo = formulario._fields.get(nombre) if nombre else None
        if campo is None:
            continue
        campo.errors = [*list(campo.errors or []), *mensajes]
        colocados = True
    sin_campo = [
        m
        for nombre, ms in (error.campos or {}).items()
        if formulario._fields.get(mapa.get(nombre, nombre)) is None
        for m in ms
    ]
    if not colocados or sin_campo:
        formulario.errores_generales.extend(sin_campo or [error.mensaje])
