"""emision: a certificate's PDF for staff, anulación, the signing keys (OPERACIONES)."""

from __future__ import annotations

from urllib.parse import quote

from web.comun.clientes.base import ClienteApi


class ClienteEmision(ClienteApi):
    prefijo = "/api/emision"

    def pdf(self, codigo_virtual: str) -> bytes:
        """The certificate's PDF (the IE that issued it, or OACIGED)."""
        return self.pedir("GET", f"/certificados/{quote(codigo_virtual, safe='')}/pdf").content

    def anular(self, codigo_virtual: str, motivo_anulacion: str) -> dict:
        """Annul a certificate with its motivo: {codigo_virtual, estado: ANULADO}."""
        ruta = f"/certificados/{quote(codigo_virtual, safe='')}/anulacion"
        return self.post(ruta, {"motivo_anulacion": motivo_anulacion})

    def claves(self) -> dict:
        """The seal's keys (active, retired, windows) and the PAdES certificate."""
        return self.get("/operaciones/claves")

    def rotar_clave(self) -> dict:
        """A new seal key signs from now on: {kid, mensaje}."""
        return self.post("/operaciones/claves/rotacion")
