"""Staff sign-in state: tokens kept in the server-side session, refreshed server-side.

The page never sees a token: the browser holds only the session cookie (HttpOnly). The access
token (≤ 15 min) is renewed with cuentas' refresh token shortly before it expires; when that
fails the person signs in again and comes back to the screen they were on.
"""

from __future__ import annotations

import contextlib
import functools
import time
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for

from web.comun.clientes.base import ErrorApi, NoAutenticadoApi
from web.comun.clientes.cuentas import ClienteCuentas
from web.comun.clientes.emision import ClienteEmision
from web.comun.clientes.notas import ClienteNotas
from web.comun.clientes.notificaciones import ClienteNotificaciones
from web.comun.clientes.solicitudes import ClienteSolicitudes
from web.comun.clientes.verificacion import ClienteVerificacion
from web.comun.sesion import SesionServidor

MARGEN_RENOVACION = 60  # seconds before expiry when the access token is renewed
CLIENTES = {
    "cuentas": ClienteCuentas,
    "solicitudes": ClienteSolicitudes,
    "notas": ClienteNotas,
    "emision": ClienteEmision,
    "notificaciones": ClienteNotificaciones,
    "verificacion": ClienteVerificacion,
}


class SesionVencida(Exception):
    """The staff session is gone (timeout, revoked, refresh refused): sign in again."""


def cliente(servicio: str, con_token: bool = True):
    """The API client of ``servicio`` for this request, with the signed-in person's token."""
    falsos = current_app.extensions.get("mc_clientes_falsos")
    if falsos is not None:  # page tests fake the API at the client boundary
        return falsos[servicio]
    config = current_app.extensions["mc_web"]
    clase = CLIENTES[servicio]
    return clase(
        config.urls[servicio],
        token_vigente if con_token else None,
        timeout=config.timeout_api,
        correlacion=lambda: g.get("correlacion"),
    )


def guardar_inicio(tokens: dict) -> None:
    """Keep what cuentas answered to a sign-in (new session id: no fixation)."""
    session.clear()
    if isinstance(session, SesionServidor):
        session.renovar_id()
    session["_creada"] = time.time()  # the absolute lifetime starts at sign-in
    session["tokens"] = _tokens(tokens)
    session["cuenta"] = tokens.get("cuenta") or {}


def _tokens(tokens: dict) -> dict:
    return {
        "access": tokens["access_token"],
        "refresh": tokens.get("refresh_token"),
        "vence": time.time() + int(tokens.get("expires_in", 600)),
    }


def token_vigente() -> str:
    """The access token, renewed through cuentas when it is about to expire."""
    datos = session.get("tokens")
    if not datos:
        raise SesionVencida()
    if datos["vence"] - MARGEN_RENOVACION > time.time():
        return datos["access"]
    if not datos.get("refresh"):
        raise SesionVencida()
    try:
        nuevos = cliente("cuentas", con_token=False).renovar(datos["refresh"])
    except ErrorApi as exc:
        if exc.estado in (400, 401, 403):
            session.clear()
            raise SesionVencida() from exc
        raise
    nuevos.setdefault("refresh_token", datos["refresh"])
    session["tokens"] = _tokens(nuevos)
    return session["tokens"]["access"]


def cerrar() -> None:
    """Sign out: cuentas revokes the refresh token; the session is emptied."""
    refresh = (session.get("tokens") or {}).get("refresh")
    session.clear()
    session["_creada"] = time.time()
    if refresh:
        # The session is gone here whatever cuentas says.
        with contextlib.suppress(ErrorApi):
            cliente("cuentas", con_token=False).cerrar_sesion(refresh)


def cuenta_actual() -> dict | None:
    """The signed-in account (nombre, rol, institución, niveles) or None."""
    return session.get("cuenta") if session.get("tokens") else None


def requiere_sesion(*roles: str):
    """A view for signed-in staff (of ``roles`` when given); otherwise to sign-in and back."""

    def decorador(vista):
        @functools.wraps(vista)
        def envoltura(*args, **kwargs):
            cuenta = cuenta_actual()
            if cuenta is None:
                return a_inicio_de_sesion()
            if roles and cuenta.get("rol") not in roles:
                from flask import abort

                abort(403)
            g.cuenta = cuenta
            return vista(*args, **kwargs)

        return envoltura

    return decorador


def a_inicio_de_sesion():
    """Redirect to sign-in, remembering where to come back (same site only)."""
    session.pop("tokens", None)
    siguiente = request.full_path if request.method == "GET" else request.referrer or ""
    destino = url_for("sesion.ingresar", siguiente=siguiente_seguro(siguiente))
    if request.headers.get("HX-Request"):
        from flask import Response

        return Response(status=204, headers={"HX-Redirect": destino})
    return redirect(destino)


def siguiente_seguro(url: str | None) -> str | None:
    """A path on this site, or None (no open redirect)."""
    if not url:
        return None
    partes = urlsplit(url)
    if partes.scheme or partes.netloc or not partes.path.startswith("/") or url.startswith("//"):
        return None
    return url.rstrip("?")


def instalar(app) -> None:
    """Expired sessions anywhere in a view → sign-in and back; the account in every template."""

    @app.errorhandler(SesionVencida)
    def _vencida(_exc):
        return a_inicio_de_sesion()

    @app.errorhandler(NoAutenticadoApi)
    def _no_autenticado(_exc):
        return a_inicio_de_sesion()

    @app.context_processor
    def _cuenta():
        return {"cuenta": cuenta_actual()}
