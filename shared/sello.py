"""The seal a certificate's QR carries: what is signed, how it is packed, how it is checked.

Shared by emision (which signs) and verificacion (which checks with the published keys only).

Packed as base64url (no padding) of::

    version (1) | len(kid) (1) | kid (ascii) | código virtual (10: 16 base-32 chars)
    | emitido_en (5: Unix seconds) | huella (32: SHA-256 of the printed content) | firma (64)

The huella covers what the certificate prints (not the PDF bytes, which contain the QR and so
cannot contain their own hash); the PDF's own SHA-256 is recorded beside it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.identificadores import ALFABETO, LONGITUD_CODIGO_VIRTUAL

VERSION = 1
_VALOR = {c: i for i, c in enumerate(ALFABETO)}
# Not part of what is printed: where the QR points, whether it is the latest, its annulment.
# Not printed: where it points, its state, and its position in the status lists.
_FUERA_DE_HUELLA = (
    "url_verificacion", "contenido_qr", "sustituido", "anulacion", "lista_estado", "indice_estado",
    "rol_emisor",
)  # fmt: skip


# What an offline verifier needs to check a QR without us (published with the keys).
FORMATO_SELLO = (
    "El parámetro s de la URL del QR es base64url sin relleno de: versión (1 byte, = 1) | "
    "largo del kid (1 byte) | kid (ASCII) | código virtual (10 bytes: sus 16 caracteres en "
    "base 32 de Crockford, 0123456789ABCDEFGHJKMNPQRSTVWXYZ, como entero big-endian) | "
    "emitido_en (5 bytes: segundos Unix, big-endian) | huella (32 bytes: SHA-256 del contenido "
    "impreso) | firma (64 bytes). La firma Ed25519 cubre todos los bytes anteriores a ella y se "
    "verifica con la clave pública del kid; la fecha de emisión debe caer dentro de la vigencia "
    "de esa clave (valido_desde ≤ emitido_en ≤ valido_hasta)."
)


class SelloInvalido(ValueError):
    """The text is not a seal of a version this code reads."""


def contenido_impreso(documento: dict) -> dict:
    """What the seal's fingerprint covers: the document less where it points and its state."""
    return {k: v for k, v in documento.items() if k not in _FUERA_DE_HUELLA}


def huella_contenido(documento: dict) -> bytes:
    """SHA-256 of the printed content, from its canonical JSON."""
    contenido = contenido_impreso(documento)
    canonico = json.dumps(contenido, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonico.encode("utf-8")).digest()


@dataclass(frozen=True)
class Sello:
    codigo_virtual: str  # canonical, 16 characters
    emitido_en: datetime
    huella: bytes
    kid: str
    firma: bytes = b""

    def mensaje(self) -> bytes:
        """The bytes the signature covers."""
        kid = self.kid.encode("ascii")
        if not 0 < len(kid) < 64:
            raise ValueError("kid de 1 a 63 caracteres ASCII")
        segundos = int(self.emitido_en.timestamp())
        return (
            bytes([VERSION, len(kid)])
            + kid
            + _codigo_a_bytes(self.codigo_virtual)
            + segundos.to_bytes(5, "big")
            + self.huella
        )

    def firmado(self, firma: bytes) -> Sello:
        return replace(self, firma=firma)

    def empaquetar(self) -> str:
        """The seal as URL-safe text."""
        return base64.urlsafe_b64encode(self.mensaje() + self.firma).rstrip(b"=").decode("ascii")

    @classmethod
    def desempaquetar(cls, texto: str) -> Sello:
        """Read a packed seal; raises SelloInvalido when it is not one."""
        try:
            crudo = base64.urlsafe_b64decode(texto + "=" * (-len(texto) % 4))
        except (binascii.Error, ValueError) as exc:
            raise SelloInvalido("no es base64url") from exc
        if len(crudo) < 2 or crudo[0] != VERSION:
            raise SelloInvalido("versión de sello desconocida")
        n = crudo[1]
        if len(crudo) != 2 + n + 10 + 5 + 32 + 64:
            raise SelloInvalido("longitud incorrecta")
        kid, resto = crudo[2 : 2 + n], crudo[2 + n :]
        return cls(
            codigo_virtual=_bytes_a_codigo(resto[:10]),
            emitido_en=datetime.fromtimestamp(int.from_bytes(resto[10:15], "big"), UTC),
            huella=resto[15:47],
            kid=kid.decode("ascii", errors="replace"),
            firma=resto[47:],
        )


def _codigo_a_bytes(codigo: str) -> bytes:
    if len(codigo) != LONGITUD_CODIGO_VIRTUAL:
        raise ValueError("código virtual canónico de 16 caracteres")
    valor = 0
    for caracter in codigo:
        valor = valor * 32 + _VALOR[caracter]
    return valor.to_bytes(10, "big")


def _bytes_a_codigo(datos: bytes) -> str:
    valor = int.from_bytes(datos, "big")
    caracteres = []
    for _ in range(LONGITUD_CODIGO_VIRTUAL):
        valor, resto = divmod(valor, 32)
        caracteres.append(ALFABETO[resto])
    return "".join(reversed(caracteres))


def verificar_firma(sello: Sello, claves: list[dict]) -> bool:
    """Signature valid, by one of the published ``claves``, dated within that key's window.

    ``claves`` as published at ``/api/emision/claves``: kid, clave_publica (base64url of the raw
    Ed25519 key), valido_desde and valido_hasta (ISO 8601; None while the key is active).
    """
    clave = next((c for c in claves if c["kid"] == sello.kid), None)
    if clave is None:
        return False
    desde = _fecha(clave["valido_desde"]).replace(microsecond=0)
    hasta = _fecha(clave["valido_hasta"]) if clave.get("valido_hasta") else None
    if sello.emitido_en < desde or (hasta and sello.emitido_en > hasta):
        return False
    try:
        publica = base64.urlsafe_b64decode(
            clave["clave_publica"] + "=" * (-len(clave["clave_publica"]) % 4)
        )
        Ed25519PublicKey.from_public_bytes(publica).verify(sello.firma, sello.mensaje())
        return True
    except (InvalidSignature, ValueError, binascii.Error):
        return False


def _fecha(valor: str | datetime) -> datetime:
    return valor if isinstance(valor, datetime) else datetime.fromisoformat(valor)
