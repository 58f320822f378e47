"""Signed, expiring, single-purpose tokens: the email's download link and service credentials.

The download link names the código virtual and an expiry, never the holder's document number;
an HMAC-SHA256 proves that notificaciones wrote it, and verificacion, which serves the public
PDF, checks it. A service credential proves that the caller of an internal endpoint (emision's
PDF) is one of our services. Both use a key derived from CLAVE_SERVICIOS for their one purpose;
neither can pass for a staff token, which is EdDSA and signed by cuentas alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

PROPOSITO_DESCARGA = b"mc:enlace-descarga-pdf:v1"
PROPOSITO_SERVICIO = b"mc:credencial-servicio:v1"
CABECERA_SERVICIO = "X-Credencial-Servicio"
_BYTES_MAC = 16  # 128 bits: unforgeable, and a link short enough to survive any mail client


class EnlaceNoValido(ValueError):
    """The token was altered, belongs to another code, or is not a token at all."""


class EnlaceVencido(Exception):
    """A genuine token past its expiry (unix seconds)."""

    def __init__(self, vence: int):
        super().__init__(f"vencido en {vence}")
        self.vence = vence


def _clave(secreto: str, proposito: bytes) -> bytes:
    # A key per purpose: a download token can never pass for a service credential, nor the reverse.
    return hmac.new(secreto.encode(), proposito, hashlib.sha256).digest()


def _mac(secreto: str, sujeto: str, vence: int, proposito: bytes = PROPOSITO_DESCARGA) -> str:
    mensaje = f"{sujeto}|{vence}".encode()
    mac = hmac.new(_clave(secreto, proposito), mensaje, hashlib.sha256).digest()[:_BYTES_MAC]
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def firmar_descarga(secreto: str, codigo_virtual: str, segundos: int, ahora=None) -> str:
    """A token ``<expiry>.<mac>`` for downloading ``codigo_virtual`` (canonical) for a while."""
    vence = int(ahora if ahora is not None else time.time()) + segundos
    return f"{vence}.{_mac(secreto, codigo_virtual, vence)}"


def verificar_descarga(secreto: str, codigo_virtual: str, token: str, ahora=None) -> int:
    """The expiry of a genuine, current token; EnlaceNoValido or EnlaceVencido otherwise."""
    return _verificar(secreto, codigo_virtual, token, PROPOSITO_DESCARGA, ahora)


def credencial_de_servicio(secreto: str, servicio: str, segundos: int = 300, ahora=None) -> str:
    """``<servicio>.<expiry>.<mac>``: ``servicio`` calls another service's internal endpoint."""
    vence = int(ahora if ahora is not None else time.time()) + segundos
    return f"{servicio}.{vence}.{_mac(secreto, servicio, vence, PROPOSITO_SERVICIO)}"


def servicio_de(secreto: str, credencial: str, ahora=None) -> str:
    """The service a genuine, current credential names; EnlaceNoValido or EnlaceVencido."""
    servicio, _, token = (credencial or "").partition(".")
    if not (servicio.isascii() and servicio.isalpha() and len(servicio) <= 30):
        raise EnlaceNoValido("credencial mal formada")
    _verificar(secreto, servicio, token, PROPOSITO_SERVICIO, ahora)
    return servicio


def _verificar(secreto: str, sujeto: str, token: str, proposito: bytes, ahora) -> int:
    vence_txt, _, mac_txt = (token or "").partition(".")
    if not (vence_txt.isascii() and vence_txt.isdigit() and len(vence_txt) <= 12):
        raise EnlaceNoValido("token mal formado")
    vence = int(vence_txt)
    # Compared as text: only the one canonical encoding passes (base64 has look-alikes).
    esperado = _mac(secreto, sujeto, vence, proposito).encode()
    if not hmac.compare_digest(mac_txt.encode("utf-8", "replace"), esperado):
        raise EnlaceNoValido("firma no válida")
    if (ahora if ahora is not None else time.time()) >= vence:
        raise EnlaceVencido(vence)
    return vence
