"""verificacion: the public lookup of a certificate by its código virtual."""

from __future__ import annotations

from urllib.parse import quote

from web.comun.clientes.base import ClienteApi


class ClienteVerificacion(ClienteApi):
    prefijo = "/api/verificacion"

    def certificado(self, codigo_virtual: str) -> dict:
        """Status and summary of a certificate (VIGENTE, ANULADO, …)."""
        return self.get(f"/certificados/{quote(codigo_virtual, safe='')}")

    def detalle(self, codigo_virtual: str, numero_documento: str) -> dict:
        """Full details for whoever gives the holder's document number (404 otherwise)."""
        codigo = quote(codigo_virtual, safe="")
        return self.post(f"/certificados/{codigo}/detalle", {"numero_documento": numero_documento})

    def pdf(self, codigo_virtual: str, numero_documento: str) -> bytes:
        """The certificate's PDF, with the holder's document number in the body."""
        return self._archivo(codigo_virtual, "pdf", numero_documento)

    def credencial(self, codigo_virtual: str, numero_documento: str) -> bytes:
        """The certificate's Verifiable Credential (application/vc+jwt), likewise."""
        return self._archivo(codigo_virtual, "credencial", numero_documento)

    def _archivo(self, codigo_virtual: str, cual: str, numero_documento: str) -> bytes:
        codigo = quote(codigo_virtual, safe="")
        return self.pedir(
            "POST", f"/certificados/{codigo}/{cual}", json={"numero_documento": numero_documento}
        ).content

    def claves(self) -> list:
        """The public keys verificacion checks seals with (its copy of emision's)."""
        return self.get("/claves")["claves"]
