"""One sign-in view for every staff frontend: usuario, clave, TOTP step; sign-out; expiry.

Each frontend builds its ``sesion`` blueprint with the roles it admits and its template:

    bp = blueprint_sesion(roles=("OPERACIONES",), plantilla="operaciones/ingresar.html",
                          rol_ajeno="Esta consola es solo para …")

An account of another role signs in at cuentas but is not kept: its refresh token is revoked and
the page says where to go. A session that expired comes back here with ``siguiente`` and, after
signing in again, returns to that same screen (same site only).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from web.comun import personal
from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario, aplicar_error_api

AVISO_VENCIDA = "Su sesión terminó. Inicie sesión para continuar donde estaba."


class FormularioIngreso(Formulario):
    usuario = StringField(
        "Usuario (número de documento)",
        validators=[
            DataRequired("Ingrese su usuario."),
            Length(max=20, message="Máximo 20 caracteres."),
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    clave = PasswordField(
        "Clave",
        validators=[DataRequired("Ingrese su clave.")],
        render_kw={"autocomplete": "current-password"},
    )
    codigo_totp = StringField(
        "Código de verificación",
        validators=[
            Optional(),
            Regexp(r"^\d{6}$", message="El código de verificación tiene 6 dígitos."),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6},
    )


def blueprint_sesion(
    roles: Iterable[str], plantilla: str, rol_ajeno: str, inicio: str = "inicio.inicio"
) -> Blueprint:
    """The ``sesion`` blueprint (``/ingresar``, ``/salir``) of a frontend admitting ``roles``."""
    admitidos = frozenset(roles)
    bp = Blueprint("sesion", __name__)

    def _ingresar(formulario: FormularioIngreso) -> bool:
        """Ask cuentas; only an account of an admitted role keeps the session."""
        try:
            tokens = personal.cliente("cuentas", con_token=False).iniciar_sesion(
                formulario.usuario.data.strip(),
                formulario.clave.data,
                (formulario.codigo_totp.data or "").strip() or None,
            )
        except ErrorApi as exc:
            aplicar_error_api(formulario, exc)
            return False
        if (tokens.get("cuenta") or {}).get("rol") not in admitidos:
            _revocar(tokens.get("refresh_token"))
            formulario.errores_generales.append(rol_ajeno)
            return False
        personal.guardar_inicio(tokens)
        return True

    @bp.route("/ingresar", methods=["GET", "POST"])
    def ingresar():
        """Sign-in page; back to the screen the person was on."""
        formulario = FormularioIngreso()
        siguiente = personal.siguiente_seguro(request.values.get("siguiente"))
        if formulario.validate_on_submit() and _ingresar(formulario):
            return redirect(request.script_root + siguiente if siguiente else url_for(inicio))
        if request.method == "GET" and request.args.get("siguiente"):
            flash(AVISO_VENCIDA, "info")
        estado = 401 if formulario.tiene_errores() else 200
        return render_template(
            plantilla,
            formulario=formulario,
            siguiente=siguiente,
        ), estado

    @bp.route("/salir", methods=["POST"])
    def salir():
        """Sign out: the refresh token is revoked and the session emptied."""
        personal.cerrar()
        flash("Cerró su sesión.", "exito")
        return redirect(url_for("sesion.ingresar"))

    return bp


def _revocar(refresh: str | None) -> None:
    if refresh:  # the token was never kept; if cuentas fails it expires on its own
        with contextlib.suppress(ErrorApi):
            personal.cliente("cuentas", con_token=False).cerrar_sesion(refresh)
