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


def _subir(sistema, headers, **archivos):
    import io

    cuerpo = {
        campo: (io.BytesIO(texto.encode()), f"{campo}.csv") for campo, texto in archivos.items()
    }
    return sistema.clientes["solicitudes"].post(
        "/api/solicitudes/registro-identidad/importacion",
        data=cuerpo,
        content_type="multipart/form-data",
        headers=headers,
    )


def test_la_consola_carga_el_registro_desde_csv_por_http(sistema_pg):
    nuevo, menor = datos.estudiante(), datos.estudiante()
    personas = (
        "tipo_documento,numero_documento,nombres,primer_apellido,segundo_apellido,"
        "fecha_nacimiento,pais,fallecido\n"
        f"DNI,{nuevo['numero_documento']},ANA,LUNA,SOL,2001-01-01,,\n"
    )
    vinculos = (
        "apoderado_tipo_documento,apoderado_numero_documento,tipo_documento,numero_documento,"
        f"vinculo\nDNI,{nuevo['numero_documento']},DNI,{menor['numero_documento']},MADRE\n"
    )
    r = _subir(sistema_pg, datos.operaciones(), personas=personas, vinculos=vinculos)
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {
        "cargado": True,
        "personas": 1,
        "vinculos": 1,
        "filas_personas": 1,
        "filas_vinculos": 1,
        "errores": [],
    }
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie)
    persona = {**nuevo, "nombres": "ANA", "primer_apellido": "LUNA", "segundo_apellido": "SOL"}
    assert validar(sistema_pg, ie, {**persona, "fecha_nacimiento": "2001-01-01"}).status_code == 200


def test_una_fila_mala_no_carga_nada_y_se_informa_sin_datos_personales(sistema_pg):
    bueno, malo = datos.estudiante(), datos.estudiante()
    personas = (
        "tipo_documento,numero_documento,nombres,primer_apellido,segundo_apellido,"
        "fecha_nacimiento,pais,fallecido\n"
        f"DNI,{bueno['numero_documento']},ANA,LUNA,SOL,2001-01-01,,\n"
        f"DNI,{malo['numero_documento'][:7]},LUIS,SOL,LUNA,2001-01-01,PERÚ,N\n"
        f"DNI,{malo['numero_documento']},LUIS,SOL,LUNA,01/01/2001,PERÚ,N\n"
    )
    r = _subir(sistema_pg, datos.operaciones(), personas=personas)
    assert r.status_code == 200
    reporte = r.get_json()
    assert reporte["cargado"] is False and reporte["personas"] == 0
    assert reporte["filas_personas"] == 3
    assert reporte["errores"] == [
        {
            "archivo": "personas.csv",
            "fila": 3,
            "campo": "numero_documento",
            "motivo": "El DNI tiene 8 dígitos.",
        },
        {
            "archivo": "personas.csv",
            "fila": 4,
            "campo": "fecha_nacimiento",
            "motivo": "No es una fecha válida (use AAAA-MM-DD).",
        },
    ]
    assert malo["numero_documento"][:7] not in r.get_data(as_text=True)
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie)
    persona = {**bueno, "nombres": "ANA", "primer_apellido": "LUNA", "segundo_apellido": "SOL"}
    e = error(validar(sistema_pg, ie, {**persona, "fecha_nacimiento": "2001-01-01"}), 422)
    assert e["campos"]["numero_documento"][0].startswith("No encontramos el documento")


def test_la_carga_csv_es_solo_de_operaciones_y_pide_el_archivo(sistema_pg):
    r = _subir(sistema_pg, datos.director(datos.institucion()), personas="x\n")
    assert error(r, 403)["mensaje"] == "Su rol no tiene acceso a esta operación."
    r = _subir(sistema_pg, datos.operaciones())
    assert error(r, 422)["campos"] == {"personas": ["Adjunte el archivo CSV de personas."]}
    r = sistema_pg.clientes["solicitudes"].post(
        "/api/solicitudes/registro-identidad/importacion",
        data="a,b\n",
        content_type="text/csv",
        headers=datos.operaciones(),
    )
    assert error(r, 415)["campos"] == {
        "personas": [
            "Envíe los archivos CSV como multipart/form-data (campos «personas» y «vinculos»)."
        ]
    }
