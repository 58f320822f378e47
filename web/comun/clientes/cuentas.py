"""cuentas: sign-in, token refresh, sign-out, the signed-in account, staff accounts."""

from __future__ import annotations

from urllib.parse import quote

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

    # --- administration (the server calls these: the usuario never reaches a browser URL) ----
    def cuentas(self, *, pagina: int = 1, por_pagina: int = 20, **filtro) -> dict:
        """Staff accounts the caller may see (q, rol, activa), with their last sign-in."""
        return self.get("/cuentas", {"pagina": pagina, "por_pagina": por_pagina, **filtro})

    def cuenta(self, usuario: str) -> dict:
        """One account the caller administers (or their own)."""
        return self.get(f"/cuentas/{quote(usuario, safe='')}")

    def desactivar(self, usuario: str, motivo: str) -> dict:
        """Deactivate an account the caller administers (its sessions and links revoked)."""
        return self.post(f"/cuentas/{quote(usuario, safe='')}/desactivacion", {"motivo": motivo})

    def reactivar(self, usuario: str) -> dict:
        """Reactivate a deactivated account."""
        return self.post(f"/cuentas/{quote(usuario, safe='')}/reactivacion")

    def enviar_enlace(self, usuario: str) -> dict:
        """A set-password link to the account's registered email (as «Olvidé mi clave»)."""
        return self.post("/recuperaciones", {"usuario": usuario})
