"""The CE's Verifiable Credential secured as VC-JOSE: a compact JWS, ``application/vc+jwt``.

EdDSA (Ed25519) with emision's seal key ring: the header's kid is one of the keys published at
``GET /api/emision/claves``, so a verifier needs nothing else (VC-JOSE-COSE, RFC 7515/8037).
"""

from __future__ import annotations

import base64
import json

from services.emision.domain.credencial import credencial

TIPO_MIME = "application/vc+jwt"
NOMBRE_ADJUNTO = "credencial.jwt"


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode("ascii")


class EmisorCredencial:
    """Builds and signs the credential of a CE (the PDF carries it as an associated file)."""

    def __init__(self, llavero, url_emisor: str, url_contexto: str):
        self.llavero, self.url_emisor, self.url_contexto = llavero, url_emisor, url_contexto

    def jwt(self, doc) -> str:
        """The compact JWS of the document's credential."""
        cuerpo = credencial(doc, self.url_emisor, self.url_contexto)
        carga = _b64(json.dumps(cuerpo, ensure_ascii=False, separators=(",", ":")).encode())
        kid = self.llavero.activa or "-"
        cabecera = _b64(
            json.dumps({"alg": "EdDSA", "kid": kid, "typ": "vc+jwt", "cty": "vc"}).encode()
        )
        firmado_con, firma = self.llavero.firmar_datos(f"{cabecera}.{carga}".encode())
        if firmado_con != kid:  # a rotation between the two reads: sign again with the new kid
            return self.jwt(doc)
        return f"{cabecera}.{carga}.{_b64(firma)}"

    def adjunto(self, doc) -> tuple[str, bytes, str]:
        """(file name, bytes, MIME type) to embed in the PDF."""
        return NOMBRE_ADJUNTO, self.jwt(doc).encode("ascii"), TIPO_MIME
