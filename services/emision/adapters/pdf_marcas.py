"""Marcas sobre un CE que dejó de valer: sustituido (marca de agua) o anulado (marca y motivo).

Se dibujan en cada página: quien tenga una sola hoja debe poder ver que el certificado no vale.
"""

from __future__ import annotations

from fpdf import FPDF

from services.emision.adapters.pdf_grilla import (
    FAMILIA,
    PT,
    ancho_texto,
    envolver,
    escribir,
    fijar_fuente,
)
from services.emision.domain.documento import DocumentoCertificado
from shared.fechas import LIMA

MARCA_AGUA = "NO ES EL ÚLTIMO CERTIFICADO GENERADO"
MARCA_ANULADO = "ANULADO"
ROJO = (185, 28, 28)
_GRIS = (110, 110, 110)
ANGULO = 54.7  # degrees: the A4 diagonal


def leyenda_anulacion(doc: DocumentoCertificado) -> str:
    """ "CERTIFICADO ANULADO el dd/mm/aaaa. Motivo: …" (vacío si no fue anulado)."""
    if doc.anulacion is None:
        return ""
    fecha = doc.anulacion.anulado_en.astimezone(LIMA).strftime("%d/%m/%Y")
    return f"CERTIFICADO {MARCA_ANULADO} el {fecha}. Motivo: {doc.anulacion.motivo}"


def escribir_leyenda(
    pdf: FPDF, doc: DocumentoCertificado, x: float, y: float, ancho: float
) -> float:
    """La leyenda de anulación en rojo desde `y`; devuelve la y siguiente."""
    leyenda = leyenda_anulacion(doc)
    if not leyenda:
        return y
    fijar_fuente(pdf, "B", 9)
    lineas, tam = envolver(pdf, leyenda, ancho, 9)
    fijar_fuente(pdf, "B", tam)
    with pdf.local_context(text_color=ROJO):
        return escribir(pdf, lineas[:3], x, y, tam * PT * 1.25, ancho)


def marcas_de_agua(pdf: FPDF, doc: DocumentoCertificado) -> None:
    """Encima de todo, translúcidas: visibles sobre la grilla sin tapar las notas."""
    if doc.anulacion is not None:
        _diagonal(pdf, MARCA_ANULADO, 96, ROJO, 0.22)
    elif doc.sustituido:
        _diagonal(pdf, MARCA_AGUA, 24, _GRIS, 0.3)


def _diagonal(pdf: FPDF, texto: str, tam: float, color: tuple[int, int, int], opacidad: float):
    pdf.set_font(FAMILIA, "B", tam)
    ancho = ancho_texto(pdf, texto)
    cx, cy = pdf.w / 2, pdf.h / 2
    with (
        pdf.local_context(fill_opacity=opacidad, text_color=color),
        pdf.rotation(ANGULO, cx, cy),
    ):
        pdf.text(cx - ancho / 2, cy + tam * PT * 0.35, texto)
