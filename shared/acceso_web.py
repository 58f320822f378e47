"""Staff-only Flask views: the bearer token of the request, the roles a view admits."""

from __future__ import annotations

import functools

from flask import current_app, g, request

from shared.auth import NoAutenticado, Usuario
from shared.enlaces import CABECERA_SERVICIO, EnlaceNoValido, EnlaceVencido, servicio_de
from shared.errores import SinPermiso


def usuario_de_la_peticion() -> Usuario:
    """The staff user of the current request; 401 without a valid bearer token."""
    cabecera = request.headers.get("Authorization", "")
    if not cabecera.startswith("Bearer "):
        raise NoAutenticado("Se requiere un token de acceso (Authorization: Bearer …).")
    return current_app.extensions["mc"].tokens.leer(cabecera[7:].strip())


def requiere_rol(*roles: str, servicios: tuple[str, ...] = ()):
    """Decorator for staff views: 401 without a valid token, 403 for another role.

    ``servicios`` also admits those services' internal calls, proven by a credential signed with
    CLAVE_SERVICIOS (``shared.enlaces``), never by a staff token: ``g.usuario`` is then None and
    ``g.servicio`` names the caller.
    """

    def decorador(vista):
        @functools.wraps(vista)
        def envoltura(*args, **kwargs):
            credencial = request.headers.get(CABECERA_SERVICIO)
            if servicios and credencial is not None:
                g.usuario, g.servicio = None, _servicio_que_llama(credencial, servicios)
                return vista(*args, **kwargs)
            usuario = usuario_de_la_peticion()
            if usuario.rol not in roles:
                raise SinPermiso("Su rol no tiene acceso a esta operación.")
            g.usuario, g.servicio = usuario, None
            return vista(*args, **kwargs)

        envoltura.roles = roles  # who may call it, for tools (the contract tests) to read
        return envoltura

    return decorador


def _servicio_que_llama(credencial: str, servicios: tuple[str, ...]) -> str:
    try:
        servicio = servicio_de(current_app.extensions["mc"].config.clave_servicios, credencial)
    except (EnlaceNoValido, EnlaceVencido) as exc:
        raise NoAutenticado("Credencial de servicio no válida o vencida.") from exc
    if servicio not in servicios:
        raise SinPermiso("Este servicio no tiene acceso a esta operación.")
    return servicio
