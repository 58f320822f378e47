"""Response schemas of cuentas' routes that had none (they document the OpenAPI)."""

from __future__ import annotations

from shared.campos import Anidado, Esquema, Lista, Texto
from shared.esquemas_comunes import enum_de


class ClaveJwkSalida(Esquema):
    """An Ed25519 public key as RFC 8037 writes it (OKP)."""

    kty = Texto(metadata=enum_de(("OKP",)))
    crv = Texto(metadata=enum_de(("Ed25519",)))
    x = Texto()
    kid = Texto()
    alg = Texto(metadata=enum_de(("EdDSA",)))
    use = Texto(metadata=enum_de(("sig",)))


class JwksSalida(Esquema):
    keys = Lista(Anidado(ClaveJwkSalida))
