"""This run's test keys: cuentas' signing key (trusted through the JWKS) and the internal key.

One folder per test process (created on first use, removed at exit), in the format cuentas
itself keeps (``services.cuentas.adapters.claves``): the in-process cuentas app signs with it,
so do the token helpers of ``tests.integration.datos``, and every service's ``JWKS_URL``
points at its ``jwks.json``.
"""

from __future__ import annotations

import atexit
import functools
import secrets
import shutil
import tempfile
from pathlib import Path


@functools.cache
def carpeta() -> Path:
    from services.cuentas.adapters.claves import asegurar

    ruta = Path(tempfile.mkdtemp(prefix="mc-claves-cuentas-"))
    atexit.register(shutil.rmtree, ruta, True)
    asegurar(ruta)
    return ruta


@functools.cache
def clave_servicios() -> str:
    """This run's internal key (real mode refuses the development one)."""
    return secrets.token_hex(32)


def entorno() -> dict[str, str]:
    """The variables that make a service sign (cuentas) or verify (all) with the test keys."""
    return {
        "CLAVES_CUENTAS_DIR": str(carpeta()),
        "JWKS_URL": (carpeta() / "jwks.json").as_uri(),
        "CLAVE_SERVICIOS": clave_servicios(),
    }
