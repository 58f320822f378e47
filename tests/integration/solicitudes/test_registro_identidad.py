"""The identity registry table: loaded from CSV with `mc identidad cargar`, then used."""

from __future__ import annotations

from pathlib import Path

import pytest

from herramientas import cli
from tests.integration import datos
from tests.integration.solicitudes.pasos import ARTURO, error, identidad, validar

DATOS = Path(__file__).resolve().parents[3] / "services" / "solicitudes" / "datos"


@pytest.fixture
def entorno_mc(sistema_pg, monkeypatch):
    """`mc` pointed at this session's solicitudes schema."""
    config = sistema_pg.apps["solicitudes"].extensions["mc"].config
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    monkeypatch.setenv("DB_SCHEMA_PREFIX", config.db_schema.removesuffix("solicitudes"))
    return sistema_pg


def test_cargar_el_ejemplo_desde_csv(entorno_mc, capsys):
    codigo = cli.main(
        [
            "identidad",
            "cargar",
            "--personas",
            str(DATOS / "personas_ejemplo.csv"),
            "--vinculos",
            str(DATOS / "vinculos_ejemplo.csv"),
        ]
    )
    assert codigo == 0
    assert "registro de identidad: 3 personas, 1 vínculos" in capsys.readouterr().out
    # The seed's example, as the apoderado of his daughter listed in vinculos_ejemplo.csv.
    ie = datos.institucion()
    datos.registrar_ie(entorno_mc, ie)
    hija = {
        "tipo_documento": "DNI",
        "numero_documento": "81234567",
        "nombres": "SOFIA VALENTINA",
        "primer_apellido": "RAMIREZ",
        "segundo_apellido": "FLORES",
        "fecha_nacimiento": "2012-08-20",
    }
    r = validar(
        entorno_mc,
        ie,
        hija,
        tipo_persona="APODERADO",
        apoderado=identidad(ARTURO, pais="VENEZUELA"),
    )
    assert r.status_code == 200, r.get_json()


def test_un_csv_con_errores_no_carga_nada(entorno_mc, tmp_path, capsys):
    nuevo, malo = datos.estudiante(), datos.estudiante()
    archivo = tmp_path / "personas.csv"
    archivo.write_text(
        "tipo_documento,numero_documento,nombres,primer_apellido,segundo_apellido,"
        "fecha_nacimiento,pais,fallecido\n"
        f"DNI,{nuevo['numero_documento']},ANA,LUNA,SOL,2001-01-01,,\n"
        f"DNI,{malo['numero_documento'][:7]},LUIS,SOL,LUNA,2001-01-01,PERÚ,N\n"
        f"DNI,{malo['numero_documento']},LUIS,SOL,LUNA,01/01/2001,PERÚ,N\n"
        "CE,001999999,ANA,DIAZ,,1990-01-01,,N\n",
        encoding="utf-8",
    )
    assert cli.main(["identidad", "cargar", "--personas", str(archivo)]) == 1
    salida = capsys.readouterr().err
    assert "no se cargó nada" in salida
    assert "personas.csv, fila 3: {'numero_documento': ['El DNI tiene 8 dígitos.']}" in salida
    assert "fila 4: {'fecha_nacimiento': ['No es una fecha válida (use AAAA-MM-DD).']}" in salida
    assert "fila 5: {'pais': ['Indique el país de nacionalidad.']}" in salida
    ie = datos.institucion()
    datos.registrar_ie(entorno_mc, ie)
    persona = {**nuevo, "nombres": "ANA", "primer_apellido": "LUNA", "segundo_apellido": "SOL"}
    persona["fecha_nacimiento"] = "2001-01-01"
    e = error(validar(entorno_mc, ie, persona), 422)
    assert e["campos"]["numero_documento"][0].startswith("No encontramos el documento")


def test_la_carga_por_http_es_solo_de_operaciones(sistema_pg):
    r = sistema_pg.clientes["solicitudes"].put(
        "/api/solicitudes/registro-identidad",
        json={"personas": []},
        headers=datos.director(datos.institucion()),
    )
    assert error(r, 403)["mensaje"] == "Su rol no tiene acceso a esta operación."
    r = sistema_pg.clientes["solicitudes"].put(
        "/api/solicitudes/registro-identidad",
        json={"vinculos": [{"tipo_documento": "DNI", "numero_documento": "12345678"}]},
        headers=datos.operaciones(),
    )
    campos = error(r, 422)["campos"]
    assert campos["vinculos.0.vinculo"] == ["Este campo es obligatorio."]
