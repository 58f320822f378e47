"""The CE's Verifiable Credential secured as VC-JOSE: a compact JWS, ``application/vc+jwt``.

EdDSA (Ed25519) with emision's seal key ring (``shared.vc_jose``): the header's kid is one of
the keys published at ``GET /api/emision/claves``, so a verifier needs nothing else.
"""

from __future__ import annotations

from services.emision.domain.credencial import credencial
from shared.vc_jose import TIPO_MIME, firmar

NOMBRE_ADJUNTO = "credencial.jwt"


class EmisorCredencial:
    """Builds and signs the credential of a CE (the PDF carries it as an associated file)."""

    def __init__(self, llavero, url_emisor: str, url_contexto: str):
        self.llavero, self.url_emisor, self.url_contexto = llavero, url_emisor, url_contexto

    def jwt(self, doc) -> str:
        """The compact JWS of the document's credential."""
        return firmar(credencial(doc, self.url_emisor, self.url_contexto), self.llavero)

    def adjunto(self, doc) -> tuple[str, bytes, str]:
        """(file name, bytes, MIME type) to embed in the PDF."""
        return NOMBRE_ADJUNTO, self.jwt(doc).encode("ascii"), TIPO_MIME
