"""The `mc` subcommands of notas: `mc catalogo [CARPETA]` (the curricular catalog from CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_catalogo(args) -> int:
    """Reload the curricular catalog (the same as ``python -m services.notas.entrypoints.cli``)."""
    from services.notas.entrypoints.cli import main

    return main(["catalogo", *([str(args.carpeta)] if args.carpeta else [])])


def registrar(sub: argparse._SubParsersAction) -> None:
    """Add notas' subcommands to the `mc` parser."""
    s = sub.add_parser("catalogo", help="carga el catálogo curricular desde sus CSV (notas)")
    s.add_argument("carpeta", nargs="?", type=Path, help="por omisión, services/notas/catalogo")
    s.set_defaults(func=cmd_catalogo)
