"""cuentas: sign-in, token refresh, sign-out, the signed-in account."""

from __future__ import annotations

from web.comun.clientes.base import ClienteApi


class ClienteCuentas(ClienteApi):
    prefijo = "/api/cuentas"

    def iniciar_sesion(self, usuario: str, clave: str, codigo_totp: str | None = None) -> dict:
        """Tokens (access_token, expires_in, refresh_token, cuenta) or ErrorApi 401/429."""
        datos = {"usuario": usuario, "clave": clave}
        if codigo_totp:
            datos["codigo_totp"] = codigo_totp
        return self.post("/sesiones", datos)

    def renovar(self, refresh_token: str) -> dict:
        """A new access token (and a rotated refresh token)."""
        return self.post("/sesiones/renovacion", {"refresh_token": refresh_token})

    def cerrar_sesion(self, refresh_token: str) -> None:
        """Revoke the refresh token (and those born from it)."""
        self.post("/sesiones/cierre", {"refresh_token": refresh_token})

    def yo(self) -> dict:
        """The calling account: nombre, rol, institución, niveles."""
        return self.get("/yo")
