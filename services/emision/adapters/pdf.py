"""Renderizador PDF del Certificado Oficial de Estudios (A4 vertical, fpdf2 + DejaVu)."""

from __future__ import annotations

import copy
import io
import zlib
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import qrcode
from fontTools import subset as ftsubset
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.output import CIDSystemInfo, OutputProducer, PDFFont
from fpdf.syntax import Name, PDFArray, PDFContentStream
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from services.emision.adapters import pdf_grilla
from services.emision.adapters.pdf_grilla import (
    FAMILIA,
    PT,
    GrillaPdf,
    ancho_texto,
    envolver,
    escribir,
    fijar_fuente,
)
from services.emision.domain.documento import DocumentoCertificado

_FUENTES = Path(__file__).parent / "fonts"
_LIMA = ZoneInfo("America/Lima")

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
MARCA_AGUA = "NO ES EL ÚLTIMO CERTIFICADO GENERADO"
NOTA_EXO = (
    "EXO: exoneración del área de educación religiosa a solicitud del padre o madre de "
    "familia, tutor legal o apoderado"
)

MARGEN = 15.0  # mm
ALTO_PIE = 10.0  # mm reserved at the bottom of every page for "Página X de Y"
ALTO_BLOQUE_QR = 36.0  # mm, QR + emission data on the last page


_ARCHIVOS_FUENTE = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Fast-path charset: Spanish, Western/Central European names and typographic punctuation.
_CARACTERES = sorted({*range(0x20, 0x7F), *range(0xA0, 0x180), *map(ord, "–—‘’‚“”„…•€")})


class RenderizadorPdf:
    """Convierte un DocumentoCertificado en los bytes de un PDF."""

    def __init__(self) -> None:
        # Parsing and subsetting DejaVu costs ~40 ms per document in plain fpdf2; doing it once
        # here and embedding a fixed subset makes a typical CE render in a few ms.
        self._preparadas = [
            _FuentePreparada(_FUENTES / archivo, estilo, i)
            for i, (estilo, archivo) in enumerate(_ARCHIVOS_FUENTE.items(), start=1)
        ]
        self._caracteres = frozenset.intersection(*(f.caracteres for f in self._preparadas))

    def renderizar(self, doc: DocumentoCertificado) -> bytes:
        """Devuelve el PDF completo del certificado."""
        if _RAPIDO and _caracteres(doc) <= self._caracteres:
            pdf = _PdfCertificado(doc, self._preparadas)
        else:
            # Rare characters (e.g. non-Latin names): let fpdf2 subset the full fonts.
            pdf = _PdfCertificado(doc, None)
        pdf.componer()
        return bytes(pdf.output(output_producer_class=_ProductorPdf))


class _PdfCertificado(FPDF):
    """FPDF con la cabecera, pie y marca de agua del CE."""

    def __init__(
        self, doc: DocumentoCertificado, preparadas: list[_FuentePreparada] | None
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.preparadas = preparadas
        if preparadas is None:
            for estilo, archivo in _ARCHIVOS_FUENTE.items():
                self.add_font(FAMILIA, estilo, _FUENTES / archivo)
        else:
            for fuente in preparadas:
                self.fonts[fuente.ttf.fontkey] = fuente.ttf
        self.set_margins(MARGEN, 12.0, MARGEN)
        self.set_auto_page_break(False)
        self.set_title(f"Certificado Oficial de Estudios {doc.codigo_virtual}")
        self.set_creator("Mi Certificado")
        self.set_lang("es-PE")
        # Same input, same bytes: the creation date comes from the document, not the clock.
        self.set_creation_date(doc.emitido_en)

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
        """Cabecera institucional repetida en cada página."""
        doc = self.doc
        y = 12.0
        for texto, estilo, tam, alto in (
            ("MINISTERIO DE EDUCACIÓN", "B", 10, 5),
            ("CERTIFICADO OFICIAL DE ESTUDIOS", "B", 14, 7),
            (MODALIDADES.get(doc.modalidad, doc.modalidad).upper(), "B", 10, 5),
            (f"NIVEL DE EDUCACIÓN {doc.nivel}", "", 9, 4.5),
            (f"Código virtual: {doc.codigo_virtual}", "", 9, 4.5),
        ):
            self.set_font(FAMILIA, estilo, tam)
            y = escribir(self, [texto], MARGEN, y, alto, self.epw)
        self.set_line_width(0.3)
        self.line(MARGEN, y + 1.5, self.w - MARGEN, y + 1.5)
        self.set_line_width(0.2)
        self.set_y(y + 4)

    def footer(self) -> None:
        """Número de página y, si el CE fue sustituido, la marca de agua encima de todo."""
        self.set_font(FAMILIA, "", 7.5)
        self.set_xy(MARGEN, self.h - 10)
        # cell() (not text()) because only cells get fpdf2's "{nb}" total-pages substitution.
        self.cell(0, 4, f"Página {self.page_no()} de {{nb}}", align="C")
        if self.doc.sustituido:
            self._marca_de_agua()

    def _marca_de_agua(self) -> None:
        # Drawn last, translucent: visible over the grid while the grades stay readable.
        self.set_font(FAMILIA, "B", 24)
        ancho = ancho_texto(self, MARCA_AGUA)
        cx, cy = self.w / 2, self.h / 2
        with (
            self.local_context(fill_opacity=0.3, text_color=(110, 110, 110)),
            self.rotation(54.7, cx, cy),  # angle of the A4 diagonal
        ):
            self.text(cx - ancho / 2, cy + 24 * PT * 0.35, MARCA_AGUA)

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
        """QR y datos de emisión anclados al final de la última página."""
        arriba = self._limite() - ALTO_BLOQUE_QR
        if self.y > arriba:
            self.add_page()
        doc = self.doc
        lado = 32.0
        self.image(
            _imagen_qr(doc.contenido_qr or doc.url_verificacion),
            x=MARGEN,
            y=arriba + 2,
            w=lado,
            h=lado,
        )
        fecha = doc.emitido_en.astimezone(_LIMA).strftime("%d/%m/%Y %H:%M")
        x = MARGEN + lado + 5
        self.set_y(arriba + 5)
        for texto, estilo in (
            (f"Fecha y hora de emisión: {fecha}", ""),
            (f"N.° {doc.numero:08d}", "B"),
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


def texto_cuerpo(doc: DocumentoCertificado) -> str:
    """Párrafo "Que {estudiante}, con {documento} N.° …, ha concluido estudios …"."""
    est = doc.estudiante
    # Foreign students may lack a second surname: join only what exists (no double spaces).
    nombre = " ".join(
        p.strip() for p in (est.nombres, est.primer_apellido, est.segundo_apellido) if p.strip()
    )
    documento = DOCUMENTOS.get(est.tipo_documento, est.tipo_documento)
    modalidad = MODALIDADES.get(doc.modalidad, doc.modalidad)
    return (
        f"Que {nombre}, con {documento} N.°{NBSP}{est.numero_documento}, ha concluido estudios "
        f"correspondiente(s) a {_ultimo_grado(doc)} grado de {modalidad}, nivel de "
        f"educación {doc.nivel.capitalize()}, en la institución educativa "
        f"{doc.nombre_institucion}, con los siguientes resultados, según consta en las "
        "actas de evaluación respectivas:"
    )


def _ultimo_grado(doc: DocumentoCertificado) -> str:
    """Ordinal del grado más alto listado ("QUINTO" -> "QUINTO", "TERCERO" -> "TERCER")."""
    orden = list(ORDINALES)
    conocidos = [g.grado.upper() for g in doc.grados if g.grado.upper() in ORDINALES]
    if conocidos:
        return ORDINALES[max(conocidos, key=orden.index)]
    return doc.grados[-1].grado if doc.grados else ""


# Fixed QR mask: qrcode's search over the 8 masks (ISO 18004 penalty rules) took ~3 ms, about
# half of a whole certificate. Every mask is valid for decoders (all 8 read back with zbarimg
# from rendered pages); set to None to restore the search if the trade-off changes.
_MASCARA_QR: int | None = 0


def _imagen_qr(url: str) -> Image.Image:
    """QR (corrección M) como imagen en escala de grises de 4 px por módulo."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=_MASCARA_QR)
    qr.add_data(url)
    qr.make(fit=True)
    matriz = qr.get_matrix()
    lado = len(matriz)
    pixeles = bytes(0 if oscuro else 255 for fila in matriz for oscuro in fila)
    # Building the bitmap directly skips qrcode's per-box PIL drawing; NEAREST keeps edges sharp.
    imagen = Image.frombytes("L", (lado, lado), pixeles)
    return imagen.resize((lado * 4, lado * 4), Image.Resampling.NEAREST)


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


class _FuentePreparada:
    """DejaVu recortada a _CARACTERES una sola vez, con sus objetos PDF precalculados."""

    def __init__(self, ruta: Path, estilo: str, indice: int) -> None:
        datos = _recortar(ruta)
        self.ttf = TTFFont(FPDF(), io.BytesIO(datos), f"{FAMILIA.lower()}{estilo}", estilo)
        self.ttf.i = indice
        # Picking every glyph now freezes the char codes, so the embedded objects never change
        # and the TTFFont can be shared by every document.
        for codigo in sorted(self.ttf.cmap):
            self.ttf.subset.pick(codigo)
        glifos = {c: g for g, c in self.ttf.subset.items() if g is not None}
        gid = {c: self.ttf.ttfont.getGlyphID(g.glyph_name) for c, g in glifos.items()}
        self.caracteres = frozenset(chr(c) for c in self.ttf.cmap)
        self.nombre = f"MCERTA+{self.ttf.name}"
        self.anchos = _anchos({c: g.glyph_width for c, g in glifos.items()})
        self.a_unicode = zlib.compress(_cmap_unicode(glifos))
        mapa = bytearray(2 * (max(gid) + 1))
        for c, g in gid.items():
            mapa[2 * c : 2 * c + 2] = g.to_bytes(2, "big")
        self.cid_a_gid = zlib.compress(bytes(mapa))
        self.fichero, self.largo = zlib.compress(datos), len(datos)

    def incrustar(self, productor: OutputProducer) -> PDFFont:
        """Agrega al PDF los objetos de la fuente (mismo orden que fpdf2) y devuelve la Type0."""
        agregar = productor._add_pdf_obj
        compuesta = PDFFont(subtype="Type0", base_font=self.nombre, encoding="Identity-H")
        agregar(compuesta, "fonts")
        cid = PDFFont(
            subtype="CIDFontType2",
            base_font=self.nombre,
            d_w=self.ttf.desc.missing_width,
            w=self.anchos,
        )
        agregar(cid, "fonts")
        compuesta.descendant_fonts = PDFArray([cid])
        compuesta.to_unicode = _Flujo(self.a_unicode)
        agregar(compuesta.to_unicode, "fonts")
        cid.c_i_d_system_info = CIDSystemInfo()
        agregar(cid.c_i_d_system_info, "fonts")
        descriptor = copy.copy(self.ttf.desc)
        descriptor.font_name = Name(self.nombre)
        agregar(descriptor, "fonts")
        cid.font_descriptor = descriptor
        cid.c_i_d_to_g_i_d_map = _Flujo(self.cid_a_gid)
        agregar(cid.c_i_d_to_g_i_d_map, "fonts")
        descriptor.font_file2 = _Flujo(self.fichero, self.largo)
        agregar(descriptor.font_file2, "fonts")
        return compuesta


# Guard: if a future fpdf2 renames the hook, fall back to its own (slower) font embedding.
_RAPIDO = callable(getattr(OutputProducer, "_add_fonts", None))


class _ProductorPdf(OutputProducer):
    """OutputProducer que incrusta las fuentes preparadas en vez de re-recortarlas."""

    def _add_fonts(self, *args: Any) -> dict[int, Any]:
        preparadas = getattr(self.fpdf, "preparadas", None)
        if not preparadas:
            return super()._add_fonts(*args)
        return {f.ttf.i: f.incrustar(self) for f in preparadas}


class _Flujo(PDFContentStream):
    """Stream ya comprimido con zlib, reutilizable entre documentos."""

    def __init__(self, comprimido: bytes, largo_original: int | None = None) -> None:
        super().__init__(contents=comprimido, compress=False)
        self.filter = Name("FlateDecode")
        if largo_original is not None:
            self.length1 = largo_original


def _recortar(ruta: Path) -> bytes:
    fuente = ttLib.TTFont(ruta, recalcTimestamp=False)
    # Hinting halves the embedded size and PDF viewers and printers hardly use it.
    opciones = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, hinting=False)
    opciones.layout_features = []  # no text shaping, so GSUB/GPOS would only add weight
    opciones.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "kern"]
    subsetter = ftsubset.Subsetter(opciones)
    subsetter.populate(unicodes=_CARACTERES)
    subsetter.subset(fuente)
    salida = io.BytesIO()
    fuente.save(salida)
    return salida.getvalue()


def _anchos(anchos: dict[int, int]) -> str:
    """Arreglo /W de PDF agrupando códigos consecutivos: [c [w1 w2 ...] ...]."""
    tramos: list[list[int]] = []
    for codigo in sorted(anchos):
        if tramos and tramos[-1][0] + len(tramos[-1]) - 1 == codigo:
            tramos[-1].append(anchos[codigo])
        else:
            tramos.append([codigo, anchos[codigo]])
    return "[" + " ".join(f"{t[0]} [{' '.join(map(str, t[1:]))}]" for t in tramos) + "]"


def _cmap_unicode(glifos: dict[int, Any]) -> bytes:
    """CMap ToUnicode (copiar/buscar texto) en bloques de 100 entradas, límite de PDF."""
    pares = [
        f"<{c:04X}> <{''.join(f'{u:04X}' for u in g.unicode)}>"
        for c, g in sorted(glifos.items())
        if isinstance(g.unicode, tuple) and g.unicode and g.unicode != (0,)
    ]
    bloques = "".join(
        f"{len(pares[i : i + 100])} beginbfchar\n" + "\n".join(pares[i : i + 100]) + "\nendbfchar\n"
        for i in range(0, len(pares), 100)
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{bloques}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("latin-1")
