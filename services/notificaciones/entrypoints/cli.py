"""`mc correos`: failed mail for operations from the command line — the API's twin.

    mc correos retrasados                      (transient failures waiting for their next attempt)
    mc correos fallidos [--desde AAAA-MM-DD] [--hasta …] [--codigo-modular …] [--motivo-falla 550]
    mc correos reenviar ID [--correo-alternativo otra@dominio.pe]
    mc correos reenviar-fallidos [mismos filtros] [--limite 500]

Input is checked by the same schemas as the API; replays go through the same handlers (same
guard: a failed email is replayed once) and the same Celery task on the worker.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence

from marshmallow import ValidationError

from services.notificaciones.adapters.repositorio import FiltroFallidos
from services.notificaciones.entrypoints import esquemas
from services.notificaciones.service_layer import comandos, handlers, vistas
from shared.auth import Usuario
from shared.errores import ErrorDeDominio
from shared.esquemas_comunes import PaginaEsquema

_FILTRO = ("desde", "hasta", "codigo_modular", "anexo", "motivo_falla")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mc correos", description="Correos fallidos: ver y reenviar")
    sub = p.add_subparsers(dest="accion", required=True)
    s = sub.add_parser("fallidos", help="lista los correos fallidos (una línea JSON por correo)")
    _filtros(s)
    s.add_argument("--pagina", type=int, default=1)
    s.add_argument("--por-pagina", type=int, default=100)
    s = sub.add_parser("retrasados", help="correos que se reintentan (una línea JSON por correo)")
    s.add_argument("--pagina", type=int, default=1)
    s.add_argument("--por-pagina", type=int, default=100)
    s = sub.add_parser("reenviar", help="reenvía un correo fallido (una sola vez)")
    s.add_argument("id", type=int)
    s.add_argument("--correo-alternativo")
    s = sub.add_parser("reenviar-fallidos", help="reenvía los fallidos que cumplen el filtro")
    _filtros(s)
    s.add_argument("--limite", type=int, default=500)
    p.add_argument("--usuario", default=None, help="quién pide el reenvío (queda registrado)")
    return p


def _filtros(s: argparse.ArgumentParser) -> None:
    s.add_argument("--desde", help="fecha de la falla, desde (AAAA-MM-DD, hora de Lima)")
    s.add_argument("--hasta", help="fecha de la falla, hasta (AAAA-MM-DD)")
    s.add_argument("--codigo-modular")
    s.add_argument("--anexo")
    s.add_argument("--motivo-falla", help="texto contenido en el motivo de la falla, p. ej. 550")


def _cargar(esquema, args, campos) -> dict:
    """Validate like the API does; None values are 'not given'."""
    crudo = {c: getattr(args, c) for c in campos if getattr(args, c) is not None}
    return esquema().load(crudo)


def _ejecutar(args, app) -> None:
    ctx = app.extensions["mc"]
    dep = app.extensions["notificaciones"]
    usuario = Usuario(f"cli:{args.usuario or getpass.getuser()}", "OPERACIONES")
    if args.accion == "fallidos":
        datos = _cargar(esquemas.ListaFallidosEsquema, args, (*_FILTRO, "pagina", "por_pagina"))
        filtro = FiltroFallidos(**{k: datos[k] for k in _FILTRO})
        pagina = vistas.fallidos(ctx.uow_factory(), filtro, datos["pagina"], datos["por_pagina"])
        for fila in pagina["correos"]:
            print(json.dumps(esquemas.CorreoSalida().dump(fila), ensure_ascii=False))
        print(f"{len(pagina['correos'])} de {pagina['total']} correos fallidos", file=sys.stderr)
    elif args.accion == "retrasados":
        datos = _cargar(PaginaEsquema, args, ("pagina", "por_pagina"))
        pagina = vistas.retrasados(ctx.uow_factory(), datos["pagina"], datos["por_pagina"])
        for fila in pagina["correos"]:
            print(json.dumps(esquemas.CorreoSalida().dump(fila), ensure_ascii=False))
        print(f"{len(pagina['correos'])} de {pagina['total']} correos retrasados", file=sys.stderr)
    elif args.accion == "reenviar":
        datos = _cargar(esquemas.ReenvioEsquema, args, ("correo_alternativo",))
        cmd = comandos.ReenviarFallido(args.id, datos["correo_alternativo"])
        print(handlers.reenviar_fallido(cmd, ctx.uow_factory(), usuario, dep)["mensaje"])
    else:
        datos = _cargar(esquemas.ReenvioMasivoEsquema, args, (*_FILTRO, "limite"))
        cmd = comandos.ReenviarFallidos(
            FiltroFallidos(**{k: datos[k] for k in _FILTRO}), datos["limite"]
        )
        resultado = handlers.reenviar_fallidos(cmd, ctx.uow_factory(), usuario, dep)
        print(f"{resultado['reenviados']} correos en cola para reenviarse: {resultado['correos']}")


def main(argv: Sequence[str] | None = None, app=None) -> int:
    """Run one `mc correos` command; 0 done, 1 refused (reason on stderr), 2 bad input."""
    args = _parser().parse_args(argv)
    propia = app is None
    if propia:
        from services.notificaciones.entrypoints.flask_app import create_app

        app = create_app()
    try:
        with app.app_context():
            _ejecutar(args, app)
    except ValidationError as exc:
        for campo, mensajes in exc.normalized_messages().items():
            print(f"error: {campo}: {' '.join(mensajes)}", file=sys.stderr)
        return 2
    except ErrorDeDominio as exc:
        print(f"error: {exc.mensaje}", file=sys.stderr)
        return 1
    finally:
        if propia:
            app.extensions["mc"].engine.dispose()
    return 0
