"""Where PDFs are kept: an interface, and a local directory implementation."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol


class AlmacenPdf(Protocol):
    def guardar(self, codigo_virtual: str, contenido: bytes) -> None: ...

    def leer(self, codigo_virtual: str) -> bytes | None: ...


class AlmacenLocal:
    """PDFs as files under one folder, two levels of sub-folders to keep folders small."""

    def __init__(self, carpeta: Path):
        self.carpeta = Path(carpeta)

    def _ruta(self, codigo: str) -> Path:
        return self.carpeta / codigo[:2] / codigo[2:4] / f"{codigo}.pdf"

    def guardar(self, codigo_virtual: str, contenido: bytes) -> None:
        """Write atomically: a reader never sees half a PDF."""
        ruta = self._ruta(codigo_virtual)
        ruta.parent.mkdir(parents=True, exist_ok=True)
        fd, temporal = tempfile.mkstemp(dir=ruta.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as archivo:
            archivo.write(contenido)
        os.replace(temporal, ruta)

    def leer(self, codigo_virtual: str) -> bytes | None:
        ruta = self._ruta(codigo_virtual)
        return ruta.read_bytes() if ruta.exists() else None
