"""Same document, same PDF bytes, whatever the clock says: the XMP dates are the issue date."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import fpdf.output
from pypdf import PdfReader

from services.emision.adapters.pdf import RenderizadorPdf
from tests.unit.emision.test_pdf import _doc, _grado_1998

ADJUNTO = ("credencial.jwt", b"eyJhbGciOiJFZERTQSJ9.e30.firma", "application/vc+jwt")


class _Reloj(datetime):
    """A datetime whose now() is moved by ``desfase`` (fpdf2 reads the clock through it)."""

    desfase = timedelta(0)

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) + cls.desfase


def _renderizar_a_las(monkeypatch, renderizador, doc, desfase: timedelta) -> bytes:
    reloj = type("Reloj", (_Reloj,), {"desfase": desfase})
    # fpdf2 2.8 reads the clock for the XMP in fpdf.output (raises if that name goes away);
    # FPDF.__init__'s own default creation date is replaced by the renderer's.
    monkeypatch.setattr(fpdf.output, "datetime", reloj)
    return renderizador.renderizar(doc, adjuntos=(ADJUNTO,))


def test_dos_renders_con_el_reloj_en_otra_hora_dan_los_mismos_bytes(monkeypatch):
    renderizador, doc = RenderizadorPdf(), _doc((_grado_1998(),))
    antes = _renderizar_a_las(monkeypatch, renderizador, doc, timedelta(0))
    despues = _renderizar_a_las(monkeypatch, renderizador, doc, timedelta(hours=1, seconds=1))
    assert despues == antes


def test_las_fechas_xmp_son_la_de_emision():
    doc = _doc((_grado_1998(),))
    pdf = RenderizadorPdf().renderizar(doc, adjuntos=(ADJUNTO,))
    lector = PdfReader(io.BytesIO(pdf))
    xmp = lector.xmp_metadata
    emitido = doc.emitido_en.astimezone(UTC)
    assert xmp.xmp_create_date == xmp.xmp_modify_date == xmp.xmp_metadata_date
    assert xmp.xmp_create_date.replace(tzinfo=UTC) == emitido.replace(microsecond=0)
    assert xmp.dc_title["x-default"] == f"Certificado Oficial de Estudios {doc.codigo_virtual}"
    assert xmp.xmp_creator_tool == "Mi Certificado"
    # PDF/A-3B says so in the XMP; fpdf2 writes no /Info dictionary in PDF/A mode, so the XMP
    # is the only place dates live (nothing there can disagree with it).
    assert xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")
    assert "/Info" not in lector.trailer
    assert datetime.now(UTC) - emitido > timedelta(days=1)  # the doc's date, not today's
