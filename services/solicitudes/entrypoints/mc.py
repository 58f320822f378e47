"""The `mc` subcommands of solicitudes: `mc identidad cargar`, `mc lote ID`; its relay sweeper."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from shared.config import Config


def cmd_identidad(args) -> int:
    """Load the identity registry (solicitudes) from CSV files."""
    from services.solicitudes.entrypoints.cli import CsvInvalido, cargar

    try:
        cargados = cargar(
            Config.desde_entorno("solicitudes"),
            Path(args.personas),
            Path(args.vinculos) if args.vinculos else None,
        )
    except (CsvInvalido, OSError) as exc:
        print(f"no se cargó nada:\n{exc}", file=sys.stderr)
        return 1
    print(
        f"registro de identidad: {cargados['personas']} personas, {cargados['vinculos']} vínculos"
    )
    return 0


def cmd_lote(args) -> int:
    """Show a bulk emission's progress until it finishes."""
    from services.solicitudes.entrypoints.cli_lote import seguir

    token = args.token or os.environ.get("MC_TOKEN")
    if not token:
        print("indique --token o MC_TOKEN (un token de personal: mc token …)", file=sys.stderr)
        return 2
    return seguir(args.url.rstrip("/"), token, args.lote, args.intervalo)


def barrido(config: Config):
    """What `mc relay` runs besides the outbox: the reconciliation of stuck emissions."""
    from services.solicitudes.service_layer.reconciliacion import crear

    return crear(config)


def registrar(sub: argparse._SubParsersAction) -> None:
    """Add solicitudes' subcommands to the `mc` parser."""
    s = sub.add_parser("identidad", help="carga el registro de identidad desde CSV")
    s.add_argument("accion", choices=["cargar"])
    s.add_argument("--personas", required=True, help="CSV de personas")
    s.add_argument("--vinculos", help="CSV de padres/madres/apoderados de menores")
    s.set_defaults(func=cmd_identidad)
    s = sub.add_parser("lote", help="muestra el avance de un lote de emisión")
    s.add_argument("lote")
    s.add_argument("--url", default="http://127.0.0.1:8001", help="servicio de solicitudes")
    s.add_argument("--token", help="token de personal (o la variable MC_TOKEN)")
    s.add_argument("--intervalo", type=float, default=1.0)
    s.set_defaults(func=cmd_lote)
