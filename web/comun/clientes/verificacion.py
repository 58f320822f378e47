"""verificacion: the public lookup of a certificate by its código virtual."""

from __future__ import annotations

from urllib.parse import quote

from web.comun.clientes.base import ClienteApi


class ClienteVerificacion(ClienteApi):
    prefijo = "/api/verificacion"

    def certificado(self, codigo_virtual: str) -> dict:
        """Status and summary of a certificate (VIGENTE, ANULADO, …)."""
        return self.get(f"/certificados/{quote(codigo_virtual, safe='')}")
