"""Signed, expiring, single-purpose links: the certificate email's download link.

The link names the código virtual and an expiry, never the holder's document number; an
HMAC-SHA256 (key derived from JWT_SECRET for this one purpose) proves that notificaciones
wrote it. verificacion, which serves the public PDF, checks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

PROPOSITO_DESCARGA = b"mc:enlace-descarga-pdf:v1"
_BYTES_MAC = 16  # 128 bits: unforgeable, and a link short enough to survive any mail client


class EnlaceNoValido(ValueError):
    """The token was altered, belongs to another code, or is not a token at all."""


class EnlaceVencido(Exception):
    """A genuine token past its expiry (unix seconds)."""

    def __init__(self, vence: int):
        super().__init__(f"vencido en {vence}")
        self.vence = vence


def _clave(secreto: str) -> bytes:
    # A key of its own: a download token can never pass for a staff token, nor the reverse.
    return hmac.new(secreto.encode(), PROPOSITO_DESCARGA, hashlib.sha256).digest()


def _mac(secreto: str, codigo_virtual: str, vence: int) -> str:
    mensaje = f"{codigo_virtual}|{vence}".encode()
    mac = hmac.new(_clave(secreto), mensaje, hashlib.sha256).digest()[:_BYTES_MAC]
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def firmar_descarga(secreto: str, codigo_virtual: str, segundos: int, ahora=None) -> str:
    """A token ``<expiry>.<mac>`` for downloading ``codigo_virtual`` (canonical) for a while."""
    vence = int(ahora if ahora is not None else time.time()) + segundos
    return f"{vence}.{_mac(secreto, codigo_virtual, vence)}"


def verificar_descarga(secreto: str, codigo_virtual: str, token: str, ahora=None) -> int:
    """The expiry of a genuine, current token; EnlaceNoValido or EnlaceVencido otherwise."""
    vence_txt, _, mac_txt = (token or "").partition(".")
    if not (vence_txt.isascii() and vence_txt.isdigit() and len(vence_txt) <= 12):
        raise EnlaceNoValido("token mal formado")
    vence = int(vence_txt)
    # Compared as text: only the one canonical encoding passes (base64 has look-alikes).
    esperado = _mac(secreto, codigo_virtual, vence).encode()
    if not hmac.compare_digest(mac_txt.encode("utf-8", "replace"), esperado):
        raise EnlaceNoValido("firma no válida")
    if (ahora if ahora is not None else time.time()) >= vence:
        raise EnlaceVencido(vence)
    return vence
