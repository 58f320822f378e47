"""PAdES signature of the CE PDF: what a PDF validator (pyHanko's CLI, qpdf) and a reader see."""

from __future__ import annotations

import asyncio
import io
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from herramientas.demo import ESTUDIANTE, IE, grados_demo
from services.emision.adapters.firma_pdf import (
    CA,
    CERTIFICADO,
    CLAVE,
    RenderizadorFirmado,
    cargar_firmante,
)
from services.emision.adapters.pdf import MARCA_AGUA, RenderizadorPdf
from services.emision.domain.documento import documento_desde_dict

PYHANKO = str(Path(shutil.which("pyhanko") or Path(__file__).parents[3] / ".venv/bin/pyhanko"))
VALIDA = "The signer's certificate is trusted."
INTACTA = "The signature is cryptographically sound."


def _documento(**extra):
    est = {k: ESTUDIANTE[k] for k in ("tipo_documento", "numero_documento", "nombres")}
    est |= {k: ESTUDIANTE[k] for k in ("primer_apellido", "segundo_apellido")}
    return documento_desde_dict(
        {
            "codigo_virtual": "7K3M-9QXD-2HVB-N4TA",
            "numero_solicitud": 7,
            "emitido_en": datetime(2026, 3, 5, 15, 30, tzinfo=UTC),
            "url_verificacion": "https://micertificado.example.pe/v/7K3M-9QXD-2HVB-N4TA",
            "modalidad": "EBR",
            "nivel": "SECUNDARIA",
            "estudiante": est,
            "nombre_institucion": IE["nombre"],
            "grados": [{**datos, "grado": grado} for grado, datos in grados_demo()],
            **extra,
        }
    )


@pytest.fixture(scope="module")
def claves(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("claves")


@pytest.fixture(scope="module")
def renderizador(claves) -> RenderizadorFirmado:
    return RenderizadorFirmado(RenderizadorPdf(), cargar_firmante(claves, crear_si_falta=True))


def _validar(pdf: bytes, carpeta: Path, ca: Path) -> subprocess.CompletedProcess:
    archivo = carpeta / "ce.pdf"
    archivo.write_bytes(pdf)
    orden = [PYHANKO, "sign", "validate", "--trust", str(ca), "--trust-replace", "--pretty-print"]
    return subprocess.run([*orden, str(archivo)], capture_output=True, text=True, timeout=60)


def test_un_ce_recien_emitido_lleva_una_firma_pades_valida_ante_la_ca_del_proyecto(
    renderizador, claves, tmp_path
):
    pdf = renderizador.renderizar(_documento())
    resultado = _validar(pdf, tmp_path, claves / "pades" / CA)
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    assert VALIDA in resultado.stdout and INTACTA in resultado.stdout
    assert "Ministerio de Educación del Perú" in resultado.stdout
    assert "/ETSI.CAdES.detached" in pdf.decode("latin-1")  # PAdES, not adbe.pkcs7.detached
    assert pdf.startswith(b"%PDF-1.7") and b"/Version /2.0" not in pdf  # PDF/A-3 is PDF 1.7
    assert b"<pdfaid:part>3</pdfaid:part>" in pdf and b"/OutputIntent" in pdf
    qpdf = subprocess.run(["qpdf", "--check", str(tmp_path / "ce.pdf")], capture_output=True)
    assert qpdf.returncode == 0, qpdf.stdout
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert ESTUDIANTE["nombres"] in texto


def test_un_byte_cambiado_rompe_la_firma(renderizador, claves, tmp_path):
    pdf = renderizador.renderizar(_documento())
    medio = 2000  # inside the first signed byte range (it runs from 0 to the signature)
    alterado = pdf[:medio] + bytes([pdf[medio] ^ 1]) + pdf[medio + 1 :]
    resultado = _validar(alterado, tmp_path, claves / "pades" / CA)
    assert resultado.returncode != 0
    assert INTACTA not in resultado.stdout


def test_otra_ca_no_la_da_por_confiable(renderizador, tmp_path):
    otra = tmp_path / "otra"
    cargar_firmante(otra, crear_si_falta=True)
    resultado = _validar(renderizador.renderizar(_documento()), tmp_path, otra / "pades" / CA)
    assert resultado.returncode != 0 and VALIDA not in resultado.stdout


def test_la_copia_con_marca_de_sustituido_tambien_va_firmada(renderizador, claves, tmp_path):
    pdf = renderizador.renderizar(_documento(sustituido=True))
    resultado = _validar(pdf, tmp_path, claves / "pades" / CA)
    assert resultado.returncode == 0 and VALIDA in resultado.stdout
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert MARCA_AGUA in texto


def test_en_modo_real_usa_el_certificado_configurado(claves, tmp_path):
    propio = tmp_path / "secreto"
    propio.mkdir()
    for nombre in (CA, CERTIFICADO, CLAVE):
        shutil.copy(claves / "pades" / nombre, propio / nombre)
    firmante = cargar_firmante(
        tmp_path / "vacia", propio / CERTIFICADO, propio / CLAVE, [propio / CA]
    )
    pdf = firmante.firmar(RenderizadorPdf().renderizar(_documento()))
    assert _validar(pdf, tmp_path, propio / CA).returncode == 0
    assert not (tmp_path / "vacia").exists()  # nothing created in real mode


def test_sin_certificado_ni_modo_embebido_se_niega_con_la_razon(tmp_path):
    with pytest.raises(FileNotFoundError, match="PADES_CERTIFICADO"):
        cargar_firmante(tmp_path)


def test_firma_tambien_dentro_de_un_bucle_asyncio(renderizador, claves, tmp_path):
    """An async host (or a Playwright test issuing in-process) still gets a signed PDF."""

    async def emitir_en_un_bucle() -> bytes:
        return renderizador.renderizar(_documento())

    pdf = asyncio.run(emitir_en_un_bucle())
    resultado = _validar(pdf, tmp_path, claves / "pades" / CA)
    assert resultado.returncode == 0 and INTACTA in resultado.stdout, resultado.stdout
