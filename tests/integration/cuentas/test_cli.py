"""`mc cuentas crear` (the first OPERACIONES of an installation) and `mc token`."""

from __future__ import annotations

import re

import pyotp
import pytest

from herramientas import cli
from shared.config import Config
from shared.migraciones import migrar
from tests import claves_prueba

pytestmark = pytest.mark.integration


@pytest.fixture
def instalacion(tmp_path, monkeypatch):
    """A fresh embedded installation that `mc` reads from the environment."""
    for variable, valor in {"MC_VAR_DIR": str(tmp_path), **claves_prueba.entorno()}.items():
        monkeypatch.setenv(variable, valor)
    for variable in ("DATABASE_URL", "BROKER_URL", "DB_SCHEMA_PREFIX"):
        monkeypatch.delenv(variable, raising=False)
    migrar(Config.desde_entorno("cuentas"))
    from services.cuentas.entrypoints.flask_app import create_app

    app = create_app(Config.desde_entorno("cuentas").con(testing=True))
    yield app.test_client()
    app.extensions["mc"].engine.dispose()


def test_la_primera_cuenta_de_operaciones_inicia_sesion_con_su_totp(instalacion, capsys):
    argv = ["cuentas", "crear", "--rol", "OPERACIONES", "--usuario", "44567890"]
    argv += ["--nombres", "Jorge Luis", "--apellidos", "Mendoza Ríos", "--correo", "j@example.pe"]
    assert cli.main(argv) == 0
    salida = capsys.readouterr().out
    usuario, clave = re.search(
        r"^  OPERACIONES: usuario (\d+) · clave (\S+)$", salida, re.M
    ).groups()
    secreto = re.search(r"TOTP: secreto ([A-Z2-7]+) · otpauth://", salida).group(1)
    cuerpo = {"usuario": usuario, "clave": clave, "codigo_totp": pyotp.TOTP(secreto).now()}
    r = instalacion.post("/api/cuentas/sesiones", json=cuerpo)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["cuenta"]["nombre"] == "MENDOZA RÍOS, JORGE LUIS"
    assert cli.main(argv) == 2  # the same usuario twice
    assert "Ya existe una cuenta con el usuario 44567890." in capsys.readouterr().err


def test_mc_token_firma_con_la_clave_de_cuentas(instalacion, capsys):
    argv = ["token", "--rol", "OPERACIONES", "--sub", "44567890", "--minutos", "5"]
    assert cli.main(argv) == 0
    token = capsys.readouterr().out.strip()
    r = instalacion.get("/api/cuentas/auditoria", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.get_json()
