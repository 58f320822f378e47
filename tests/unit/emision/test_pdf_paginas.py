"""Issue 10: every page of a CE carries its QR, N.°, código and "Página i de n"; annulled says so.

What a reader sees: text extracted with pypdf, and each page rendered at 100 dpi (pdftoppm) and
its QR decoded with zbarimg, as an office scanner or a phone would.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from services.emision.adapters.pdf import RenderizadorPdf
from services.emision.adapters.pdf_qr import PIXELES_POR_MODULO
from services.emision.domain.documento import (
    Anulacion,
    Calificacion,
    Competencia,
    DocumentoCertificado,
    Estudiante,
    Grado,
    Observacion,
)
from shared.sello import Sello

CODIGO = "7K3M-9QXD-2HVB-N4TA"
URL = f"https://micertificado.minedu.gob.pe/v/{CODIGO}"
EMITIDO = datetime(2024, 3, 5, 15, 30, tzinfo=UTC)
# A real-length seal: kid as the key ring names them, a 64-byte Ed25519 signature.
SELLO = Sello("7K3M9QXD2HVBN4TA", EMITIDO, bytes(range(32)), "20240305-a1b2c3", bytes(64))
CONTENIDO_QR = f"{URL}?s={SELLO.empaquetar()}"
MOTIVO = "Se consignó un año lectivo equivocado en el tercer grado."
PT_A_MM = 25.4 / 72


@pytest.fixture(scope="module")
def renderizador() -> RenderizadorPdf:
    return RenderizadorPdf()


def _largo(**cambios) -> DocumentoCertificado:
    """Five grades of CNEB competencies and a few observaciones: three pages or more."""
    competencias = tuple(
        Competencia(f"Competencia {i} con un nombre largo que parte la línea en la celda", "A")
        for i in range(4)
    )
    grado = Grado(
        "PRIMERO",
        2019,
        "0584714",
        "0",
        "PROMOVIDO",
        tuple(Calificacion(f"ÁREA NÚMERO {n}", "AREA", None, competencias) for n in range(10)),
    )
    grados = tuple(
        replace(grado, grado=g, anio_lectivo=2019 + i)
        for i, g in enumerate(("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO"))
    )
    doc = DocumentoCertificado(
        codigo_virtual=CODIGO,
        numero_solicitud=4321,
        emitido_en=EMITIDO,
        url_verificacion=URL,
        modalidad="EBR",
        nivel="SECUNDARIA",
        estudiante=Estudiante("DNI", "71234567", "JOSÉ MARÍA", "ÑAHUI", "QUISPE"),
        nombre_institucion="I.E. JOSÉ CARLOS MARIÁTEGUI",
        grados=grados,
        observaciones=tuple(
            Observacion("Traslado", 2020, f"RD {i:03d}-2020", "Traslado desde otra I.E.")
            for i in range(6)
        ),
        contenido_qr=CONTENIDO_QR,
    )
    return replace(doc, **cambios)


def _paginas(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_cada_pagina_lleva_codigo_numero_y_pagina_i_de_n(renderizador):
    paginas = _paginas(renderizador.renderizar(_largo()))

    n = len(paginas)
    assert n >= 2
    for i, texto in enumerate(paginas, start=1):
        assert f"Código virtual: {CODIGO}" in texto
        assert "N.° 00004321" in texto
        assert f"Página {i} de {n}" in texto


def test_cada_pagina_lleva_un_qr_de_modulos_de_al_menos_medio_milimetro(renderizador):
    lector = PdfReader(io.BytesIO(renderizador.renderizar(_largo())))

    assert len(lector.pages) >= 2
    for pagina in lector.pages:
        (ancho_px, ancho_mm) = _qr_de_la_pagina(pagina)
        modulos = ancho_px / PIXELES_POR_MODULO
        version = (modulos - 17) / 4  # a version-v symbol is 17 + 4·v modules wide
        assert version == int(version) and 1 <= version <= 40
        assert ancho_mm / modulos >= 0.5, f"módulo de {ancho_mm / modulos:.3f} mm"


def _qr_de_la_pagina(pagina) -> tuple[int, float]:
    """(pixels, printed mm) of the one image the page draws, from its placement matrix."""
    xobjects = pagina["/Resources"]["/XObject"]
    imagenes = {n: x.get_object() for n, x in xobjects.items() if x["/Subtype"] == "/Image"}
    contenido = pagina.get_contents().get_data().decode("latin-1")
    dibujadas = re.findall(r"([\d.]+) 0 0 ([\d.]+) [\d.-]+ [\d.-]+ cm\s*(/\S+) Do", contenido)
    assert len(dibujadas) == 1, dibujadas
    ancho_pt, alto_pt, nombre = dibujadas[0]
    imagen = imagenes[nombre]
    assert imagen["/Width"] == imagen["/Height"] and float(ancho_pt) == float(alto_pt)
    return imagen["/Width"], float(ancho_pt) * PT_A_MM


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="faltan pdftoppm/zbarimg"
)
def test_el_qr_de_cada_pagina_se_lee_a_100_ppp(renderizador, tmp_path: Path):
    pdf = renderizador.renderizar(_largo())
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", "-png", str(tmp_path / "c.pdf"), str(tmp_path / "p")],
        check=True,
    )
    imagenes = sorted(tmp_path.glob("p-*.png"))

    assert len(imagenes) == len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    for imagen in imagenes:
        leido = subprocess.run(
            ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(imagen)],
            capture_output=True,
            text=True,
        )
        assert leido.stdout.strip() == CONTENIDO_QR, f"{imagen.name}: {leido.stderr}"


def test_el_certificado_anulado_dice_anulado_con_fecha_y_motivo_en_cada_pagina(renderizador):
    anulado_en = datetime(2024, 6, 10, 17, 0, tzinfo=UTC)  # 12:00 in Lima
    valido = renderizador.renderizar(_largo())
    anulado = renderizador.renderizar(_largo(anulacion=Anulacion(anulado_en, MOTIVO)))

    assert anulado != valido
    assert all("ANULADO" not in p for p in _paginas(valido))
    for texto in _paginas(anulado):
        assert "ANULADO" in texto
        assert f"CERTIFICADO ANULADO el 10/06/2024. Motivo: {MOTIVO}" in texto
