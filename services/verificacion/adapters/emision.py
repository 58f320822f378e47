"""What verificacion asks of emision over HTTP: the public keys, a certificate's PDF and content.

Neither is on the lookup path: keys are copied locally and refreshed now and then, and the PDF
is fetched only for a verifier who gave the holder's document number (or a signed link), from
emision's token-only endpoint: verificacion is the one public path to a PDF, behind its limits.
"""

from __future__ import annotations

from typing import Protocol

from shared.cliente_emision import ClienteEmisionHttp, EmisionNoDisponible

__all__ = ["ClienteEmision", "ClienteEmisionHttp", "EmisionNoDisponible"]


class ClienteEmision(Protocol):
    def claves(self) -> list[dict]: ...

    def pdf(self, codigo_virtual: str) -> bytes | None: ...

    def credencial(self, codigo_virtual: str) -> str | None: ...

    def contenido(self, codigo_virtual: str) -> dict | None: ...
