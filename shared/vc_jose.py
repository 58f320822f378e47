"""Verifiable Credentials secured as VC-JOSE: a compact JWS, ``application/vc+jwt``.

EdDSA (Ed25519, RFC 8037) with a key ring of ``shared.llavero``: the header's kid names one
of the keys its service publishes, so a verifier needs nothing else (VC-JOSE-COSE, RFC 7515).
emision secures the certificates' credentials this way, verificacion its status lists.
Verification uses PyJWT's JWS layer (already the project's JOSE library for staff tokens).
"""

from __future__ import annotations

import base64
import json
from datetime import datetime

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

TIPO_MIME = "application/vc+jwt"
# OpenAPI: a compact JWS (header.payload.signature, base64url), a credential as VC-JOSE.
ESQUEMA_JWS = {"type": "string", "pattern": r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"}
_JWS = jwt.PyJWS(algorithms=["EdDSA"])


class CredencialInvalida(ValueError):
    """The token is no JWS, names no published key, or its signature does not verify."""


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode("ascii")


def firmar(cuerpo: dict, llavero) -> str:
    """The compact JWS of ``cuerpo`` signed with the ring's active key."""
    carga = _b64(json.dumps(cuerpo, ensure_ascii=False, separators=(",", ":")).encode())
    kid = llavero.activa or "-"
    cabecera = _b64(json.dumps({"alg": "EdDSA", "kid": kid, "typ": "vc+jwt", "cty": "vc"}).encode())
    firmado_con, firma = llavero.firmar_datos(f"{cabecera}.{carga}".encode())
    if firmado_con != kid:  # a rotation between the two reads: sign again with the new kid
        return firmar(cuerpo, llavero)
    return f"{cabecera}.{carga}.{_b64(firma)}"


def cabecera(token: str) -> dict:
    """The JWS header, unverified (to pick the key its kid names)."""
    try:
        return _JWS.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise CredencialInvalida("no es una credencial JWS compacta") from exc


def verificar(token: str, claves: list[dict], en: datetime | None = None) -> tuple[dict, dict]:
    """(header, credential) of a token whose signature verifies with the published key its
    kid names; when ``en`` is given, the key must have been valid then (its window)."""
    encabezado = cabecera(token)
    clave = next((c for c in claves if c["kid"] == encabezado.get("kid")), None)
    if clave is None or encabezado.get("alg") != "EdDSA":
        raise CredencialInvalida("la credencial no nombra una clave publicada")
    if en is not None and not _en_ventana(clave, en):
        raise CredencialInvalida("la clave no estaba vigente en la fecha de la credencial")
    publica = Ed25519PublicKey.from_public_bytes(
        base64.urlsafe_b64decode(clave["clave_publica"] + "=" * (-len(clave["clave_publica"]) % 4))
    )
    try:
        carga = _JWS.decode(token, publica, algorithms=["EdDSA"])
        return encabezado, json.loads(carga)
    except (jwt.PyJWTError, ValueError) as exc:
        raise CredencialInvalida("la firma de la credencial no es válida") from exc


def jws_de_archivo(contenido: bytes) -> str:
    """The compact JWS in an uploaded file: the ``.jwt`` itself, or a JSON
    EnvelopedVerifiableCredential (VC 2.0: ``id`` = ``data:application/vc+jwt,<jws>``)."""
    try:
        texto = contenido.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise CredencialInvalida("el archivo no es texto") from exc
    if texto.startswith("{"):
        try:
            envoltorio = json.loads(texto)
        except ValueError as exc:
            raise CredencialInvalida("JSON mal formado") from exc
        dato = envoltorio.get("id", "") if isinstance(envoltorio, dict) else ""
        if not isinstance(dato, str) or not dato.startswith(f"data:{TIPO_MIME},"):
            raise CredencialInvalida("JSON sin credencial firmada (EnvelopedVerifiableCredential)")
        texto = dato.split(",", 1)[1]
    if texto.count(".") != 2:
        raise CredencialInvalida("no es una credencial JWS compacta")
    return texto


def _en_ventana(clave: dict, en: datetime) -> bool:
    desde, hasta = clave.get("valido_desde"), clave.get("valido_hasta")
    leer = lambda v: v if isinstance(v, datetime) else datetime.fromisoformat(v)  # noqa: E731
    return (desde is None or leer(desde) <= en) and (hasta is None or en <= leer(hasta))
