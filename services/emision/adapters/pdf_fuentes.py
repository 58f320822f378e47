"""DejaVu prepared once per process, and fpdf2's output reusing it for every document.

Plain fpdf2 parses and subsets the TTF fonts for each PDF (~40 ms); a certificate renders in a
few ms when a fixed Latin subset is prepared once and its PDF objects are reused. This goes
through fpdf2 2.8 internals (pinned in pyproject.toml); ``RAPIDO`` falls back to fpdf2's own
embedding if the hook disappears.
"""

from __future__ import annotations

import copy
import functools
import io
import zlib
from pathlib import Path
from typing import Any

from fontTools import subset as ftsubset
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.output import CIDSystemInfo, OutputProducer, PDFFont
from fpdf.syntax import Name, PDFArray, PDFContentStream

from services.emision.adapters.pdf_grilla import FAMILIA

FUENTES = Path(__file__).parent / "fonts"
ARCHIVOS_FUENTE = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Fast-path charset: Spanish, Western/Central European names and typographic punctuation.
CARACTERES = sorted({*range(0x20, 0x7F), *range(0xA0, 0x180), *map(ord, "–—‘’‚“”„…•€")})


class FuentePreparada:
    """DejaVu recortada a CARACTERES una sola vez, con sus objetos PDF precalculados."""

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


@functools.cache
def fuentes_preparadas() -> tuple[FuentePreparada, ...]:
    """DejaVu Sans and Bold, subset once per process and shared by every renderer."""
    # Safe to share: every glyph is picked at preparation, so rendering only reads them.
    return tuple(
        FuentePreparada(FUENTES / archivo, estilo, i)
        for i, (estilo, archivo) in enumerate(ARCHIVOS_FUENTE.items(), start=1)
    )


# Guard: if a future fpdf2 renames the hook, fall back to its own (slower) font embedding.
RAPIDO = callable(getattr(OutputProducer, "_add_fonts", None))


class ProductorPdf(OutputProducer):
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
    subsetter.populate(unicodes=CARACTERES)
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
