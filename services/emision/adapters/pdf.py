"""Renderizador PDF del Certificado Oficial de Estudios (A4 vertical, fpdf2 + DejaVu)."""

from __future__ import annotations

import copy
import functools
from dataclasses import is_dataclass
from typing import Any

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
from fpdf.output import PDFICCProfile
from fpdf.util import builtin_srgb2014_bytes

from services.emision.adapters import pdf_grilla
from services.emision.adapters.pdf_fuentes import (
    ARCHIVOS_FUENTE,
    FUENTES,
    RAPIDO,
    FuentePreparada,
    ProductorPdf,
    fuentes_preparadas,
)
from services.emision.adapters.pdf_grilla import (
    FAMILIA,
    GrillaPdf,
    envolver,
    escribir,
    fijar_fuente,
)
from services.emision.adapters.pdf_marcas import MARCA_AGUA as MARCA_AGUA  # re-exported
from services.emision.adapters.pdf_marcas import escribir_leyenda, marcas_de_agua
from services.emision.adapters.pdf_qr import QrImpreso, qr_impreso
from services.emision.adapters.pdf_xmp import xmp_pdfa
from services.emision.domain.documento import DocumentoCertificado
from shared.fechas import LIMA

MODALIDADES = {
    "EBR": "Educación Básica Regular",
    "EBA": "Educación Básica Alternativa",
    "EBE": "Educación Básica Especial",
}
DOCUMENTOS = {
    "DNI": "DNI",
    "CE": "Carné de Extranjería",
    "PASAPORTE": "Pasaporte",
    "PTP": "PTP",
    "CPP": "CPP",
    "CODIGO_ESTUDIANTE": "Código del estudiante",
}
# Grade (as stored) -> ordinal used in "… a {ordinal} grado de …".
ORDINALES = {
    "PRIMERO": "PRIMER",
    "SEGUNDO": "SEGUNDO",
    "TERCERO": "TERCER",
    "CUARTO": "CUARTO",
    "QUINTO": "QUINTO",
    "SEXTO": "SEXTO",
}
NBSP = "\u00a0"  # keeps "N.°" on the same line as its number
NOTA_EXO = (
    "EXO: exoneración del área de educación religiosa a solicitud del padre o madre de "
    "familia, tutor legal o apoderado"
)

MARGEN = 15.0  # mm
ALTO_PIE = 10.0  # mm reserved at the bottom of every page for "Página X de Y"
ALTO_BLOQUE_EMISION = 30.0  # mm, emission data at the bottom of the last page


class RenderizadorPdf:
    """Convierte un DocumentoCertificado en los bytes de un PDF."""

    def __init__(self) -> None:
        # Parsing and subsetting DejaVu costs ~40 ms per document in plain fpdf2; doing it once
        # per process and embedding a fixed subset makes a typical CE render in a few ms.
        self._preparadas = list(fuentes_preparadas())
        self._caracteres = frozenset.intersection(*(f.caracteres for f in self._preparadas))

    def renderizar(self, doc: DocumentoCertificado, adjuntos=()) -> bytes:
        """Devuelve el PDF completo del certificado; ``adjuntos``: (nombre, bytes, MIME)."""
        if RAPIDO and _caracteres(doc) <= self._caracteres:
            pdf = _PdfCertificado(doc, self._preparadas)
        else:
            # Rare characters (e.g. non-Latin names): let fpdf2 subset the full fonts.
            pdf = _PdfCertificado(doc, None)
        pdf.componer()
        for nombre, datos, mime in adjuntos:  # PDF/A-3 style associated files (/AF, Data)
            pdf.embed_file(
                bytes=datos,
                basename=nombre,
                mime_type=mime,
                associated_file_relationship="Data",
                modification_date=doc.emitido_en,
                desc="Credencial verificable W3C del certificado",
            )
        return bytes(pdf.output(output_producer_class=ProductorPdf))


class _PdfCertificado(FPDF):
    """FPDF con la cabecera, pie y marca de agua del CE."""

    def __init__(self, doc: DocumentoCertificado, preparadas: list[FuentePreparada] | None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4", enforce_compliance="PDF/A-3B")
        self.doc = doc
        self.preparadas = preparadas
        # One symbol per document, placed on every page (fpdf2 embeds the image once).
        self.qr: QrImpreso = qr_impreso(doc.contenido_qr or doc.url_verificacion)
        if preparadas is None:
            for estilo, archivo in ARCHIVOS_FUENTE.items():
                self.add_font(FAMILIA, estilo, FUENTES / archivo)
        else:
            for fuente in preparadas:
                self.fonts[fuente.ttf.fontkey] = fuente.ttf
        self.set_margins(MARGEN, 12.0, MARGEN)
        self.set_auto_page_break(False)
        titulo, creador = f"Certificado Oficial de Estudios {doc.codigo_virtual}", "Mi Certificado"
        self.set_title(titulo)
        self.set_creator(creador)
        self.set_lang("es-PE")
        # Same input, same bytes: every date comes from the document, not the clock (the XMP
        # fpdf2 would write dates its modification "now").
        self.set_creation_date(doc.emitido_en)
        self.set_xmp_metadata(xmp_pdfa(titulo, creador, doc.emitido_en))
        # The PDF/A output intent fpdf2 would add at output(), with its sRGB profile compressed
        # once per process instead of for every document (same objects, same bytes).
        self.add_output_intent(
            OutputIntentSubType.PDFA,
            output_condition_identifier="sRGB",
            output_condition="IEC 61966-2-1:1999",
            registry_name="http://www.color.org",
            dest_output_profile=copy.copy(_perfil_srgb()),
            info="sRGB2014 (v2)",
        )

    def componer(self) -> None:
        """Dibuja todo el certificado."""
        self.add_page()
        self._cuerpo()
        cabecera = pdf_grilla.filas_cabecera(self.doc)
        cuerpo = pdf_grilla.filas_cuerpo(self.doc)
        grilla = GrillaPdf(self, len(self.doc.grados), self.add_page)
        grilla.dibujar(cabecera, cuerpo, self._limite())
        if pdf_grilla.hay_exonerados(cuerpo):
            self.set_y(self.y + 1)
            self._parrafo(NOTA_EXO, 7, "", interlinea=3.4)
        self._observaciones()
        self._bloque_verificacion()

    def header(self) -> None:
        """Cabecera institucional con el QR, repetida en cada página."""
        doc = self.doc
        qr = self.qr
        # Top right, with its quiet zone free: the page margin above and right, the rule below.
        x_qr, y_qr = self.w - MARGEN - qr.lado, 10.0
        self.image(qr.imagen, x=x_qr, y=y_qr, w=qr.lado, h=qr.lado)
        y = 12.0
        for texto, estilo, tam, alto in (
            ("MINISTERIO DE EDUCACIÓN", "B", 10, 5),
            ("CERTIFICADO OFICIAL DE ESTUDIOS", "B", 14, 7),
            (MODALIDADES.get(doc.modalidad, doc.modalidad).upper(), "B", 10, 5),
            (_nivel_cabecera(doc), "", 9, 4.5),
            (f"Código virtual: {doc.codigo_virtual}", "", 9, 4.5),
        ):
            self.set_font(FAMILIA, estilo, tam)
            y = escribir(self, [texto], MARGEN, y, alto, self.epw)
        y = max(y, y_qr + qr.lado + qr.zona_libre - 1.5)
        self.set_line_width(0.3)
        self.line(MARGEN, y + 1.5, self.w - MARGEN, y + 1.5)
        self.set_line_width(0.2)
        self.set_y(escribir_leyenda(self, doc, MARGEN, y + 3, self.epw) + 1)

    def footer(self) -> None:
        """N.°, código y número de página; encima de todo, la marca si el CE dejó de valer."""
        doc = self.doc
        self.set_font(FAMILIA, "", 7.5)
        self.set_xy(MARGEN, self.h - 10)
        # cell() (not text()) because only cells get fpdf2's "{nb}" total-pages substitution.
        self.cell(
            0,
            4,
            f"N.° {doc.numero_solicitud:08d} · Código virtual: {doc.codigo_virtual} · "
            f"Página {self.page_no()} de {{nb}}",
            align="C",
        )
        marcas_de_agua(self, doc)

    def _limite(self) -> float:
        return self.h - ALTO_PIE - 4

    def _cuerpo(self) -> None:
        self._parrafo(texto_cuerpo(self.doc), 9.5, "", interlinea=4.8)
        self.set_y(self.y + 3)

    def _parrafo(
        self, texto: str, tam: float, estilo: str, *, interlinea: float, x: float = MARGEN
    ) -> None:
        """Párrafo alineado a la izquierda desde pdf.y, pasando de página si hace falta."""
        fijar_fuente(self, estilo, tam)
        lineas, tam_final = envolver(self, texto, self.w - MARGEN - x, tam)
        for linea in lineas:
            if self.y + interlinea > self._limite():
                self.add_page()
            fijar_fuente(self, estilo, tam_final)  # header() may have changed the font
            self.set_y(escribir(self, [linea], x, self.y, interlinea))

    def _observaciones(self) -> None:
        lineas = [
            f"{o.tipo}: {o.anio} – {o.resolucion} – {o.motivo}" for o in self.doc.observaciones
        ]
        if not lineas:
            return
        if self.y + 10 > self._limite():  # keep the title with its first line
            self.add_page()
        self.set_y(self.y + 2)
        self._parrafo("Observaciones", 8.5, "B", interlinea=4.5)
        for linea in lineas:
            self._parrafo(linea, 8, "", interlinea=4)

    def _bloque_verificacion(self) -> None:
        """Datos de emisión anclados al final de la última página (el QR va en cada cabecera)."""
        arriba = self._limite() - ALTO_BLOQUE_EMISION
        if self.y > arriba:
            self.add_page()
        doc = self.doc
        fecha = doc.emitido_en.astimezone(LIMA).strftime("%d/%m/%Y %H:%M")
        x = MARGEN
        self.set_y(arriba + 2)
        for texto, estilo in (
            (f"Fecha y hora de emisión: {fecha}", ""),
            (f"N.° {doc.numero_solicitud:08d}", "B"),
            (f"Código virtual: {doc.codigo_virtual}", "B"),
        ):
            self._parrafo(texto, 9, estilo, interlinea=5, x=x)
        self.set_y(self.y + 2)
        self._parrafo(
            f"Verifique la autenticidad de este certificado en {doc.url_verificacion} "
            "o escaneando el código QR.",
            8,
            "",
            interlinea=4,
            x=x,
        )


@functools.cache
def _perfil_srgb() -> PDFICCProfile:
    """fpdf2's built-in sRGB ICC profile stream, compressed once (each PDF gets a copy)."""
    return PDFICCProfile(contents=builtin_srgb2014_bytes(), n=3, alternate="DeviceRGB")


def texto_cuerpo(doc: DocumentoCertificado) -> str:
    """Párrafo "Que {estudiante}, con {documento} N.° …, ha concluido estudios …"."""
    est = doc.estudiante
    # Foreign students may lack a second surname: join only what exists (no double spaces).
    nombre = " ".join(
        p.strip() for p in (est.nombres, est.primer_apellido, est.segundo_apellido) if p.strip()
    )
    documento = DOCUMENTOS.get(est.tipo_documento, est.tipo_documento)
    modalidad = MODALIDADES.get(doc.modalidad, doc.modalidad)
    if _es_ciclo(doc):  # EBA: "… a CUARTO grado del Ciclo Avanzado de Educación Básica …"
        alcanzado = f"{_ultimo_grado(doc)} grado del {doc.nivel.title()} de {modalidad}"
    else:
        alcanzado = (
            f"{_ultimo_grado(doc)} grado de {modalidad}, nivel de educación "
            f"{doc.nivel.capitalize()}"
        )
    return (
        f"Que {nombre}, con {documento} N.°{NBSP}{est.numero_documento}, ha concluido estudios "
        f"correspondiente(s) a {alcanzado}, en la institución educativa "
        f"{doc.nombre_institucion}, con los siguientes resultados, según consta en las "
        "actas de evaluación respectivas:"
    )


def _es_ciclo(doc: DocumentoCertificado) -> bool:
    """EBA is organised in ciclos (CICLO INICIAL, INTERMEDIO, AVANZADO), not niveles."""
    return doc.nivel.upper().startswith("CICLO ")


def _nivel_cabecera(doc: DocumentoCertificado) -> str:
    return doc.nivel.upper() if _es_ciclo(doc) else f"NIVEL DE EDUCACIÓN {doc.nivel}"


def _ultimo_grado(doc: DocumentoCertificado) -> str:
    """Ordinal del grado más alto listado ("QUINTO" -> "QUINTO", "TERCERO" -> "TERCER")."""
    orden = list(ORDINALES)
    conocidos = [g.grado.upper() for g in doc.grados if g.grado.upper() in ORDINALES]
    if conocidos:
        return ORDINALES[max(conocidos, key=orden.index)]
    return doc.grados[-1].grado if doc.grados else ""


def _caracteres(doc: DocumentoCertificado) -> set[str]:
    """Caracteres de todas las cadenas del documento (¿basta la fuente recortada?)."""
    pila: list[Any] = [doc]
    textos: list[str] = []
    while pila:
        valor = pila.pop()
        if isinstance(valor, str):
            textos.append(valor)
        elif isinstance(valor, tuple):
            pila.extend(valor)
        elif is_dataclass(valor):
            pila.extend(vars(valor).values())
    todo = "".join(textos)
    # nivel is printed capitalized: lower-case forms must be covered too.
    return set(todo) | set(todo.lower())
