"""Helpers for the notas integration tests: a director's calls, as the registry screen makes."""

from __future__ import annotations

import pytest

from shared.auth import Usuario
from tests.integration import datos


class Registro:
    """The notas API of a ``sistema`` fixture, with the calls a director's frontend makes."""

    def __init__(self, sistema):
        self.sistema = sistema
        self.cliente = sistema.clientes["notas"]

    def ie(self, **cambios) -> dict:
        ie = datos.institucion(**cambios)
        r = self.cliente.post("/api/notas/instituciones", json=ie, headers=datos.operaciones())
        assert r.status_code == 201, r.get_json()
        return ie

    def estudiante(self, ie: dict, **cambios) -> dict:
        est = datos.estudiante(**cambios)
        r = self.cliente.put("/api/notas/estudiantes", json=est, headers=datos.director(ie))
        assert r.status_code == 200, r.get_json()
        return est

    def url(self, est: dict, resto: str = "") -> str:
        """The student's URL: notas' id for them, looked up by document (in a body)."""
        return datos.ruta_estudiante(self.cliente, est, resto)

    def grado(self, ie: dict, est: dict, nivel: str, grado: str, cuerpo: dict, headers=None):
        """PUT one grade; the IE defaults to ``ie`` and the caller to its director."""
        cuerpo = {"codigo_modular": ie["codigo_modular"], "anexo": ie["anexo"], **cuerpo}
        return self.cliente.put(
            self.url(est, f"/grados/{nivel}/{grado}"),
            json=cuerpo,
            headers=headers or datos.director(ie),
        )

    def ver(self, ie: dict, est: dict, resto: str = "/registro", headers=None):
        r = self.cliente.get(self.url(est, resto), headers=headers or datos.director(ie))
        assert r.status_code == 200, r.get_json()
        return r.get_json()

    def parametros(self, ie: dict, **valores):
        cuerpo = {"min_areas": 1, "max_areas": 10, "min_talleres": 0, "max_talleres": 0, **valores}
        return self.cliente.put(
            f"/api/notas/instituciones/{ie['codigo_modular']}/{ie['anexo']}/parametros",
            json=cuerpo,
            headers=datos.director(ie),
        )

    def taller(self, ie: dict, nombre: str, headers=None):
        return self.cliente.post(
            f"/api/notas/instituciones/{ie['codigo_modular']}/{ie['anexo']}/talleres",
            json={"nombre": nombre},
            headers=headers or datos.director(ie),
        )


def especialista(codigo_ugel: str) -> dict:
    return datos.cabecera(Usuario("esp-1", "ESPECIALISTA_UGEL", codigo_ugel=codigo_ugel))


def oaciged() -> dict:
    return datos.cabecera(Usuario("oaciged-1", "OACIGED"))


def error(r, estado: int) -> dict:
    assert r.status_code == estado, r.get_data(as_text=True)
    return r.get_json()["error"]


@pytest.fixture
def registro(sistema):
    """The registry on PostgreSQL and on SQLite (embedded mode)."""
    return Registro(sistema)


@pytest.fixture
def registro_pg(sistema_pg):
    return Registro(sistema_pg)
