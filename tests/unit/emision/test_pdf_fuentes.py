"""DejaVu is subset once per process: every renderer (one per emision app) shares it."""

from __future__ import annotations

from services.emision.adapters import pdf_fuentes
from services.emision.adapters.pdf import RenderizadorPdf
from tests.unit.emision.test_pdf import _doc, _grado_1998, _paginas


def test_dos_renderizadores_preparan_las_fuentes_una_sola_vez(monkeypatch):
    recortes = []
    original = pdf_fuentes._recortar

    def contar(ruta):
        recortes.append(ruta.name)
        return original(ruta)

    monkeypatch.setattr(pdf_fuentes, "_recortar", contar)
    pdf_fuentes.fuentes_preparadas.cache_clear()
    try:
        primero, segundo = RenderizadorPdf(), RenderizadorPdf()
    finally:
        pdf_fuentes.fuentes_preparadas.cache_clear()  # others get fonts prepared unpatched
    assert sorted(recortes) == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"]

    # Sharing the prepared fonts changes nothing a reader sees: same bytes, same text.
    doc = _doc((_grado_1998(),))
    pdf = primero.renderizar(doc)
    assert segundo.renderizar(doc) == pdf == primero.renderizar(doc)
    assert "JOSÉ MARÍA" in _paginas(pdf)[0]
