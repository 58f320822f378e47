"""notificaciones: the «Reenvío de correo electrónico» dialog and its resend."""

from __future__ import annotations

from web.comun.clientes.base import ClienteApi


class ClienteNotificaciones(ClienteApi):
    prefijo = "/api/notificaciones"

    def dialogo_reenvio(self, numero_solicitud: int) -> dict:
        """What the dialog shows: documento, estudiante, nivel, último año, correo."""
        return self.get(f"/solicitudes/{int(numero_solicitud)}/correo")

    def reenviar(self, numero_solicitud: int, correo_alternativo: str | None = None) -> dict:
        """Resend the request's email, to the registered address or an alternate one."""
        return self.post(
            f"/solicitudes/{int(numero_solicitud)}/reenvios",
            {"correo_alternativo": correo_alternativo or None},
        )

    def fallidos(self, **filtro) -> dict:
        """Failed emails (operations)."""
        return self.get("/fallidos", filtro)
