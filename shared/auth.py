"""Staff authentication: EdDSA access tokens issued by cuentas, verified with its JWKS.

No service holds a secret that can mint a token: each one verifies the signature with the public
keys published at ``JWKS_URL`` (cuentas' ``/api/cuentas/.well-known/jwks.json``, or in embedded
mode and tests the file cuentas writes beside its keys), checking ``TOKEN_ISSUER`` and
``TOKEN_AUDIENCE``. Scope is the IE (código modular + anexo, niveles) for a director, the UGEL
for a specialist. Citizen intake and public verification need no token.

Plain Python (no Flask): a domain may use ``Usuario``; the views' decorator is in
``shared.acceso_web``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import jwt
import requests

from shared.errores import ErrorDeDominio, ServicioNoDisponible
from shared.ugeles import es_codigo_ugel

log = logging.getLogger(__name__)

ROLES = ("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", "OPERACIONES")
ALGORITMO = "EdDSA"
VIDA_MAXIMA = 15 * 60  # seconds: a longer-lived access token is refused, whoever signed it
_HOLGURA = 30  # seconds of clock skew between cuentas and the other services


class NoAutenticado(ErrorDeDominio):
    estado_http = 401
    codigo = "no_autenticado"


class ClavesNoDisponibles(ServicioNoDisponible):
    """The JWKS could not be read and nothing is cached: the token cannot be checked now."""


@dataclass(frozen=True)
class Usuario:
    """Who is calling, with the scope their role allows."""

    sub: str
    rol: str
    codigo_modular: str | None = None
    anexo: str | None = None
    codigo_ugel: str | None = None  # the UGEL's code (padrón ESCALE CODOOII), never its name
    nombre: str | None = None
    niveles: tuple[str, ...] = ()

    def es_director_de(self, codigo_modular: str, anexo: str) -> bool:
        return (
            self.rol == "DIRECTOR_IE"
            and self.codigo_modular == codigo_modular
            and self.anexo == anexo
        )


def claims_de_alcance(usuario: Usuario) -> dict:
    """The claims that say who the user is and what they may reach (no times, no issuer)."""
    validar_alcance(usuario)
    claims: dict = {"sub": usuario.sub, "rol": usuario.rol}
    if usuario.nombre:
        claims["name"] = usuario.nombre
    for clave in ("codigo_modular", "anexo", "codigo_ugel"):
        if getattr(usuario, clave):
            claims[clave] = getattr(usuario, clave)
    if usuario.niveles:
        claims["niveles"] = list(usuario.niveles)
    return claims


def usuario_de(claims: dict) -> Usuario:
    """The user the (verified) claims speak for; ValueError when the scope is incomplete."""
    niveles = claims.get("niveles") or ()
    if not isinstance(niveles, list | tuple) or not all(isinstance(n, str) for n in niveles):
        raise ValueError("niveles no válidos")
    usuario = Usuario(
        sub=str(claims["sub"]),
        rol=claims["rol"],
        codigo_modular=claims.get("codigo_modular"),
        anexo=claims.get("anexo"),
        codigo_ugel=claims.get("codigo_ugel"),
        nombre=claims.get("name"),
        niveles=tuple(niveles),
    )
    validar_alcance(usuario)
    return usuario


def validar_alcance(usuario: Usuario) -> None:
    if usuario.rol not in ROLES:
        raise ValueError(f"rol desconocido: {usuario.rol}")
    if usuario.rol == "DIRECTOR_IE" and not (usuario.codigo_modular and usuario.anexo):
        raise ValueError("un director necesita código modular y anexo")
    if usuario.rol == "ESPECIALISTA_UGEL" and not es_codigo_ugel(usuario.codigo_ugel):
        raise ValueError("un especialista UGEL necesita el código de su UGEL (6 dígitos)")


class FuenteJwks:
    """The issuer's public keys, from an http(s) URL or a local file, cached for ``ttl`` seconds.

    An unknown ``kid`` (a rotation) reloads at once, at most every ``refresco_minimo`` seconds,
    so a flood of tokens with made-up kids cannot turn into a flood of requests to cuentas.
    """

    def __init__(self, url: str, ttl: float = 300.0, refresco_minimo: float = 5.0):
        self.url = url
        self._ttl = ttl
        self._refresco_minimo = refresco_minimo
        self._claves: dict[str, jwt.PyJWK] | None = None
        self._cargado_en = float("-inf")
        self._lock = threading.Lock()

    def clave(self, kid: str) -> jwt.PyJWK | None:
        """The public key ``kid``, or None when the issuer does not publish it."""
        ahora = time.monotonic()
        vencido = self._claves is None or ahora - self._cargado_en > self._ttl
        desconocido = self._claves is not None and kid not in self._claves
        if vencido or (desconocido and ahora - self._cargado_en >= self._refresco_minimo):
            self._recargar(ahora)
        return (self._claves or {}).get(kid)

    def _recargar(self, ahora: float) -> None:
        with self._lock:
            try:
                self._claves = _claves_de(self._leer())
            except (OSError, ValueError, requests.RequestException) as exc:
                if self._claves is None:
                    log.error("JWKS %s no disponible: %s", self.url, exc)
                    raise ClavesNoDisponibles(
                        "No se pudieron obtener las claves públicas de cuentas para verificar "
                        "el token; intente nuevamente en unos minutos."
                    ) from exc
                log.warning(
                    "JWKS %s no disponible (%s); se usan las claves en caché", self.url, exc
                )
            self._cargado_en = ahora

    def _leer(self) -> dict:
        partes = urlparse(self.url)
        if partes.scheme in ("http", "https"):
            respuesta = requests.get(self.url, timeout=5)
            respuesta.raise_for_status()
            return respuesta.json()
        ruta = Path(unquote(partes.path)) if partes.scheme == "file" else Path(self.url)
        return json.loads(ruta.read_text())


def _claves_de(jwks: dict) -> dict[str, jwt.PyJWK]:
    """Only Ed25519 keys with a kid count; anything else in the set is ignored."""
    claves = {}
    for jwk in jwks.get("keys", []):
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and jwk.get("kid"):
            claves[jwk["kid"]] = jwt.PyJWK(jwk, algorithm=ALGORITMO)
    return claves


class VerificadorTokens:
    """Checks an access token: EdDSA, a published kid, issuer, audience, short lifetime."""

    def __init__(self, fuente: FuenteJwks, emisor: str, audiencia: str | None):
        self.fuente = fuente
        self.emisor = emisor
        self.audiencia = audiencia or None

    def leer(self, token: str) -> Usuario:
        """The user a token speaks for; raises NoAutenticado when it is not valid."""
        try:
            cabecera = jwt.get_unverified_header(token)
            if cabecera.get("alg") != ALGORITMO or not isinstance(cabecera.get("kid"), str):
                raise jwt.InvalidTokenError("algoritmo o kid no admitidos")
            clave = self.fuente.clave(cabecera["kid"])
            if clave is None:
                raise jwt.InvalidTokenError("clave desconocida")
            claims = jwt.decode(
                token,
                clave.key,
                algorithms=[ALGORITMO],
                issuer=self.emisor,
                audience=self.audiencia,
                leeway=_HOLGURA,
                options={"require": ["exp", "iat", "sub"], "verify_aud": bool(self.audiencia)},
            )
            if claims["exp"] - claims["iat"] > VIDA_MAXIMA:
                raise jwt.InvalidTokenError("vigencia mayor a 15 minutos")
            return usuario_de(claims)
        except jwt.ExpiredSignatureError as exc:
            raise NoAutenticado("El token ha vencido; inicie sesión nuevamente.") from exc
        except (jwt.InvalidTokenError, KeyError, TypeError, ValueError) as exc:
            raise NoAutenticado("Token no válido.") from exc


def verificador_desde_config(config) -> VerificadorTokens:
    """The verifier a service builds from its configuration (JWKS_URL, TOKEN_ISSUER, …)."""
    fuente = FuenteJwks(config.jwks_url, config.jwks_ttl, config.jwks_refresco_minimo)
    return VerificadorTokens(fuente, config.token_issuer, config.token_audience)
