"""Benchmark (a): the certificate renderer alone, one process, a typical five-grade secundaria CE.

    .venv/bin/python bench/renderizador.py [--documentos 300] [--rondas 5] [--sin-firma]
                                           [--tsa URL] [--referencia [REV]]

By default each PDF carries its Verifiable Credential (VC-JOSE) and is PAdES-signed, as emision
issues it; --sin-firma measures the bare fpdf2 renderer (the yardstick of issue 18's "20 %").
--tsa URL measures B-B and B-T (each signature timestamped by that RFC 3161 TSA) in one run,
rounds interleaved, with their ratio: the TSA's round trip is what B-T adds.
--referencia [REV] (default d4e33c3, the renderer before issue 18) is issue 18's before/after in
one run: REV's tree is exported with ``git archive`` to a temporary folder and its renderer runs
in its own process (its own sys.path, this venv); today's bare renderer and today's full issuing
path (VC + PAdES) run in two more processes. Rounds are alternated (REV, bare, full, REV, …) so
all three see the same machine load; prints each median and today/REV (issue 18: ≥ 0.80).

Prints certificates per second per round and their median. The document is the demo's: five
vigesimal grades of eleven DCN areas, one exonerated, with the signed seal in its QR.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from herramientas.demo import ESTUDIANTE, IE, grados_demo  # noqa: E402
from services.emision.adapters.credencial_jose import EmisorCredencial  # noqa: E402
from services.emision.adapters.firma_pdf import (  # noqa: E402
    RenderizadorFirmado,
    cargar_firmante,
    cliente_tsa,
)
from services.emision.adapters.pdf import RenderizadorPdf  # noqa: E402
from services.emision.domain.documento import (  # noqa: E402
    DocumentoCertificado,
    documento_a_dict,
    documento_desde_dict,
)
from shared.identificadores import agrupar, nuevo_codigo_virtual  # noqa: E402
from shared.llavero import Llavero  # noqa: E402
from shared.sello import Sello, huella_contenido  # noqa: E402


def documento_tipico(llavero: Llavero) -> DocumentoCertificado:
    """The demo student's five-grade secundaria CE, sealed as emission seals it."""
    codigo = nuevo_codigo_virtual()
    emitido_en = datetime.now(UTC).replace(microsecond=0)
    url = f"https://micertificado.example.pe/v/{agrupar(codigo)}"
    doc = documento_desde_dict(
        {
            "codigo_virtual": agrupar(codigo),
            "numero_solicitud": 12345,
            "emitido_en": emitido_en,
            "url_verificacion": url,
            "modalidad": "EBR",
            "nivel": "SECUNDARIA",
            "estudiante": {
                k: ESTUDIANTE[k]
                for k in (
                    "tipo_documento",
                    "numero_documento",
                    "nombres",
                    "primer_apellido",
                    "segundo_apellido",
                )
            },
            "nombre_institucion": IE["nombre"],
            "grados": [{**datos, "grado": grado} for grado, datos in grados_demo()],
            # Its position in the status lists: the VC carries credentialStatus, as issued.
            "lista_estado": 1,
            "indice_estado": 94_567,
        }
    )
    sello = llavero.firmar(Sello(codigo, emitido_en, huella_contenido(documento_a_dict(doc)), "-"))
    return replace(doc, contenido_qr=f"{url}?s={sello.empaquetar()}")


def _renderizador(carpeta: Path, llavero: Llavero, firmar: bool, tsa: str | None = None):
    renderizador = RenderizadorPdf()
    if not firmar:
        return renderizador
    sellado = cliente_tsa(tsa) if tsa else None
    firmante = cargar_firmante(carpeta, crear_si_falta=True, tsa=sellado)
    credenciales = EmisorCredencial(llavero, "https://example.pe", "https://example.pe/c")
    return RenderizadorFirmado(renderizador, firmante, credenciales)


def _ronda(renderizador, llavero: Llavero, documentos: int) -> float:
    lote = [documento_tipico(llavero) for _ in range(documentos)]
    inicio = time.perf_counter()
    for doc in lote:
        renderizador.renderizar(doc)
    return documentos / (time.perf_counter() - inicio)


def medir(documentos: int, rondas: int, firmar: bool = True) -> list[float]:
    """Certificates per second of each round (a fresh document each time, as in production)."""
    with tempfile.TemporaryDirectory() as carpeta:
        llavero = Llavero.cargar(Path(carpeta), crear_si_falta=True)
        renderizador = _renderizador(Path(carpeta), llavero, firmar)
        renderizador.renderizar(documento_tipico(llavero))  # warm-up: fonts prepared once
        return [_ronda(renderizador, llavero, documentos) for _ in range(rondas)]


def medir_con_tsa(documentos: int, rondas: int, tsa: str) -> tuple[list[float], list[float]]:
    """B-B and B-T rounds, interleaved so both see the same machine load."""
    with tempfile.TemporaryDirectory() as carpeta:
        llavero = Llavero.cargar(Path(carpeta), crear_si_falta=True)
        b_b = _renderizador(Path(carpeta), llavero, True)
        b_t = _renderizador(Path(carpeta), llavero, True, tsa)
        for r in (b_b, b_t):
            r.renderizar(documento_tipico(llavero))  # warm-up (B-T: its first token too)
        pares = [
            (_ronda(b_b, llavero, documentos), _ronda(b_t, llavero, documentos))
            for _ in range(rondas)
        ]
        return [p[0] for p in pares], [p[1] for p in pares]


REFERENCIA = "d4e33c3"  # the renderer before issue 18 began
RAIZ = Path(__file__).resolve().parent.parent

# Runs in a process of its own, in the tree given as argv[1] (this one or an exported revision):
# it imports that tree's bench module and renderer, then answers each "N" on stdin with the
# CE/s of a round of N fresh documents. argv[2]: "firma" (VC + PAdES, today only) or "sin-firma".
_TRABAJADOR = """
import sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import bench.renderizador as b
import services.emision.adapters.pdf as pdf
assert Path(pdf.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), pdf.__file__
with tempfile.TemporaryDirectory() as carpeta:
    llavero = b.Llavero.cargar(Path(carpeta), crear_si_falta=True)
    if sys.argv[2] == "firma":
        renderizador = b._renderizador(Path(carpeta), llavero, True)
    else:
        renderizador = pdf.RenderizadorPdf()
    renderizador.renderizar(b.documento_tipico(llavero))
    print("listo", flush=True)
    for linea in sys.stdin:
        lote = [b.documento_tipico(llavero) for _ in range(int(linea))]
        inicio = time.perf_counter()
        for doc in lote:
            renderizador.renderizar(doc)
        print(len(lote) / (time.perf_counter() - inicio), flush=True)
"""


def _exportar(revision: str, destino: Path) -> None:
    """The tree of ``revision`` (git archive) unpacked in ``destino``; the repo is untouched."""
    archivo = subprocess.run(
        ["git", "-C", str(RAIZ), "archive", "--format=tar", revision],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archivo)) as tar:
        tar.extractall(destino, filter="data")


def _trabajador(raiz: Path, modo: str) -> subprocess.Popen:
    proceso = subprocess.Popen(
        [sys.executable, "-c", _TRABAJADOR, str(raiz), modo],
        cwd=raiz,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if proceso.stdout.readline().strip() != "listo":
        raise RuntimeError(f"el renderizador de {raiz} ({modo}) no arrancó")
    return proceso


def _ronda_en(proceso: subprocess.Popen, documentos: int) -> float:
    proceso.stdin.write(f"{documentos}\n")
    proceso.stdin.flush()
    return float(proceso.stdout.readline())


def medir_simultaneo(procesos: int, documentos: int, rondas: int) -> list[float]:
    """CE/s of today's full issuing path in ``procesos`` processes at once, per round: all the
    cores busy, as in a bulk run (a core alone may run faster than two together: shared caches,
    frequency). Each round: the documents of all processes over the slowest one's time."""
    trabajadores = [_trabajador(RAIZ, "firma") for _ in range(procesos)]
    try:
        resultados = []
        for _ in range(rondas):
            inicio = time.perf_counter()
            for t in trabajadores:
                t.stdin.write(f"{documentos}\n")
                t.stdin.flush()
            for t in trabajadores:
                t.stdout.readline()
            resultados.append(procesos * documentos / (time.perf_counter() - inicio))
        return resultados
    finally:
        for t in trabajadores:
            t.stdin.close()
            t.wait()


def medir_contra(revision: str, documentos: int, rondas: int) -> dict[str, list[float]]:
    """CE/s per round of REV's renderer, today's bare renderer and today's full issuing path."""
    with tempfile.TemporaryDirectory() as temporal:
        arbol = Path(temporal) / "arbol"
        _exportar(revision, arbol)
        nombres = (f"{revision} (antes)", "hoy sin firma", "hoy + VC + firma PAdES")
        procesos = [
            _trabajador(arbol, "sin-firma"),
            _trabajador(RAIZ, "sin-firma"),
            _trabajador(RAIZ, "firma"),
        ]
        try:
            resultados: dict[str, list[float]] = {n: [] for n in nombres}
            for _ in range(rondas):
                for nombre, proceso in zip(nombres, procesos, strict=True):
                    resultados[nombre].append(_ronda_en(proceso, documentos))
            return resultados
        finally:
            for proceso in procesos:
                proceso.stdin.close()
                proceso.wait()


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documentos", type=int, default=300)
    parser.add_argument("--rondas", type=int, default=5)
    parser.add_argument("--sin-firma", action="store_true", help="sin la firma PAdES")
    parser.add_argument("--tsa", help="URL de una TSA RFC 3161: mide B-B y B-T lado a lado")
    parser.add_argument(
        "--referencia",
        nargs="?",
        const=REFERENCIA,
        metavar="REV",
        help=f"compara con el renderizador de REV (por omisión {REFERENCIA}) en la misma corrida",
    )
    args = parser.parse_args(argv)
    if args.referencia:
        resultados = medir_contra(args.referencia, args.documentos, args.rondas)
        print(f"antes/después (1 proceso cada uno, {args.documentos} CE x {args.rondas} rondas)")
        medianas = {n: statistics.median(v) for n, v in resultados.items()}
        for nombre, valores in resultados.items():
            detalle = ", ".join(f"{v:.0f}" for v in valores)
            print(
                f"  {nombre}: {detalle} CE/s; mediana {medianas[nombre]:.1f} CE/s "
                f"({1000 / medianas[nombre]:.1f} ms/CE)"
            )
        antes, sin_firma, completo = medianas.values()
        print(f"  hoy sin firma / antes: {sin_firma / antes:.2f}")
        print(f"  hoy + VC + firma / antes: {completo / antes:.2f} (issue 18: >= 0.80)")
        return completo / antes
    if args.tsa:
        b_b, b_t = medir_con_tsa(args.documentos, args.rondas, args.tsa)
        cabecera = (
            f"renderizador + VC + firma (1 proceso, {args.documentos} CE x {args.rondas} rondas)"
        )
        print(cabecera)
        for nombre, valores in (("B-B", b_b), ("B-T", b_t)):
            detalle = ", ".join(f"{v:.0f}" for v in valores)
            print(f"  {nombre}: {detalle} CE/s; mediana {statistics.median(valores):.0f} CE/s")
        print(f"  B-T / B-B: {statistics.median(b_t) / statistics.median(b_b):.2f}")
        return statistics.median(b_t)
    por_ronda = medir(args.documentos, args.rondas, firmar=not args.sin_firma)
    mediana = statistics.median(por_ronda)
    variante = "sin firma" if args.sin_firma else "+ VC + firma PAdES"
    print(
        f"renderizador {variante} (1 proceso, {args.documentos} CE x {args.rondas} rondas): "
        + ", ".join(f"{v:.0f}" for v in por_ronda)
        + f" CE/s; mediana {mediana:.0f} CE/s"
    )
    return mediana


if __name__ == "__main__":
    main()
