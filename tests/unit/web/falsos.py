"""Fake API clients for the page tests: canned answers, every call recorded."""

from __future__ import annotations

from collections.abc import Callable

from web.comun.clientes.base import ErrorApi


class ClienteFalso:
    """Answers what a test sets per method name (a value, a callable or an ErrorApi)."""

    def __init__(self, nombre: str):
        self.nombre = nombre
        self.respuestas: dict[str, object] = {}
        self.llamadas: list[tuple[str, tuple, dict]] = []

    def responder(self, metodo: str, respuesta) -> None:
        self.respuestas[metodo] = respuesta

    def llamadas_a(self, metodo: str) -> list[tuple[tuple, dict]]:
        return [(a, k) for m, a, k in self.llamadas if m == metodo]

    def __getattr__(self, metodo: str) -> Callable:
        if metodo.startswith("_") or metodo in ("nombre", "respuestas", "llamadas"):
            raise AttributeError(metodo)

        def llamar(*args, **kwargs):
            self.llamadas.append((metodo, args, kwargs))
            if metodo not in self.respuestas:
                raise AssertionError(f"{self.nombre}.{metodo} sin respuesta preparada")
            respuesta = self.respuestas[metodo]
            if isinstance(respuesta, ErrorApi):
                raise respuesta
            return respuesta(*args, **kwargs) if callable(respuesta) else respuesta

        return llamar


def clientes_falsos() -> dict[str, ClienteFalso]:
    """One fake per service, as web.comun.personal.cliente hands them out."""
    nombres = ("cuentas", "solicitudes", "notas", "emision", "notificaciones", "verificacion")
    return {n: ClienteFalso(n) for n in nombres}


CUENTA_OPS = {
    "usuario": "44567890",
    "nombre": "MENDOZA RÍOS, JORGE LUIS",
    "rol": "OPERACIONES",
    "rol_etiqueta": "Operaciones",
    "niveles": [],
    "institucion": None,
}
CUENTA_DIRECTORA = {
    "usuario": "41234567",
    "nombre": "PALACIOS PONCE, LOURDES HAYDEE",
    "rol": "DIRECTOR_IE",
    "rol_etiqueta": "Director Secundaria",
    "niveles": ["SECUNDARIA"],
    "codigo_ugel": None,
    "nombre_ugel": None,
    "institucion": {
        "codigo_modular": "0584714",
        "anexo": "0",
        "codigo_modular_y_anexo": "0584714-0",
        "nombre": "AUGUSTO B. LEGUIA",
    },
}


def tokens(cuenta: dict | None = None, expires_in: int = 600) -> dict:
    """What cuentas answers to a successful sign-in."""
    return {
        "access_token": "token-de-acceso-de-prueba",
        "token_type": "Bearer",
        "expires_in": expires_in,
        "refresh_token": "r" * 43,
        "refresh_expires_in": 43200,
        "cuenta": cuenta or CUENTA_DIRECTORA,
    }
