"""`mc` finds each service's subcommands by the service's name; the platform lists none."""

from __future__ import annotations

import pytest

from herramientas import cli


@pytest.fixture
def instalacion(tmp_path, monkeypatch):
    """An empty embedded installation (SQLite under a temporary MC_VAR_DIR)."""
    monkeypatch.setenv("MC_VAR_DIR", str(tmp_path))
    for variable in ("DATABASE_URL", "BROKER_URL", "DB_SCHEMA_PREFIX"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def test_mc_ayuda_lista_los_comandos_de_cada_servicio(capsys):
    with pytest.raises(SystemExit) as salida:
        cli.main(["--help"])
    assert salida.value.code == 0
    ayuda = capsys.readouterr().out
    propios = ("migrar", "revision", "relay", "fallidos", "smtp-local", "run")
    de_servicios = ("token", "claves-cuentas", "cuentas", "claves", "identidad", "lote")
    for comando in (*propios, *de_servicios, "correos", "catalogo"):
        assert f"    {comando} " in ayuda, comando


def test_cada_servicio_con_comandos_tiene_su_modulo_mc():
    modulos = cli.modulos_de_servicios()
    assert set(modulos) == {"solicitudes", "notas", "emision", "notificaciones", "cuentas"}
    assert all(callable(m.registrar) for m in modulos.values())
    # The sweepers `mc relay` runs are the services' too.
    assert {s for s, m in modulos.items() if hasattr(m, "barrido")} == {
        "solicitudes",
        "notificaciones",
    }


def test_mc_correos_pasa_la_ayuda_sin_tocarla(capsys):
    with pytest.raises(SystemExit) as salida:
        cli.main(["correos", "-h"])
    assert salida.value.code == 0
    assert "usage: mc correos" in capsys.readouterr().out


def test_mc_catalogo_de_notas_carga_el_catalogo(instalacion, capsys):
    assert cli.main(["migrar", "notas"]) == 0
    assert cli.main(["catalogo"]) == 0
    salida = capsys.readouterr().out
    assert "notas: migrado" in salida
    assert "catálogo cargado:" in salida and "diseños" in salida


def test_mc_catalogo_con_una_carpeta_que_no_existe_lo_dice(instalacion, capsys):
    assert cli.main(["migrar", "notas"]) == 0
    assert cli.main(["catalogo", str(instalacion / "no-existe")]) == 2
    assert "error:" in capsys.readouterr().err
