"""What verificacion asks of emision over HTTP: the public keys, a certificate's PDF and content.

Neither is on the lookup path: keys are copied locally and refreshed now and then, and the PDF
is fetched only for a verifier who gave the holder's document number (or a signed link), from
emision's token-only endpoint: verificacion is the one public path to a PDF, behind its limits.
"""

from __future__ import annotations

from typing import Protocol

import requests

from shared.enlaces import CABECERA_SERVICIO, credencial_de_servicio


class EmisionNoDisponible(RuntimeError):
    """emision did not answer (down, slow or an unexpected reply)."""


class ClienteEmision(Protocol):
    def claves(self) -> list[dict]: ...

    def pdf(self, codigo_virtual: str) -> bytes | None: ...

    def contenido(self, codigo_virtual: str) -> dict | None: ...


class ClienteEmisionHttp:
    """emision's public endpoints at ``base_url`` (URL_EMISION)."""

    def __init__(self, base_url: str, secreto: str, timeout: float = 3.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._secreto = secreto

    def claves(self) -> list[dict]:
        """GET /api/emision/claves: every key's public half and validity window."""
        respuesta = self._get("/api/emision/claves")
        if respuesta.status_code != 200:
            raise EmisionNoDisponible(f"claves: HTTP {respuesta.status_code}")
        return respuesta.json()["claves"]

    def pdf(self, codigo_virtual: str) -> bytes | None:
        """The stored PDF, or None when emision does not know that code (or lost its file)."""
        respuesta = self._get_como_servicio(f"/api/emision/certificados/{codigo_virtual}/pdf")
        if respuesta.status_code == 404:
            return None
        if (
            respuesta.status_code != 200
            or respuesta.headers.get("Content-Type") != "application/pdf"
        ):
            raise EmisionNoDisponible(f"pdf: HTTP {respuesta.status_code}")
        return respuesta.content

    def contenido(self, codigo_virtual: str) -> dict | None:
        """What the PDF prints, as data (the grid of grades), or None for an unknown code."""
        respuesta = self._get_como_servicio(f"/api/emision/certificados/{codigo_virtual}/contenido")
        if respuesta.status_code == 404:
            return None
        if respuesta.status_code != 200:
            raise EmisionNoDisponible(f"contenido: HTTP {respuesta.status_code}")
        return respuesta.json()

    def _get_como_servicio(self, ruta: str) -> requests.Response:
        credencial = credencial_de_servicio(self._secreto, "verificacion")
        return self._get(ruta, {CABECERA_SERVICIO: credencial})

    def _get(self, ruta: str, cabeceras: dict | None = None) -> requests.Response:
        try:
            return requests.get(self.base_url + ruta, headers=cabeceras, timeout=self.timeout)
        except requests.RequestException as exc:
            raise EmisionNoDisponible(str(exc)) from exc
