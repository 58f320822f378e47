"""`mc`: the operations command line (migrate, relay, dead letters, local run) + services' own.

Each service adds its subcommands from ``services.<servicio>.entrypoints.mc`` (tokens and
accounts: cuentas; seals: emision; identity and batches: solicitudes; failed mail:
notificaciones; the curricular catalog: notas). The platform (``shared``) knows none of this.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import logging
import signal
import sys
import threading
from datetime import UTC, datetime
from types import ModuleType

from sqlalchemy import MetaData, select, update

from shared import bitacora, metricas
from shared.config import SERVICIOS, Config
from shared.db import crear_engine, tablas_infraestructura


def _servicios(nombres: list[str]) -> list[str]:
    for nombre in nombres:
        if nombre not in SERVICIOS:
            raise SystemExit(f"servicio desconocido: {nombre} (use: {', '.join(SERVICIOS)})")
    return nombres or list(SERVICIOS)


def cmd_migrar(args) -> int:
    """Run each service's migrations up to head."""
    from shared.migraciones import migrar

    for servicio in _servicios(args.servicios):
        migrar(Config.desde_entorno(servicio))
        print(f"{servicio}: migrado")
    return 0


def cmd_revision(args) -> int:
    """Autogenerate a migration for one service from its tables (development)."""
    from alembic import command

    from shared.migraciones import alembic_config, migrar

    config = Config.desde_entorno(args.servicio)
    migrar(config)
    command.revision(alembic_config(config), message=args.m, autogenerate=True, rev_id=args.rev_id)
    return 0


def modulos_de_servicios() -> dict[str, ModuleType]:
    """Each service's `mc` module (``services.<servicio>.entrypoints.mc``), by service name.

    A service adds subcommands with ``registrar(subparsers)``, a sweeper for `mc relay` with
    ``barrido(config)`` and commands that take their argv unparsed with ``CRUDOS``.
    """
    modulos = {}
    for servicio in SERVICIOS:
        nombre = f"services.{servicio}.entrypoints.mc"
        if importlib.util.find_spec(nombre) is not None:
            modulos[servicio] = importlib.import_module(nombre)
    return modulos


def cmd_relay(args) -> int:
    """Publish every service's outbox, and run its sweepers, until SIGTERM/SIGINT."""
    from shared.bus import PublicadorCelery, crear_celery, profundidad_de_colas
    from shared.outbox import Relay, correr

    relays, barridos = [], []
    for servicio in _servicios(args.servicios):
        config = Config.desde_entorno(servicio)
        publicador = PublicadorCelery(crear_celery(config))
        relays.append(Relay(servicio, crear_engine(config), publicador))
        barrido = getattr(modulos_de_servicios().get(servicio), "barrido", None)
        if barrido is not None and not args.sin_barridos:
            barridos.append(barrido(config))
    detener = threading.Event()
    for senal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(senal, lambda *_: detener.set())
    logging.getLogger(__name__).info("relay de %s", ", ".join(r.servicio for r in relays))
    # Its own port (MC_METRICAS_PUERTO_BASE): events published, and every queue's depth.
    colas = profundidad_de_colas(Config.desde_entorno(relays[0].servicio), SERVICIOS)
    metricas.servir("relay", extras=[colas])
    correr(
        relays,
        detener,
        intervalo=args.intervalo,
        barridos=barridos,
        intervalo_barrido=Config.desde_entorno("solicitudes").barrido_intervalo,
    )
    return 0


def cmd_fallidos(args) -> int:
    """List dead-lettered messages of a service, or send one back to its queue."""
    config = Config.desde_entorno(args.servicio)
    tabla = tablas_infraestructura(MetaData())["mensajes_fallidos"]
    engine = crear_engine(config)
    try:
        if args.accion == "listar":
            _listar(engine, tabla, args.limite)
            return 0
        return _reprocesar(config, engine, tabla, args.id)
    finally:
        engine.dispose()


def _listar(engine, tabla, limite: int) -> None:
    """One JSON line per dead letter, newest first."""
    with engine.connect() as conn:
        filas = conn.execute(select(tabla).order_by(tabla.c.id.desc()).limit(limite))
        for f in filas:
            reprocesado = f.reprocesado_en.isoformat() if f.reprocesado_en else None
            fila = {
                "id": f.id,
                "type": f.type,
                "error": f.error,
                "permanente": bool(f.permanente),
                "intentos": f.intentos,
                "creado_en": f.creado_en.isoformat(),
                "reprocesado_en": reprocesado,
            }
            print(json.dumps(fila, ensure_ascii=False))


def _reprocesar(config: Config, engine, tabla, fallido_id: int) -> int:
    """Send the message back to the service's queue; consumers are idempotent."""
    from shared.bus import PublicadorCelery, crear_celery

    with engine.begin() as conn:
        fila = conn.execute(select(tabla).where(tabla.c.id == fallido_id)).first()
        if fila is None:
            print(f"no existe el mensaje fallido {fallido_id}", file=sys.stderr)
            return 1
        PublicadorCelery(crear_celery(config)).enviar(config.servicio, fila.sobre)
        conn.execute(
            update(tabla).where(tabla.c.id == fallido_id).values(reprocesado_en=datetime.now(UTC))
        )
    print(f"mensaje {fallido_id} reenviado a la cola {config.servicio}")
    return 0


def cmd_smtp_local(args) -> int:
    from herramientas import smtp_local

    return smtp_local.main(args.resto) or 0


def cmd_run(args) -> int:
    from herramientas import lanzador

    return lanzador.main()


def construir_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mc", description="Mi Certificado — operaciones")
    sub = p.add_subparsers(dest="comando", required=True)
    s = sub.add_parser("migrar", help="aplica las migraciones de los servicios")
    s.add_argument("servicios", nargs="*")
    s.set_defaults(func=cmd_migrar)
    s = sub.add_parser("revision", help="genera una migración (desarrollo)")
    s.add_argument("servicio")
    s.add_argument("-m", required=True)
    s.add_argument("--rev-id", default=None)
    s.set_defaults(func=cmd_revision)
    s = sub.add_parser("relay", help="publica el outbox de los servicios")
    s.add_argument("servicios", nargs="*")
    s.add_argument("--intervalo", type=float, default=0.2)
    s.add_argument(
        "--sin-barridos",
        action="store_true",
        help="solo el outbox: sin reintentos de correo ni reconciliación (otro relay los corre)",
    )
    s.set_defaults(func=cmd_relay)
    s = sub.add_parser("fallidos", help="mensajes que no se pudieron procesar")
    s.add_argument("accion", choices=["listar", "reprocesar"])
    s.add_argument("servicio", choices=SERVICIOS)
    s.add_argument("id", nargs="?", type=int)
    s.add_argument("--limite", type=int, default=50)
    s.set_defaults(func=cmd_fallidos)
    s = sub.add_parser("smtp-local", help="servidor SMTP local que guarda los correos en var/")
    s.add_argument("resto", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_smtp_local)
    s = sub.add_parser("run", help="levanta todo en modo embebido y emite un certificado demo")
    s.set_defaults(func=cmd_run)
    for modulo in modulos_de_servicios().values():
        modulo.registrar(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Every line names the request it belongs to: JSON for the relay (a daemon), text for a
    # person at a terminal; MC_LOG_FORMATO overrides either.
    relay = argv[:1] == ["relay"]
    bitacora.configurar("relay" if relay else "mc", formato=None if relay else "texto")
    crudos = {
        c: f for m in modulos_de_servicios().values() for c, f in getattr(m, "CRUDOS", {}).items()
    }
    if argv[:1] and argv[0] in crudos:  # argparse's REMAINDER would not pass on a leading "-h"
        return crudos[argv[0]](argv[1:])
    args = construir_parser().parse_args(argv)
    if args.comando == "fallidos" and args.accion == "reprocesar" and args.id is None:
        raise SystemExit("indique el id del mensaje a reprocesar")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
