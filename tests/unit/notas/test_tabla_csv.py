"""Reading uploaded CSV files: what Excel saves is read, what cannot be read is refused whole."""

from __future__ import annotations

import pytest

from services.notas.adapters.tabla_csv import (
    ArchivoDemasiadoGrande,
    ArchivoInvalido,
    leer_tabla,
)


def test_excel_en_windows_1252_con_punto_y_coma_y_mayusculas_en_el_encabezado():
    contenido = "NOMBRE;Grado;BIOLOGÍA\r\nÑAHUI;PRIMERO;17\r\n\r\n".encode("cp1252")
    tabla = leer_tabla(contenido, ("nombre", "grado"))
    assert tabla.encabezados == ["nombre", "grado", "BIOLOGÍA"]
    assert tabla.filas == [(2, {"nombre": "ÑAHUI", "grado": "PRIMERO", "BIOLOGÍA": "17"})]


def test_utf8_con_bom_y_comas():
    contenido = "\ufeffnombre,grado\nANA,SEGUNDO\nLUIS\n".encode()
    filas = leer_tabla(contenido, ("nombre", "grado")).filas
    assert filas == [
        (2, {"nombre": "ANA", "grado": "SEGUNDO"}),
        (3, {"nombre": "LUIS", "grado": ""}),
    ]


def test_fila_con_columnas_de_mas_se_marca():
    [(numero, fila)] = leer_tabla(b"a,b\n1,2,3\n", ("a",)).filas
    assert numero == 2 and fila["_sobrantes"]


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        (b"", "El archivo está vacío."),
        (b"a,b\n", "El archivo no tiene filas de datos."),
        (b"b,c\n1,2\n", "Faltan columnas en el encabezado: a."),
        (b"a,a\n1,2\n", "El encabezado tiene columnas vacías o repetidas."),
        (b"PK\x03\x04\x00\x00", "El archivo no es de texto (¿un Excel sin exportar a CSV?)."),
    ],
)
def test_archivos_invalidos(contenido, mensaje):
    with pytest.raises(ArchivoInvalido) as exc:
        leer_tabla(contenido, ("a",))
    assert exc.value.mensaje == mensaje and exc.value.estado_http == 422


def test_comillas_sin_cerrar():
    with pytest.raises(ArchivoInvalido, match="no es un CSV válido"):
        leer_tabla(b'a,b\n"1,2\n', ("a",))


def test_limites_de_tamano_y_filas():
    with pytest.raises(ArchivoDemasiadoGrande) as exc:
        leer_tabla(b"a\n" + b"1\n" * (1024 * 1024 + 1), ("a",))
    assert exc.value.estado_http == 413
    with pytest.raises(ArchivoDemasiadoGrande, match="máximo de 3 filas"):
        leer_tabla(b"a\n1\n2\n3\n4\n", ("a",), max_filas=3)
