"""What other services ask of emision over HTTP: public keys, a certificate's PDF, VC, content.

The PDF endpoint admits only services, proven by a credential signed with CLAVE_SERVICIOS
(``shared.enlaces``); verificacion and notificaciones use this one client.
"""

from __future__ import annotations

import requests

from shared.enlaces import CABECERA_SERVICIO, credencial_de_servicio
from shared.vc_jose import TIPO_MIME


class EmisionNoDisponible(RuntimeError):
    """emision did not answer (down, slow or an unexpected reply)."""


class ClienteEmisionHttp:
    """emision's endpoints at ``base_url`` (URL_EMISION), called by ``servicio``."""

    def __init__(self, base_url: str, secreto: str, servicio: str, timeout: float = 3.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._secreto = secreto
        self._servicio = servicio  # who calls: named in the signed service credential

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

    def credencial(self, codigo_virtual: str) -> str | None:
        """The Verifiable Credential the stored PDF carries (VC-JOSE), or None when unknown."""
        ruta = f"/api/emision/certificados/{codigo_virtual}/credencial"
        respuesta = self._get_como_servicio(ruta)
        if respuesta.status_code == 404:
            return None
        if respuesta.status_code != 200 or respuesta.headers.get("Content-Type") != TIPO_MIME:
            raise EmisionNoDisponible(f"credencial: HTTP {respuesta.status_code}")
        return respuesta.text

    def contenido(self, codigo_virtual: str) -> dict | None:
        """What the PDF prints, as data (the grid of grades), or None for an unknown code."""
        respuesta = self._get_como_servicio(f"/api/emision/certificados/{codigo_virtual}/contenido")
        if respuesta.status_code == 404:
            return None
        if respuesta.status_code != 200:
            raise EmisionNoDisponible(f"contenido: HTTP {respuesta.status_code}")
        return respuesta.json()

    def _get_como_servicio(self, ruta: str) -> requests.Response:
        credencial = credencial_de_servicio(self._secreto, self._servicio)
        return self._get(ruta, {CABECERA_SERVICIO: credencial})

    def _get(self, ruta: str, cabeceras: dict | None = None) -> requests.Response:
        try:
            return requests.get(self.base_url + ruta, headers=cabeceras, timeout=self.timeout)
        except requests.RequestException as exc:
            raise EmisionNoDisponible(str(exc)) from exc
