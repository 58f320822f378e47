"""Benchmark: the PAdES signature alone, pyHanko's PdfSigner vs the one-pass signer, side by side.

    .venv/bin/python bench/firma_pdf.py [--documentos 100] [--rondas 7] [--tsa URL]

Renders ``--documentos`` typical CEs once (fpdf2 + Verifiable Credential, as emission issues
them), then signs the same PDFs with both signers in alternated rounds (pyHanko, one pass,
pyHanko, ...) so both see the same machine load. Prints ms per signature of each round, the
medians and their ratio. ``FirmantePdf.firmar`` is the one-pass path (adapters/pades.py);
``FirmantePdf.firmar_con_pyhanko`` is the signature as it was (IncrementalPdfFileWriter +
PdfSigner), same certificate, key and metadata. With --tsa URL both sign B-T against that TSA
(its round trip is then part of both).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.renderizador import documento_tipico  # noqa: E402
from services.emision.adapters.credencial_jose import EmisorCredencial  # noqa: E402
from services.emision.adapters.firma_pdf import cargar_firmante, cliente_tsa  # noqa: E402
from services.emision.adapters.pdf import RenderizadorPdf  # noqa: E402
from shared.llavero import Llavero  # noqa: E402


def _ms_por_firma(firmar, pdfs: list[bytes]) -> float:
    inicio = time.perf_counter()
    for pdf in pdfs:
        firmar(pdf)
    return (time.perf_counter() - inicio) * 1000 / len(pdfs)


def medir(documentos: int, rondas: int, tsa: str | None = None) -> dict[str, list[float]]:
    """ms per signature of each round, per signer ("pyhanko", "una_pasada")."""
    with tempfile.TemporaryDirectory() as carpeta:
        llavero = Llavero.cargar(Path(carpeta), crear_si_falta=True)
        credenciales = EmisorCredencial(llavero, "https://example.pe", "https://example.pe/c")
        renderizador = RenderizadorPdf()
        pdfs = []
        for _ in range(documentos):
            doc = documento_tipico(llavero)
            pdfs.append(renderizador.renderizar(doc, adjuntos=[credenciales.adjunto(doc)]))
        firmante = cargar_firmante(
            Path(carpeta), crear_si_falta=True, tsa=cliente_tsa(tsa) if tsa else None
        )
        firmantes = {"pyhanko": firmante.firmar_con_pyhanko, "una_pasada": firmante.firmar}
        for firmar in firmantes.values():
            firmar(pdfs[0])  # warm-up: the key parsed once, pyHanko's imports
        tiempos: dict[str, list[float]] = {nombre: [] for nombre in firmantes}
        for _ in range(rondas):
            for nombre, firmar in firmantes.items():
                tiempos[nombre].append(_ms_por_firma(firmar, pdfs))
        return tiempos


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documentos", type=int, default=100)
    parser.add_argument("--rondas", type=int, default=7)
    parser.add_argument("--tsa", help="URL de una TSA RFC 3161: ambas firmas B-T")
    args = parser.parse_args(argv)
    tiempos = medir(args.documentos, args.rondas, args.tsa)
    nivel = "B-T" if args.tsa else "B-B"
    print(f"firma PAdES {nivel} (1 proceso, {args.documentos} PDF x {args.rondas} rondas)")
    for nombre, valores in tiempos.items():
        detalle = ", ".join(f"{v:.1f}" for v in valores)
        print(f"  {nombre}: {detalle} ms/firma; mediana {statistics.median(valores):.2f} ms")
    proporcion = statistics.median(tiempos["pyhanko"]) / statistics.median(tiempos["una_pasada"])
    print(f"  pyhanko / una_pasada: {proporcion:.1f}x")
    return proporcion


if __name__ == "__main__":
    main()
