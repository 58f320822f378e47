"""Bulk import of historical actas and of the padrón: good rows saved, each bad row reported."""

from __future__ import annotations

import io

from tests.conftest import codigo_modular_unico, dni_unico
from tests.integration import datos
from tests.integration.notas.conftest import error

ENCABEZADO = (
    "tipo_documento;numero_documento;nombres;primer_apellido;segundo_apellido;fecha_nacimiento;"
    "nivel;grado;anio_lectivo;codigo_modular;anexo;situacion_final;"
    "BIOLOGÍA;FÍSICA;QUÍMICA;TALLER: MÚSICA"
)


def _importar(registro, ie: dict, texto: str, **kwargs):
    return registro.cliente.post(
        "/api/notas/importaciones/actas",
        data=texto.encode("utf-8"),
        content_type="text/csv",
        headers=datos.director(ie),
        **kwargs,
    )


def test_un_csv_con_filas_buenas_y_malas_guarda_las_buenas_e_informa_cada_mala(registro):
    ie, otra = registro.ie(), registro.ie()
    assert registro.taller(ie, "MÚSICA").status_code == 201
    assert registro.parametros(ie, max_talleres=1).status_code == 200
    cm, dni = ie["codigo_modular"], [dni_unico() for _ in range(6)]
    acta = f"1998;{cm};0;APROBADO"  # year, IE and situación final of most rows
    filas = [
        f"DNI;{dni[0]};ANA LUZ;PÉREZ;ROJAS;14/05/1983;SECUNDARIA;PRIMERO;{acta};17;18;15;A",
        f"DNI;{dni[1]};LUIS;QUISPE;MAMANI;1983-02-01;SECUNDARIA;PRIMERO;{acta};21;12;11;",
        f"DNI;1234;ROSA;HUAMÁN;;1983-02-01;SECUNDARIA;PRIMERO;{acta};12;12;12;",
        f"DNI;{dni[3]};JUAN;TORRES;DÍAZ;1983-07-09;SECUNDARIA;PRIMERO;1998;"
        f"{otra['codigo_modular']};0;APROBADO;12;12;12;",
        f"DNI;{dni[4]};ROSA;HUAMÁN;;1983-02-01;SECUNDARIA;PRIMERO;{acta};5;12;;",
        f"DNI;{dni[5]};PEDRO;LIMA;SOTO;1983-03-03;SECUNDARIA;SEPTIMO;{acta};12;12;12;",
    ]
    r = _importar(registro, ie, "\n".join([ENCABEZADO, *filas]) + "\n")
    assert r.status_code == 200, r.get_json()
    reporte = r.get_json()
    assert (reporte["procesadas"], reporte["guardadas"]) == (6, 2)
    assert [(e["fila"], e["campo"]) for e in reporte["errores"]] == [
        (3, "BIOLOGÍA"),
        (4, "numero_documento"),
        (5, "codigo_modular"),
        (7, "grado"),
    ]
    motivos = {e["fila"]: e["motivo"] for e in reporte["errores"]}
    assert motivos[3].startswith("BIOLOGÍA, ")
    assert "calificación «21» no permitida; calificaciones permitidas: 00," in motivos[3]
    assert motivos[4] == "El DNI tiene 8 dígitos."
    assert (
        motivos[5]
        == f"No puede registrar notas de la institución educativa {otra['codigo_modular']}-0."
    )

    ana = registro.ver(ie, {"tipo_documento": "DNI", "numero_documento": dni[0]})
    assert ana["estudiante"]["fecha_nacimiento"] == "1983-05-14"
    [primero] = ana["niveles"]["SECUNDARIA"]["registro"]["grados"]
    assert [(c["area"], c["tipo_area"], c["calificacion"]) for c in primero["calificaciones"]] == [
        ("BIOLOGÍA", "AREA", "17"),
        ("FÍSICA", "AREA", "18"),
        ("QUÍMICA", "AREA", "15"),
        ("MÚSICA", "TALLER", "A"),
    ]
    assert ana["niveles"]["SECUNDARIA"]["completitud"] == "INFORMACIÓN COMPLETA"
    rosa = registro.ver(ie, {"tipo_documento": "DNI", "numero_documento": dni[4]})
    notas = rosa["niveles"]["SECUNDARIA"]["registro"]["grados"][0]["calificaciones"]
    assert [c["calificacion"] for c in notas] == ["05", "12"]  # Excel dropped the zero
    cambios = registro.ver(ie, {"tipo_documento": "DNI", "numero_documento": dni[0]}, "/auditoria")
    assert {c["origen"] for c in cambios["cambios"]} == {"IMPORTACIÓN"}

    # A refused row saved nothing, not even the student.
    r = registro.cliente.post(
        "/api/notas/estudiantes/consulta",
        json={"tipo_documento": "DNI", "numero_documento": dni[1]},
        headers=datos.director(ie),
    )
    assert error(r, 404)["mensaje"] == "El estudiante no está registrado."


def test_subida_multipart_en_windows_1252_con_comas(registro_pg):
    ie = registro_pg.ie()
    dni = dni_unico()
    texto = (
        "tipo_documento,numero_documento,nombres,primer_apellido,fecha_nacimiento,nivel,grado,"
        "anio_lectivo,codigo_modular,anexo,situacion_final,MATEMÁTICA,COMUNICACIÓN\n"
        f"DNI,{dni},MARÍA,ÑAHUI,2001-01-01,SECUNDARIA,PRIMERO,2010,{int(ie['codigo_modular'])},0,"
        "aprobado,14,12\n"
    )
    r = registro_pg.cliente.post(
        "/api/notas/importaciones/actas",
        data={"archivo": (io.BytesIO(texto.encode("cp1252")), "actas.csv")},
        content_type="multipart/form-data",
        headers=datos.director(ie),
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"procesadas": 1, "guardadas": 1, "errores": []}
    maria = registro_pg.ver(ie, {"tipo_documento": "DNI", "numero_documento": dni})
    assert maria["estudiante"]["primer_apellido"] == "ÑAHUI"
    notas = maria["niveles"]["SECUNDARIA"]["registro"]["grados"][0]["calificaciones"]
    assert [c["area"] for c in notas] == ["MATEMÁTICA", "COMUNICACIÓN"]


def test_archivos_que_no_se_pueden_leer(registro_pg):
    ie = registro_pg.ie()
    r = _importar(registro_pg, ie, "nombres;grado\nANA;PRIMERO\n")
    e = error(r, 422)
    assert e["codigo"] == "archivo_invalido"
    assert e["mensaje"].startswith("Faltan columnas en el encabezado: tipo_documento, ")
    r = _importar(registro_pg, ie, ENCABEZADO + '\nDNI;"12345678;ANA\n')
    assert error(r, 422)["mensaje"].startswith("El archivo no es un CSV válido")
    r = _importar(registro_pg, ie, ENCABEZADO + "\n" + "x" * (2 * 1024 * 1024))
    assert error(r, 413)["codigo"] == "archivo_demasiado_grande"
    r = registro_pg.cliente.post(
        "/api/notas/importaciones/actas", json={"filas": []}, headers=datos.director(ie)
    )
    e = error(r, 415)
    assert e["codigo"] == "tipo_no_admitido"  # the glossary's code, as the other services
    assert e["campos"] == {
        "archivo": [
            "Envíe un archivo CSV (Content-Type: text/csv, o multipart/form-data con el campo "
            "«archivo»)."
        ]
    }


def test_importar_el_padron(registro_pg):
    cm1, cm2 = codigo_modular_unico(), codigo_modular_unico()
    texto = (
        "codigo_modular;anexo;nombre;estado;codigo_ugel;nombre_ugel;codigo_dre;nombre_dre;"
        "modalidad;niveles;ubigeo;departamento;provincia;distrito\n"
        f"{cm1};0;I.E. Túpac Amaru;ACTIVA;150105;UGEL 05 San Juan de Lurigancho;;"
        "DRE Lima Metropolitana;EBR;PRIMARIA|SECUNDARIA;150132;LIMA;LIMA;"
        "SAN JUAN DE LURIGANCHO\n"
        f"{cm2};0;I.E. Sin Estado;ABIERTA;150105;UGEL 05;;;EBR;PRIMARIA;150132;LIMA;LIMA;"
        "SAN JUAN DE LURIGANCHO\n"
    )
    r = registro_pg.cliente.post(
        "/api/notas/instituciones/importacion",
        data=texto.encode(),
        content_type="text/csv",
        headers=datos.operaciones(),
    )
    assert r.get_json() == {
        "procesadas": 2,
        "guardadas": 1,
        "errores": [{"fila": 3, "campo": "estado", "motivo": "Debe ser uno de: ACTIVA, CERRADA."}],
        "filas": [  # every row with its IE: what the console shows
            {
                "fila": 2,
                "codigo_modular": cm1,
                "anexo": "0",
                "resultado": "GUARDADA",
                "motivo": None,
            },
            {
                "fila": 3,
                "codigo_modular": cm2,
                "anexo": "0",
                "resultado": "RECHAZADA",
                "motivo": "estado: Debe ser uno de: ACTIVA, CERRADA.",
            },
        ],
    }
    [ie] = registro_pg.cliente.get(f"/api/notas/instituciones?q={cm1}").get_json()
    assert ie["nombre"] == "I.E. TÚPAC AMARU"
    assert ie["niveles"] == ["PRIMARIA", "SECUNDARIA"]
    assert ie["distrito"] == "SAN JUAN DE LURIGANCHO"
    assert (ie["codigo_ugel"], ie["nombre_ugel"]) == ("150105", "UGEL 05 SAN JUAN DE LURIGANCHO")
    assert (ie["codigo_dre"], ie["nombre_dre"]) == (None, "DRE LIMA METROPOLITANA")
    r = registro_pg.cliente.post(
        "/api/notas/instituciones/importacion",
        data=texto.encode(),
        content_type="text/csv",
        headers=datos.director(ie),
    )
    assert r.status_code == 403
