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

    def correo(self, correo_id: int) -> dict:
        """One email and every delivery attempt (operations)."""
        return self.get(f"/correos/{int(correo_id)}")

    def reenviar_fallido(self, correo_id: int, correo_alternativo: str | None = None) -> dict:
        """Replay one failed email, to the registered address or an alternate one."""
        return self.post(
            f"/fallidos/{int(correo_id)}/reenvio",
            {"correo_alternativo": correo_alternativo or None},
        )

    def reenviar_fallidos(self, limite: int = 500, **filtro) -> dict:
        """Replay every failed email matching the filter: reenviados and the new ids."""
        datos = {k: v for k, v in filtro.items() if v not in (None, "")}
        return self.post("/fallidos/reenvios", {**datos, "limite": limite})

    def retrasados(self, pagina: int = 1, por_pagina: int = 1) -> dict:
        """Emails that failed transiently and are retried until their deadline."""
        return self.get("/retrasados", {"pagina": pagina, "por_pagina": por_pagina})
