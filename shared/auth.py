"""Staff authentication: signed bearer tokens (JWT) carrying a role and a scope.

Scope is the IE (código modular + anexo) for a director, the UGEL for a specialist.
Citizen intake and public verification need no token.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from flask import current_app, g, request

from shared.errores import ErrorDeDominio, SinPermiso

ROLES = ("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", "OPERACIONES")
_ALGORITMO = "HS256"
_EMISOR = "mi-certificado"


class NoAutenticado(ErrorDeDominio):
    estado_http = 401
    codigo = "no_autenticado"


@dataclass(frozen=True)
class Usuario:
    """Who is calling, with the scope their role allows."""

    sub: str
    rol: str
    codigo_modular: str | None = None
    anexo: str | None = None
    ugel: str | None = None

    def es_director_de(self, codigo_modular: str, anexo: str) -> bool:
        return (
            self.rol == "DIRECTOR_IE"
            and self.codigo_modular == codigo_modular
            and self.anexo == anexo
        )


def emitir_token(secreto: str, usuario: Usuario, horas: int = 8) -> str:
    """A signed token for ``usuario`` valid for ``horas`` hours."""
    _validar_alcance(usuario)
    ahora = datetime.now(UTC)
    claims = {
        "iss": _EMISOR,
        "sub": usuario.sub,
        "rol": usuario.rol,
        "iat": ahora,
        "exp": ahora + timedelta(hours=horas),
    }
    for clave in ("codigo_modular", "anexo", "ugel"):
        if getattr(usuario, clave):
            claims[clave] = getattr(usuario, clave)
    return jwt.encode(claims, secreto, algorithm=_ALGORITMO)


def leer_token(secreto: str, token: str) -> Usuario:
    """The user a token speaks for; raises NoAutenticado when it is invalid or expired."""
    try:
        claims = jwt.decode(
            token,
            secreto,
            algorithms=[_ALGORITMO],
            issuer=_EMISOR,
            options={"require": ["exp", "sub"]},
        )
        usuario = Usuario(
            sub=claims["sub"],
            rol=claims["rol"],
            codigo_modular=claims.get("codigo_modular"),
            anexo=claims.get("anexo"),
            ugel=claims.get("ugel"),
        )
        _validar_alcance(usuario)
        return usuario
    except jwt.ExpiredSignatureError as exc:
        raise NoAutenticado("El token ha vencido; inicie sesión nuevamente.") from exc
    except (jwt.InvalidTokenError, KeyError, ValueError) as exc:
        raise NoAutenticado("Token no válido.") from exc


def _validar_alcance(usuario: Usuario) -> None:
    if usuario.rol not in ROLES:
        raise ValueError(f"rol desconocido: {usuario.rol}")
    if usuario.rol == "DIRECTOR_IE" and not (usuario.codigo_modular and usuario.anexo):
        raise ValueError("un director necesita código modular y anexo")
    if usuario.rol == "ESPECIALISTA_UGEL" and not usuario.ugel:
        raise ValueError("un especialista UGEL necesita su UGEL")


def requiere_rol(*roles: str):
    """Decorator for staff views: 401 without a valid token, 403 for another role."""

    def decorador(vista):
        @functools.wraps(vista)
        def envoltura(*args, **kwargs):
            cabecera = request.headers.get("Authorization", "")
            if not cabecera.startswith("Bearer "):
                raise NoAutenticado("Se requiere un token de acceso (Authorization: Bearer …).")
            usuario = leer_token(current_app.extensions["mc"].config.jwt_secret, cabecera[7:])
            if usuario.rol not in roles:
                raise SinPermiso("Su rol no tiene acceso a esta operación.")
            g.usuario = usuario
            return vista(*args, **kwargs)

        envoltura.roles = roles  # who may call it, for tools (the contract tests) to read
        return envoltura

    return decorador
