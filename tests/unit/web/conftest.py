"""Page tests of the web frontends: Flask's test client, the API faked at the client boundary."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.unit.web.falsos import clientes_falsos, tokens
from web.comun.config import ConfigWeb


def config_prueba(nombre: str = "panel") -> ConfigWeb:
    return ConfigWeb(
        nombre=nombre,
        urls={
            s: "http://api.invalid"
            for s in (
                "cuentas",
                "solicitudes",
                "notas",
                "emision",
                "notificaciones",
                "verificacion",
            )
        },
        clave_secreta="clave-de-prueba",
        almacen_sesiones="memoria://",
        cookie_segura=True,
        testing=True,
    )


@pytest.fixture
def api():
    return clientes_falsos()


@pytest.fixture
def app_panel(api):
    from web.panel.app import create_app

    app = create_app(config_prueba())
    app.extensions["mc_clientes_falsos"] = api
    return app


@pytest.fixture
def cliente(app_panel):
    return app_panel.test_client()


def pagina(respuesta) -> BeautifulSoup:
    """The rendered page, parsed."""
    return BeautifulSoup(respuesta.get_data(as_text=True), "html.parser")


def texto(elemento) -> str:
    """What a person reads in an element (spaces collapsed)."""
    return re.sub(r"\s+", " ", elemento.get_text(" ")).strip() if elemento else ""


def csrf(cliente, ruta: str) -> str:
    """The CSRF token of the form a GET of ``ruta`` shows."""
    campo = pagina(cliente.get(ruta)).find("input", {"name": "csrf_token"})
    assert campo is not None, f"{ruta} no tiene un formulario con token CSRF"
    return campo["value"]


def ingresar(cliente, api, cuenta: dict | None = None) -> None:
    """Sign in through the real sign-in page, cuentas faked."""
    api["cuentas"].responder("iniciar_sesion", tokens(cuenta))
    r = cliente.post(
        "/ingresar",
        data={
            "usuario": "41234567",
            "clave": "una-clave",
            "csrf_token": csrf(cliente, "/ingresar"),
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)


@pytest.fixture
def conectado(cliente, api):
    """A test client with the demo director signed in."""
    ingresar(cliente, api)
    return cliente
