"""The certificate's XMP metadata (PDF/A-3B), every date taken from the document itself.

fpdf2 (2.8) synthesises the XMP of a PDF/A itself, but writes ``xmp:ModifyDate`` and
``xmp:MetadataDate`` from the clock: two renders of one document a second apart differed in
those bytes. Its supported way out is ``FPDF.set_xmp_metadata``: we give it the same packet
body it would write (no ``<?xpacket>`` wrapper, fpdf2 adds it), with the three dates equal to
the issue date. In PDF/A mode fpdf2 writes no /Info dictionary, so the XMP is the only place
the dates live and nothing can disagree with it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape


def _texto(valor: str) -> str:
    return escape(valor, quote=True).replace("'", "&apos;")


def xmp_pdfa(titulo: str, creador: str, fecha: datetime, parte: int = 3, conformidad: str = "B"):
    """The XMP packet body of a PDF/A-``parte````conformidad`` dated ``fecha`` (UTC, seconds)."""
    momento = _texto(fecha.astimezone(UTC).isoformat(timespec="seconds"))
    return "\n".join(
        [
            '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="fpdf2">',
            "  <rdf:RDF",
            '    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"',
            '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
            '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
            '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
            '    <rdf:Description rdf:about=""',
            f'        xmp:CreatorTool="{_texto(creador)}"',
            f'        xmp:CreateDate="{momento}"',
            f'        xmp:ModifyDate="{momento}"',
            f'        xmp:MetadataDate="{momento}"',
            "      >",
            f"      <pdfaid:part>{parte}</pdfaid:part>",
            f"      <pdfaid:conformance>{_texto(conformidad)}</pdfaid:conformance>",
            "      <dc:title><rdf:Alt>",
            f'        <rdf:li xml:lang="x-default">{_texto(titulo)}</rdf:li>',
            "      </rdf:Alt></dc:title>",
            "    </rdf:Description>",
            "  </rdf:RDF>",
            "</x:xmpmeta>",
        ]
    )
