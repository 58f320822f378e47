"""The `mc` subcommands of cuentas: `mc token`, `mc claves-cuentas`, `mc cuentas crear`.

herramientas.cli finds this module by the service's name and calls ``registrar``; the
work is imported only when a command runs, so `mc` starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys

from shared.auth import ROLES, Usuario
from shared.config import Config


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


def registrar(sub: argparse._SubParsersAction) -> None:
    """Add cuentas' subcommands to the `mc` parser."""
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
