"""Renderizador PDF del CE: lo que un lector ve en el PDF (texto extraído con pypdf)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from services.emision.adapters import pdf as modulo_pdf
from services.emision.adapters.pdf import (
    MARCA_AGUA,
    NBSP,
    NOTA_EXO,
    RenderizadorPdf,
    texto_cuerpo,
)
from services.emision.adapters.pdf_grilla import FAMILIA, TAM_MIN, envolver, filas_cuerpo
from services.emision.domain.documento import (
    Calificacion,
    Competencia,
    DocumentoCertificado,
    Estudiante,
    Grado,
    Observacion,
    documento_a_dict,
    documento_desde_dict,
)

CODIGO = "7K3M-9QXD-2HVB-N4TA"
URL = f"https://micertificado.example.pe/verificar/{CODIGO}"
EMITIDO = datetime(2024, 3, 5, 15, 30, tzinfo=UTC)  # 10:30 in Lima (UTC-5)
FUENTES = Path(modulo_pdf.__file__).parent / "fonts"


@pytest.fixture(scope="module")
def renderizador() -> RenderizadorPdf:
    return RenderizadorPdf()


def _doc(grados: tuple[Grado, ...], **cambios) -> DocumentoCertificado:
    base = DocumentoCertificado(
        codigo_virtual=CODIGO,
        numero_solicitud=12,
        emitido_en=EMITIDO,
        url_verificacion=URL,
        modalidad="EBR",
        nivel="SECUNDARIA",
        estudiante=Estudiante("DNI", "71234567", "JOSÉ MARÍA", "ÑAHUI", "QUISPE"),
        nombre_institucion='I.E. "JOSÉ CARLOS MARIÁTEGUI"',
        grados=grados,
    )
    return replace(base, **cambios)


def _area(nombre: str, nota: str | None, *competencias: tuple[str, str | None]) -> Calificacion:
    return Calificacion(nombre, "AREA", nota, tuple(Competencia(n, c) for n, c in competencias))


def _grado_1998() -> Grado:
    return Grado(
        grado="QUINTO",
        anio_lectivo=1998,
        codigo_modular="0584714",
        anexo="0",
        situacion_final="APROBADO",
        calificaciones=(
            _area("BIOLOGÍA", "17"),
            _area("CONTABILIDAD I", "15"),
            _area("FÍSICA", "18"),
            _area("FAMILIA Y CIVISMO", "14"),
            Calificacion("MÚSICA", "TALLER", "A"),
        ),
    )


def _grado_cneb_2021(religion: str | None = "A") -> Grado:
    return Grado(
        grado="TERCERO",
        anio_lectivo=2021,
        codigo_modular="0584714",
        anexo="0",
        situacion_final="PROMOCIÓN GUIADA",
        calificaciones=(
            _area(
                "COMUNICACIÓN",
                None,
                ("Se comunica oralmente en su lengua materna", "A"),
                ("Lee diversos tipos de textos escritos en su lengua materna", "B"),
                ("Escribe diversos tipos de textos en su lengua materna", "AD"),
            ),
            _area(
                "MATEMÁTICA",
                None,
                ("Resuelve problemas de cantidad", "B"),
                ("Resuelve problemas de regularidad, equivalencia y cambio", "C"),
            ),
            _area("EDUCACIÓN RELIGIOSA", religion),
            Calificacion(
                "Se desenvuelve en entornos virtuales generados por las TIC",
                "COMPETENCIA_TRANSVERSAL",
                "A",
            ),
            Calificacion(
                "Gestiona su aprendizaje de manera autónoma", "COMPETENCIA_TRANSVERSAL", "AD"
            ),
        ),
    )


def _paginas(pdf: bytes) -> list[str]:
    """Texto de cada página con los espacios normalizados, como lo leería una persona."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_registro_vigesimal_1998_muestra_datos_notas_y_cabecera(renderizador):
    pdf = renderizador.renderizar(_doc((_grado_1998(),)))

    assert pdf.startswith(b"%PDF-")
    (texto,) = _paginas(pdf)
    for esperado in (
        "MINISTERIO DE EDUCACIÓN",
        "CERTIFICADO OFICIAL DE ESTUDIOS",
        "EDUCACIÓN BÁSICA REGULAR",
        "NIVEL DE EDUCACIÓN SECUNDARIA",
        f"Código virtual: {CODIGO}",
        "Que JOSÉ MARÍA ÑAHUI QUISPE, con DNI N.° 71234567, ha concluido estudios",
        "a QUINTO grado de Educación Básica Regular, nivel de educación Secundaria",
        'en la institución educativa I.E. "JOSÉ CARLOS MARIÁTEGUI"',
        "Año lectivo 1998",
        "Grado QUINTO",
        "Código modular 0584714-0",
        "BIOLOGÍA 17",
        "CONTABILIDAD I 15",
        "FÍSICA 18",
        "FAMILIA Y CIVISMO 14",
        "Talleres MÚSICA A",
        "Situación final APROBADO",
        "Fecha y hora de emisión: 05/03/2024 10:30",
        "N.° 00000012",
        f"Verifique la autenticidad de este certificado en {URL} o escaneando el código QR.",
        "Página 1 de 1",
    ):
        assert esperado in texto
    assert "EXO:" not in texto


def test_metadatos_y_salida_determinista(renderizador):
    doc = _doc((_grado_1998(),))

    pdf = renderizador.renderizar(doc)

    # PDF/A-3B: the document's metadata lives in its XMP stream (fpdf2 writes no /Info then).
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp.dc_title["x-default"] == f"Certificado Oficial de Estudios {CODIGO}"
    assert renderizador.renderizar(doc) == pdf


def test_cneb_por_competencias_muestra_competencias_bajo_su_area(renderizador):
    pdf = renderizador.renderizar(_doc((_grado_cneb_2021(),)))

    texto = " ".join(_paginas(pdf))
    for esperado in (
        "COMUNICACIÓN Se comunica oralmente en su lengua materna A",
        "Lee diversos tipos de textos escritos en su lengua materna B",
        "Escribe diversos tipos de textos en su lengua materna AD",
        "MATEMÁTICA Resuelve problemas de cantidad B",
        "Resuelve problemas de regularidad, equivalencia y cambio C",
        "Competencias transversales",
        "Se desenvuelve en entornos virtuales generados por las TIC A",
        "Gestiona su aprendizaje de manera autónoma AD",
        "Situación final PROMOCIÓN GUIADA",
        "a TERCER grado de Educación Básica Regular",
    ):
        assert esperado in texto


def test_area_exonerada_imprime_exo_y_nota_al_pie(renderizador):
    pdf = renderizador.renderizar(_doc((_grado_cneb_2021(religion="EXO"),)))

    texto = " ".join(_paginas(pdf))
    assert "EDUCACIÓN RELIGIOSA EXO" in texto
    assert NOTA_EXO in texto
    assert NOTA_EXO.startswith("EXO: exoneración del área de educación religiosa a solicitud")


def test_observaciones_una_linea_por_observacion(renderizador):
    doc = _doc(
        (_grado_1998(),),
        observaciones=(
            Observacion("Traslado", 1997, "RD 045-97-USE03", "Traslado desde otra I.E."),
            Observacion("Convalidación", 1996, "RD 112-96-USE03", "Estudios en Chile"),
        ),
    )

    (texto,) = _paginas(renderizador.renderizar(doc))

    assert (
        "Observaciones Traslado: 1997 – RD 045-97-USE03 – Traslado desde otra I.E. "
        "Convalidación: 1996 – RD 112-96-USE03 – Estudios en Chile"
    ) in texto


def test_celda_sin_nota_imprime_guion():
    # Área que solo aparece en el segundo grado: el primero queda "-".
    grados = (
        _grado_1998(),
        replace(_grado_1998(), grado="CUARTO", calificaciones=(_area("QUÍMICA", "12"),)),
    )

    filas = {f.etiqueta: f.valores for f in filas_cuerpo(_doc(grados))}

    assert filas["QUÍMICA"] == ("-", "12")
    assert filas["BIOLOGÍA"] == ("17", "-")


def test_registro_largo_ocupa_varias_paginas_y_repite_cabecera(renderizador):
    competencias = [
        (
            f"Competencia {i} con un nombre largo que obliga a partir la línea en "
            "dos o tres renglones dentro de la celda",
            "A",
        )
        for i in range(5)
    ]
    grado = Grado(
        "PRIMERO",
        2022,
        "0584714",
        "0",
        "PROMOVIDO",
        tuple(_area(f"ÁREA CURRICULAR NÚMERO {n}", None, *competencias) for n in range(12)),
    )
    doc = _doc((grado, replace(grado, grado="SEGUNDO", anio_lectivo=2023)))

    paginas = _paginas(renderizador.renderizar(doc))

    total = len(paginas)
    assert total > 1
    assert f"Página 1 de {total}" in paginas[0]
    assert f"Página {total} de {total}" in paginas[-1]
    for pagina in paginas:
        assert "Año lectivo 2022 2023" in pagina
        assert "Código modular 0584714-0 0584714-0" in pagina
        assert f"Código virtual: {CODIGO}" in pagina
    assert "ÁREA CURRICULAR NÚMERO 11" in paginas[-1]
    assert "N.° 00000012" in paginas[-1]


@pytest.mark.parametrize("sustituido", [True, False])
def test_marca_de_agua_solo_si_fue_sustituido(renderizador, sustituido):
    grado = _grado_cneb_2021()
    muchos = tuple(replace(grado, anio_lectivo=2019 + i) for i in range(5))
    doc = _doc(muchos, sustituido=sustituido)

    paginas = _paginas(renderizador.renderizar(doc))

    assert MARCA_AGUA == "NO ES EL ÚLTIMO CERTIFICADO GENERADO"
    assert all((MARCA_AGUA in p) is sustituido for p in paginas)


def test_ultima_pagina_lleva_la_imagen_del_qr(renderizador):
    pdf = renderizador.renderizar(_doc((_grado_1998(),)))

    ultima = PdfReader(io.BytesIO(pdf)).pages[-1]
    xobjects = ultima["/Resources"]["/XObject"]
    imagenes = [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(imagenes) == 1
    assert imagenes[0]["/Width"] == imagenes[0]["/Height"]  # QR is square


def test_nombre_sin_segundo_apellido_no_deja_doble_espacio():
    doc = _doc(
        (_grado_1998(),), estudiante=Estudiante("CE", "001112311", "ANA LUCÍA", "MÜLLER", "")
    )

    texto = texto_cuerpo(doc)

    assert texto.startswith(f"Que ANA LUCÍA MÜLLER, con Carné de Extranjería N.°{NBSP}001112311,")
    assert "  " not in texto


def test_caracteres_fuera_del_subconjunto_se_renderizan_igual(renderizador):
    doc = _doc(
        (_grado_1998(),),
        estudiante=Estudiante("PASAPORTE", "K1234567", "ДМИТРИЙ", "ΑΛΕΞΑΝΔΡΟΣ", ""),
    )

    (texto,) = _paginas(renderizador.renderizar(doc))

    assert "Que ДМИТРИЙ ΑΛΕΞΑΝΔΡΟΣ, con Pasaporte N.° K1234567" in texto
    assert "BIOLOGÍA 17" in texto


@pytest.mark.parametrize(
    "texto",
    [
        "Explica el mundo físico basándose en conocimientos sobre los seres vivos, materia y "
        "energía, biodiversidad, Tierra y universo",
        "ELECTROENCEFALOGRAFISTAS",  # one word wider than a grade column
        "X" * 300,  # cannot fit even at the minimum size: truncated, never overflowing
    ],
)
def test_textos_largos_se_parten_o_achican_sin_desbordar(texto):
    pdf = FPDF()
    pdf.add_font(FAMILIA, "B", FUENTES / "DejaVuSans-Bold.ttf")
    pdf.set_font(FAMILIA, "B", 7.5)
    ancho = 20.0

    lineas, tam = envolver(pdf, texto, ancho, 7.5)

    assert tam >= TAM_MIN
    pdf.set_font_size(tam)
    assert all(pdf.get_string_width(linea) <= ancho + 1e-6 for linea in lineas)


def _dict_json() -> dict:
    return json.loads(
        json.dumps(
            {
                "codigo_virtual": CODIGO,
                "numero_solicitud": 12,
                "emitido_en": "2024-03-05T15:30:00+00:00",
                "url_verificacion": URL,
                "modalidad": "EBR",
                "nivel": "SECUNDARIA",
                "estudiante": {
                    "tipo_documento": "DNI",
                    "numero_documento": "71234567",
                    "nombres": "JOSÉ MARÍA",
                    "primer_apellido": "ÑAHUI",
                    "segundo_apellido": "QUISPE",
                },
                "nombre_institucion": "I.E. 1234",
                "grados": [
                    {
                        "grado": "TERCERO",
                        "anio_lectivo": 2021,
                        "codigo_modular": "0584714",
                        "anexo": "0",
                        "situacion_final": "PROMOCIÓN GUIADA",
                        "calificaciones": [
                            {
                                "area": "MATEMÁTICA",
                                "tipo_area": "AREA",
                                "calificacion": None,
                                "competencias": [
                                    {
                                        "nombre": "Resuelve problemas de cantidad",
                                        "calificacion": "B",
                                    }
                                ],
                            },
                            {
                                "area": "EDUCACIÓN RELIGIOSA",
                                "tipo_area": "AREA",
                                "calificacion": "EXO",
                            },
                        ],
                    }
                ],
            }
        )
    )


def test_documento_desde_dict_construye_el_documento():
    doc = documento_desde_dict(_dict_json())

    assert doc.emitido_en == EMITIDO
    assert doc.estudiante.primer_apellido == "ÑAHUI"
    (grado,) = doc.grados
    matematica, religion = grado.calificaciones
    assert matematica.competencias == (Competencia("Resuelve problemas de cantidad", "B"),)
    assert religion.competencias == ()
    assert doc.observaciones == ()
    assert doc.sustituido is False


def test_documento_desde_dict_nota_numerica_conserva_dos_digitos():
    datos = _dict_json()
    datos["grados"][0]["calificaciones"][1]["calificacion"] = 5

    doc = documento_desde_dict(datos)

    assert doc.grados[0].calificaciones[1].calificacion == "05"


def test_documento_ida_y_vuelta_por_json():
    doc = replace(
        documento_desde_dict(_dict_json()),
        sustituido=True,
        observaciones=(Observacion("Traslado", 2020, "RD 045-2020-UGEL03", "Cambio de domicilio"),),
    )

    copia = documento_desde_dict(json.loads(json.dumps(documento_a_dict(doc))))

    assert copia == doc


def test_documento_desde_dict_acepta_datetime_y_rechaza_fecha_sin_zona():
    datos = _dict_json()
    assert documento_desde_dict({**datos, "emitido_en": EMITIDO}).emitido_en == EMITIDO
    with pytest.raises(ValueError):
        documento_desde_dict({**datos, "emitido_en": "2024-03-05T15:30:00"})
