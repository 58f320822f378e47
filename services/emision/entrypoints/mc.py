"""The `mc` subcommands of emision: `mc claves rotar|asegurar|listar` (certificate seals)."""

from __future__ import annotations

import argparse
import json

from shared.config import Config


def cmd_claves(args) -> int:
    """Rotate the emision signing key, make sure one exists, or list the public keys."""
    from services.emision.adapters.certificados_firma import crear_certificado_nuevo
    from services.emision.adapters.firma_pdf import asegurar_ca_local
    from shared.llavero import Llavero, rotar

    config = Config.desde_entorno("emision")
    carpeta = config.firma_dir
    if args.accion == "rotar":
        print(f"clave activa: {rotar(carpeta)} (en {carpeta})")
        if config.pades_certificado is None:  # the local CA issues the next PDF certificate
            serie = crear_certificado_nuevo(carpeta / "pades")
            print(f"certificado de firma PDF activo: serie {serie}")
    elif args.accion == "asegurar":
        nueva = rotar(carpeta, solo_si_no_hay=True)
        print(f"clave creada: {nueva}" if nueva else f"ya hay una clave activa en {carpeta}")
        # no issuer certificate (file or HSM) configured: a local CA
        if config.pades_certificado is None and config.pades_pkcs11_modulo is None:
            print(f"CA local de firma PDF: {asegurar_ca_local(carpeta)}")
    for clave in Llavero(carpeta).publicas():
        print(json.dumps(clave, ensure_ascii=False))
    return 0


def registrar(sub: argparse._SubParsersAction) -> None:
    """Add emision's subcommands to the `mc` parser."""
    s = sub.add_parser("claves", help="claves de firma de los certificados (emisión)")
    s.add_argument("accion", choices=["rotar", "asegurar", "listar"])
    s.set_defaults(func=cmd_claves)
