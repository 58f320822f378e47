"""`mc`: the operations command line (migrate, relay, tokens, dead letters, local run)."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from datetime import UTC, datetime

from sqlalchemy import MetaData, select, update

from shared import bitacora, metricas
from shared.auth import ROLES, Usuario
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


# The sweepers `mc relay` runs besides the outbox: module with crear(config), per service.
BARRIDOS = {
    "notificaciones": "services.notificaciones.service_layer.barrido",
    "solicitudes": "services.solicitudes.service_layer.reconciliacion",
}


def cmd_relay(args) -> int:
    """Publish every service's outbox, and run its sweepers, until SIGTERM/SIGINT."""
    import importlib

    from shared.bus import PublicadorCelery, crear_celery, profundidad_de_colas
    from shared.outbox import Relay, correr

    relays, barridos = [], []
    for servicio in _servicios(args.servicios):
        config = Config.desde_entorno(servicio)
        publicador = PublicadorCelery(crear_celery(config))
        relays.append(Relay(servicio, crear_engine(config), publicador))
        if servicio in BARRIDOS and not args.sin_barridos:
            barridos.append(importlib.import_module(BARRIDOS[servicio]).crear(config))
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


def cmd_token(args) -> int:
    """Print a staff token signed with the cuentas key file (development and automation)."""
    from services.cuentas.entrypoints.cli import firmar_token

    usuario = Usuario(
        sub=args.sub,
        rol=args.rol,
        codigo_modular=args.codigo_modular,
        anexo=args.anexo,
        codigo_ugel=args.codigo_ugel,
        nombre=args.nombre,
        niveles=tuple(args.niveles or ()),
    )
    try:
        print(firmar_token(Config.desde_entorno("cuentas"), usuario, args.minutos * 60))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_claves_cuentas(args) -> int:
    """Make sure cuentas has a signing key, or rotate it; print the published JWKS."""
    from services.cuentas.entrypoints.cli import claves

    nueva, jwks = claves(Config.desde_entorno("cuentas"), args.accion)
    if nueva:
        print(f"clave activa: {nueva}")
    print(json.dumps(jwks, ensure_ascii=False, indent=2))
    return 0


def cmd_cuentas(args) -> int:
    """Create an account from the command line (the first OPERACIONES of an installation)."""
    from services.cuentas.entrypoints.cli import crear_cuenta
    from shared.errores import ErrorDeDominio

    datos = {
        k: getattr(args, k)
        for k in ("usuario", "nombres", "apellidos", "correo", "rol", "codigo_modular", "anexo")
    }
    datos.update(niveles=tuple(args.niveles or ()), codigo_ugel=args.codigo_ugel)
    datos["nombres"], datos["apellidos"] = datos["nombres"].upper(), datos["apellidos"].upper()
    try:
        r = crear_cuenta(Config.desde_entorno("cuentas"), datos, args.clave)
    except (ErrorDeDominio, ValueError) as exc:
        print(f"error: {getattr(exc, 'mensaje', exc)}", file=sys.stderr)
        return 2
    print(f"  {r['cuenta']['rol']}: usuario {r['cuenta']['usuario']} · clave {r['clave']}")
    if r["totp_secreto"]:
        print(f"    TOTP: secreto {r['totp_secreto']} · {r['totp_uri']}")
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


def cmd_claves(args) -> int:
    """Rotate the emision signing key, make sure one exists, or list the public keys."""
    from services.emision.adapters.firma import Llavero, rotar

    carpeta = Config.desde_entorno("emision").firma_dir
    if args.accion == "rotar":
        print(f"clave activa: {rotar(carpeta)} (en {carpeta})")
    elif args.accion == "asegurar":
        nueva = rotar(carpeta, solo_si_no_hay=True)
        print(f"clave creada: {nueva}" if nueva else f"ya hay una clave activa en {carpeta}")
    for clave in Llavero(carpeta).publicas():
        print(json.dumps(clave, ensure_ascii=False))
    return 0


def cmd_identidad(args) -> int:
    """Load the identity registry (solicitudes) from CSV files."""
    from pathlib import Path

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
    import os

    from services.solicitudes.entrypoints.cli_lote import seguir

    token = args.token or os.environ.get("MC_TOKEN")
    if not token:
        print("indique --token o MC_TOKEN (un token de personal: mc token …)", file=sys.stderr)
        return 2
    return seguir(args.url.rstrip("/"), token, args.lote, args.intervalo)


def cmd_smtp_local(args) -> int:
    from shared import smtp_local

    return smtp_local.main(args.resto) or 0


def cmd_correos(args) -> int:
    """Failed mail of notificaciones: list, replay one, replay by filter."""
    from services.notificaciones.entrypoints import cli as correos

    return correos.main(args.resto)


def cmd_run(args) -> int:
    from shared import lanzador

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
    s = sub.add_parser("token", help="emite un token de personal para uso local")
    s.add_argument("--rol", required=True, choices=ROLES)
    s.add_argument("--sub", required=True, help="usuario (p. ej. su DNI)")
    s.add_argument("--codigo-modular")
    s.add_argument("--anexo")
    s.add_argument("--codigo-ugel", help="código de la UGEL (6 dígitos, p. ej. 150103)")
    s.add_argument("--nombre", help="nombre a mostrar (APELLIDOS, NOMBRES)")
    s.add_argument("--niveles", nargs="*", help="niveles que atiende un director")
    s.add_argument("--minutos", type=int, default=15, choices=range(1, 16), metavar="1-15")
    s.set_defaults(func=cmd_token)
    s = sub.add_parser("claves-cuentas", help="claves con que cuentas firma los tokens (JWKS)")
    s.add_argument("accion", choices=["asegurar", "rotar", "listar"])
    s.set_defaults(func=cmd_claves_cuentas)
    s = sub.add_parser("cuentas", help="cuentas del personal (p. ej. la primera de OPERACIONES)")
    s.add_argument("accion", choices=["crear"])
    s.add_argument("--usuario", required=True, help="número de documento")
    s.add_argument("--nombres", required=True)
    s.add_argument("--apellidos", required=True)
    s.add_argument("--correo", required=True)
    s.add_argument("--rol", required=True, choices=ROLES)
    s.add_argument("--codigo-modular")
    s.add_argument("--anexo")
    s.add_argument("--niveles", nargs="*")
    s.add_argument("--codigo-ugel", help="código de la UGEL (6 dígitos, p. ej. 150103)")
    s.add_argument("--clave", help="si se omite, se genera una y se muestra una vez")
    s.set_defaults(func=cmd_cuentas)
    s = sub.add_parser("fallidos", help="mensajes que no se pudieron procesar")
    s.add_argument("accion", choices=["listar", "reprocesar"])
    s.add_argument("servicio", choices=SERVICIOS)
    s.add_argument("id", nargs="?", type=int)
    s.add_argument("--limite", type=int, default=50)
    s.set_defaults(func=cmd_fallidos)
    s = sub.add_parser("claves", help="claves de firma de los certificados (emisión)")
    s.add_argument("accion", choices=["rotar", "asegurar", "listar"])
    s.set_defaults(func=cmd_claves)
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
    s = sub.add_parser("smtp-local", help="servidor SMTP local que guarda los correos en var/")
    s.add_argument("resto", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_smtp_local)
    s = sub.add_parser(
        "correos",
        help="correos fallidos: fallidos | reenviar ID | reenviar-fallidos (filtros)",
    )
    s.add_argument("resto", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_correos)
    s = sub.add_parser("run", help="levanta todo en modo embebido y emite un certificado demo")
    s.set_defaults(func=cmd_run)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Every line names the request it belongs to: JSON for the relay (a daemon), text for a
    # person at a terminal; MC_LOG_FORMATO overrides either.
    relay = argv[:1] == ["relay"]
    bitacora.configurar("relay" if relay else "mc", formato=None if relay else "texto")
    if argv[:1] == ["correos"]:  # argparse's REMAINDER would not pass on a leading "-h"
        return cmd_correos(argparse.Namespace(resto=argv[1:]))
    args = construir_parser().parse_args(argv)
    if args.comando == "fallidos" and args.accion == "reprocesar" and args.id is None:
        raise SystemExit("indique el id del mensaje a reprocesar")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
