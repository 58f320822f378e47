"""Helpers for the cuentas tests: accounts created and activated the way people do it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from tests.conftest import dni_unico
from tests.integration import datos

ENLACE = re.compile(r"/clave/([A-Za-z0-9_-]{20,})")


class Reloj:
    """The clock of the cuentas handlers, moved by the test (lockouts, link expiry)."""

    def __init__(self):
        self.desfase = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.desfase

    def avanzar(self, **tiempo) -> None:
        self.desfase += timedelta(**tiempo)


class Cuentas:
    """The cuentas API of a ``sistema`` fixture, as the panel and the admin screens call it."""

    def __init__(self, sistema):
        self.sistema = sistema
        self.cliente = sistema.clientes["cuentas"]
        self.reloj = Reloj()
        dep = sistema.apps["cuentas"].extensions["cuentas"]
        dep.reloj = self.reloj
        dep.totp._reloj = lambda: self.reloj().timestamp()

    def nueva(self, rol: str, **cambios) -> dict:
        usuario = dni_unico()
        cuerpo = {
            "usuario": usuario,
            "nombres": "Lourdes Haydee",
            "apellidos": "Palacios Ponce",
            "correo": f"u{usuario}@example.pe",
            "rol": rol,
        }
        return {**cuerpo, **cambios}

    def crear(self, cuerpo: dict, headers: dict):
        return self.cliente.post("/api/cuentas/cuentas", json=cuerpo, headers=headers)

    def enlace(self, correo: str) -> str:
        """The token of the newest password link emailed to ``correo``."""
        self.sistema.entregar()
        recibidos = [m for m in self.sistema.correos() if m["To"] == correo]
        assert recibidos, f"no llegó ningún correo a {correo}"
        return ENLACE.search(recibidos[-1].get_body(("plain",)).get_content()).group(1)

    def activar(self, cuerpo: dict, clave: str = "Clave-Segura-2026") -> dict:
        """Set the first password through the emailed link (and the authenticator if due)."""
        token = self.enlace(cuerpo["correo"])
        secreto = None
        if self.cliente.get(f"/api/cuentas/enlaces/{token}").get_json()["requiere_totp"]:
            secreto = self.cliente.post(f"/api/cuentas/enlaces/{token}/totp").get_json()["secreto"]
        r = self.cliente.post(
            f"/api/cuentas/enlaces/{token}",
            json={"clave": clave, "codigo_totp": self.codigo(secreto) if secreto else None},
        )
        assert r.status_code == 200, r.get_json()
        return {**cuerpo, "clave": clave, "totp_secreto": secreto}

    def alta(self, rol: str, headers: dict | None = None, **cambios) -> dict:
        """A new account created by whoever administers ``rol``, with its password set."""
        cuerpo = self.nueva(rol, **cambios)
        if rol == "ESPECIALISTA_UGEL":  # a specialist's UGEL must be in the padrón
            self.ie_en_padron(codigo_ugel=cuerpo["codigo_ugel"])
        r = self.crear(cuerpo, headers or datos.operaciones())
        assert r.status_code == 201, r.get_json()
        return self.activar(cuerpo)

    def codigo(self, secreto: str, pasos: int = 0) -> str:
        return pyotp.TOTP(secreto).at(self.reloj().timestamp() + 30 * pasos)

    def iniciar(self, usuario: str, clave: str, codigo_totp=None, ip: str = "10.1.1.1"):
        return self.cliente.post(
            "/api/cuentas/sesiones",
            json={"usuario": usuario, "clave": clave, "codigo_totp": codigo_totp},
            environ_base={"REMOTE_ADDR": ip},
        )

    def ie_en_padron(self, **cambios) -> dict:
        """An IE in notas' padrón, its copy delivered to cuentas."""
        ie = datos.institucion(**cambios)
        r = self.sistema.clientes["notas"].post(
            "/api/notas/instituciones", json=ie, headers=datos.operaciones()
        )
        assert r.status_code == 201, r.get_json()
        self.sistema.entregar()
        return ie


@pytest.fixture
def cuentas(sistema_pg) -> Cuentas:
    return Cuentas(sistema_pg)


def bearer(respuesta) -> dict:
    return {"Authorization": "Bearer " + respuesta.get_json()["access_token"]}
