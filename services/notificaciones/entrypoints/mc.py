"""The `mc` subcommands of notificaciones: `mc correos …`; its relay sweeper (mail retries)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from shared.config import Config


def correos(argv: Sequence[str]) -> int:
    """`mc correos …`: failed mail (see services.notificaciones.entrypoints.cli)."""
    from services.notificaciones.entrypoints import cli

    return cli.main(list(argv))


# Commands that take the rest of the line as it is (argparse's REMAINDER would not pass on a
# leading "-h"): `mc` hands them argv unparsed.
CRUDOS = {"correos": correos}


def barrido(config: Config):
    """What `mc relay` runs besides the outbox: emails whose next attempt is due."""
    from services.notificaciones.entrypoints.tareas import encolador
    from services.notificaciones.service_layer.barrido import BarridoCorreos, politica_de
    from services.notificaciones.service_layer.unit_of_work import UnidadDeTrabajoNotificaciones
    from shared.bus import crear_celery
    from shared.db import crear_engine, crear_session_factory

    fabrica = crear_session_factory(crear_engine(config))
    return BarridoCorreos(
        lambda: UnidadDeTrabajoNotificaciones(fabrica),
        encolador(crear_celery(config)),
        politica_de(config),
    )


def registrar(sub: argparse._SubParsersAction) -> None:
    """Add notificaciones' subcommands to the `mc` parser (listed in `mc --help`)."""
    s = sub.add_parser(
        "correos",
        help="correos fallidos: fallidos | reenviar ID | reenviar-fallidos (filtros)",
    )
    s.add_argument("resto", nargs=argparse.REMAINDER)
    s.set_defaults(func=lambda args: correos(args.resto))
