"""The files a PDF carries inside (PDF/A-3 associated files): the certificate's credential.

Read with pyHanko's PDF reader (already the project's PDF signing library), from the
catalog's /Names /EmbeddedFiles name tree, as ``pdfdetach`` (poppler) lists them.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

NOMBRE_CREDENCIAL = "credencial.jwt"


def adjunto(pdf: bytes, nombre: str = NOMBRE_CREDENCIAL) -> bytes | None:
    """The bytes of the embedded file called ``nombre``, or None (not there, or not a PDF)."""
    try:
        raiz = PdfFileReader(io.BytesIO(pdf), strict=False).root
        nombres = raiz.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
        for i in range(0, len(nombres) - 1, 2):
            if str(nombres[i]) == nombre:
                return nombres[i + 1].get_object()["/EF"]["/F"].get_object().data
    except (PdfError, KeyError, ValueError, TypeError):
        return None
    return None
