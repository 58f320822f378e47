"""`mc cuentas crear`, `mc claves-cuentas …` and `mc token`: installation and development tools."""

from __future__ import annotations

import functools
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from services.cuentas.adapters.claves import LlaveroCuentas, asegurar, rotar
from services.cuentas.adapters.credenciales import Totp
from services.cuentas.service_layer import comandos, handlers
from services.cuentas.service_layer.dependencias import Dependencias
from services.cuentas.service_layer.unit_of_work import UnidadDeTrabajoCuentas
from shared.auth import VIDA_MAXIMA, Usuario, claims_de_alcance
from shared.config import Config
from shared.db import crear_engine, crear_session_factory


def firmar_token(config: Config, usuario: Usuario, segundos: int = VIDA_MAXIMA) -> str:
    """An access token signed with the cuentas key file (development, automation, tests)."""
    ahora = datetime.now(UTC)
    claims = {
        **claims_de_alcance(usuario),
        "iss": config.token_issuer,
        "aud": config.token_audience,
        "iat": ahora,
        "exp": ahora + timedelta(seconds=min(segundos, VIDA_MAXIMA)),
        "jti": str(uuid.uuid4()),
    }
    return _llavero(config.claves_cuentas_dir).firmar(claims)


@functools.cache
def _llavero(carpeta) -> LlaveroCuentas:
    return LlaveroCuentas.asegurado(carpeta)


def claves(config: Config, accion: str) -> tuple[str | None, dict]:
    """Ensure or rotate the signing key; returns the new kid (if any) and the JWKS."""
    carpeta = config.claves_cuentas_dir
    if accion == "listar":
        return None, LlaveroCuentas(carpeta).jwks()
    nueva = rotar(carpeta) if accion == "rotar" else asegurar(carpeta)
    return nueva, LlaveroCuentas(carpeta).jwks()


def crear_cuenta(config: Config, datos: dict, clave: str | None = None) -> dict:
    """An account created by the installation itself, with its password set (no email link).

    Returns the account, the password (generated when not given) and, for OPERACIONES and
    OACIGED, the TOTP secret and its otpauth URI for the authenticator app.
    """
    engine = crear_engine(config)
    try:
        uow = UnidadDeTrabajoCuentas(crear_session_factory(engine))
        dep = Dependencias.desde_config(config)
        datos = {**datos, "niveles": tuple(datos.get("niveles") or ())}
        cuenta = handlers.crear_cuenta(comandos.CrearCuenta(**datos), uow, None, dep)
        clave = clave or secrets.token_urlsafe(12)
        secreto = handlers.dar_credenciales(uow, cuenta["usuario"], clave, dep)
    finally:
        engine.dispose()
    resultado = {"cuenta": cuenta, "clave": clave, "totp_secreto": secreto}
    if secreto:
        resultado["totp_uri"] = Totp.uri(secreto, cuenta["usuario"])
    return resultado


def restablecer_credenciales(config: Config, usuario: str, clave: str) -> str | None:
    """Installation only: a new password (and TOTP secret where required) for an account."""
    engine = crear_engine(config)
    try:
        uow = UnidadDeTrabajoCuentas(crear_session_factory(engine))
        return handlers.dar_credenciales(uow, usuario, clave, Dependencias.desde_config(config))
    finally:
        engine.dispose()
