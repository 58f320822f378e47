"""The one-pass PAdES signature (adapters/pades.py): what pyHanko's validator and qpdf say of it.

FirmantePdf signs fpdf2's output without pyHanko's writer; these tests would fail if that fast
path wrote a signature a validator rejects, covered less than the whole file, lost the PDF/A-3
associated file, or let a changed byte through.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter

from services.emision.adapters import pades
from services.emision.adapters.firma_pdf import CA, cargar_firmante, cliente_tsa
from services.emision.adapters.pdf import RenderizadorPdf
from tests.tsa_local import TsaLocal, puerto_libre
from tests.unit.emision.test_firma_pdf import INTACTA, VALIDA, _documento, _validar

ADJUNTO = ("credencial.jwt", b"eyJhbGciOiJFZERTQSJ9.e30.firma", "application/jwt")


@pytest.fixture(scope="module")
def claves(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("claves")
    cargar_firmante(carpeta, crear_si_falta=True)
    return carpeta


@pytest.fixture(scope="module")
def firmante(claves):
    return cargar_firmante(claves)


@pytest.fixture(scope="module")
def sin_firmar() -> bytes:
    """fpdf2's PDF/A-3b with an embedded file, as emission renders it with its VC."""
    return RenderizadorPdf().renderizar(_documento(), adjuntos=[ADJUNTO])


def _estado(pdf: bytes, claves):
    ca = load_cert_from_pemder(str(claves / "pades" / CA))
    (firma,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    contexto = ValidationContext(trust_roots=[ca])
    return firma, validate_pdf_signature(firma, contexto, contexto)


def test_firma_en_una_pasada_sin_el_escritor_de_pyhanko(firmante, sin_firmar):
    assert pades.actualizacion(sin_firmar, b"/Filter /Adobe.PPKLite", 8192) is not None
    agregado = firmante.firmar(sin_firmar)[len(sin_firmar) :]
    # pyHanko's writer rewrites the XMP metadata (its Producer); the one-pass update does not.
    assert b"pyHanko" not in agregado
    assert agregado.count(b"endobj") == 5  # catalog, page, AcroForm, widget, /Sig


def test_la_firma_es_pades_b_b_valida_confiable_y_cubre_todo_el_archivo(
    firmante, claves, sin_firmar, tmp_path
):
    pdf = firmante.firmar(sin_firmar)
    assert pdf.startswith(sin_firmar)  # an incremental update: the original bytes untouched

    firma, estado = _estado(pdf, claves)
    assert estado.intact and estado.valid and estado.trusted and estado.bottom_line
    assert estado.coverage.name == "ENTIRE_FILE"
    assert firma.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert firma.sig_object["/Filter"] == "/Adobe.PPKLite"
    assert firma.field_name == "FirmaEmisor"
    atributos = [a["type"].native for a in firma.signer_info["signed_attrs"]]
    # PAdES B-B: signing-certificate-v2, no CMS signing-time (the time is the /Sig's /M)
    assert atributos == ["content_type", "message_digest", "signing_certificate_v2"]
    assert not firma.signer_info["unsigned_attrs"].native
    assert abs(firma.self_reported_timestamp - datetime.now(UTC)) < timedelta(minutes=1)
    # the whole chain travels in the CMS
    assert len(firma.signed_data["certificates"]) == 2

    resultado = _validar(pdf, tmp_path, claves / "pades" / CA)  # pyhanko sign validate (CLI)
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    assert VALIDA in resultado.stdout and INTACTA in resultado.stdout
    assert "The signature covers the entire file." in resultado.stdout

    qpdf = subprocess.run(["qpdf", "--check", str(tmp_path / "ce.pdf")], capture_output=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    assert b"No syntax or stream encoding errors" in qpdf.stdout


def test_el_pdf_firmado_conserva_pdf_a_3b_y_su_archivo_asociado(firmante, sin_firmar):
    pdf = firmante.firmar(sin_firmar)
    lector = PdfReader(io.BytesIO(pdf))
    catalogo = lector.trailer["/Root"]
    (asociado,) = catalogo["/AF"]
    assert asociado.get_object()["/F"] == ADJUNTO[0]
    assert asociado.get_object()["/AFRelationship"] == "/Data"
    assert lector.attachments[ADJUNTO[0]] == [ADJUNTO[1]]
    assert catalogo["/AcroForm"]["/SigFlags"] == 3
    (widget,) = lector.pages[0]["/Annots"]
    assert widget.get_object()["/F"] == 132  # Print + Locked: PDF/A wants printable annotations
    assert b"<pdfaid:part>3</pdfaid:part>" in pdf
    assert catalogo["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"


@pytest.mark.parametrize("donde", ["inicio", "actualizacion", "trailer"])
def test_un_byte_cambiado_en_cualquier_rango_rompe_la_firma(firmante, claves, sin_firmar, donde):
    pdf = firmante.firmar(sin_firmar)
    if donde == "inicio":
        posicion = 2000
    elif donde == "actualizacion":  # the signing time in the /Sig dictionary
        posicion = pdf.rindex(b"/M (D") + 8
    else:
        posicion = pdf.rindex(b"/Prev") + 7
    alterado = bytearray(pdf)
    alterado[posicion] = ord("7") if alterado[posicion] != ord("7") else ord("3")
    try:
        _, estado = _estado(bytes(alterado), claves)
    except Exception:  # noqa: BLE001 (unreadable is as good as rejected)
        return
    assert not (estado.intact and estado.valid)


def test_dos_firmas_seguidas_no_son_iguales(firmante, claves, sin_firmar):
    primera, segunda = firmante.firmar(sin_firmar), firmante.firmar(sin_firmar)
    assert primera != segunda
    resumenes = []
    for pdf in (primera, segunda):
        firma, estado = _estado(pdf, claves)
        assert estado.bottom_line
        resumenes.append(firma.compute_digest())
    assert resumenes[0] != resumenes[1]  # a new document /ID each time, so a new digest


def test_un_pdf_con_flujo_de_referencias_lo_firma_pyhanko(firmante, claves, sin_firmar, tmp_path):
    """A PDF whose xref is a stream (qpdf's object streams) is not fpdf2's shape: pyHanko's
    writer signs it, validly; one rewritten by pypdf (classic xref) is signed either way."""
    original, comprimido = tmp_path / "original.pdf", tmp_path / "comprimido.pdf"
    original.write_bytes(sin_firmar)
    orden = ["qpdf", "--object-streams=generate", str(original), str(comprimido)]
    subprocess.run(orden, check=True)
    con_flujo = comprimido.read_bytes()
    assert pades.actualizacion(con_flujo, b"", 8192) is None
    escritor = PdfWriter(clone_from=io.BytesIO(sin_firmar))
    reescrito = io.BytesIO()
    escritor.write(reescrito)
    for otro in (con_flujo, reescrito.getvalue()):
        pdf = firmante.firmar(otro)
        _, estado = _estado(pdf, claves)
        assert estado.bottom_line and estado.coverage.name == "ENTIRE_FILE"
    assert pades.actualizacion(pdf, b"", 8192) is None  # signed already (a /Prev): not again


def test_la_reserva_que_no_alcanza_crece_y_la_firma_sigue_valida(claves, sin_firmar):
    with TsaLocal(claves / "pades", puerto_libre(3), None) as tsa:
        firmante = cargar_firmante(claves, tsa=cliente_tsa(tsa.url))
        firmante._firmante._reserva = 3000  # below CMS + token: the first try does not fit
        pdf = firmante.firmar(sin_firmar)
    assert firmante._firmante._reserva > 3000
    firma, estado = _estado(pdf, claves)
    assert estado.bottom_line and estado.coverage.name == "ENTIRE_FILE"
    assert estado.timestamp_validity.valid and estado.timestamp_validity.trusted
    assert [a["type"] for a in firma.signer_info["unsigned_attrs"].native] == [
        "signature_time_stamp_token"
    ]
    assert b"pyHanko" not in pdf[len(sin_firmar) :]  # B-T in one pass too


def test_actualizacion_rechaza_lo_que_no_sabe_escribir(sin_firmar):
    # same length, so the xref offsets still hold: only the catalog's content differs
    con_formulario = sin_firmar.replace(b"/PageLayout /OneColumn", b"/AcroForm << >>".ljust(22))
    assert len(con_formulario) == len(sin_firmar) and con_formulario != sin_firmar
    sin_tabla = re.sub(rb"startxref\n\d+", b"startxref\n0", sin_firmar)
    for raro in (b"%PDF-1.7\nbasura", con_formulario, sin_tabla):
        assert pades.actualizacion(raro, b"", 8192) is None


def test_la_firma_que_no_cabe_en_la_reserva_se_rechaza(sin_firmar):
    actualizacion = pades.actualizacion(sin_firmar, b"", 16)
    with pytest.raises(ValueError, match="no cabe"):
        actualizacion.completar(b"x" * 17)
