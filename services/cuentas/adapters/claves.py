"""The Ed25519 keys cuentas signs access tokens with, and the JWKS it publishes.

A folder (``CLAVES_CUENTAS_DIR``, a mounted secret in production) holds ``claves.json`` (the
active kid, each key's public JWK, when it was created and retired), one ``<kid>.pem`` private
key for the active key only (mode 0600) and ``jwks.json``, the public set the other services
read in embedded mode and tests. Rotating makes a new key active and deletes the old private
key; the old public key stays published until every token it signed has expired.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.auth import ALGORITMO, VIDA_MAXIMA
from shared.carpeta_de_claves import CarpetaDeClaves, escribir

JWKS = "jwks.json"
# A retired key is published this long after retirement: the longest token plus clock skew.
PUBLICADA_TRAS_RETIRO = timedelta(seconds=VIDA_MAXIMA + 120)


class SinClaveDeCuentas(RuntimeError):
    """No active key: create one with `mc claves-cuentas asegurar`."""


class LlaveroCuentas(CarpetaDeClaves):
    """The key ring of a folder, re-read when it changes: a rotation reaches every process."""

    PREFIJO_KID = "cuentas-"
    BYTES_ALEATORIOS_KID = 4

    @classmethod
    def asegurado(cls, carpeta: Path) -> LlaveroCuentas:
        """The key ring, with a first key created when there is none."""
        asegurar(carpeta)
        return cls(carpeta)

    def firmar(self, claims: dict) -> str:
        """A compact JWS of ``claims`` with the active key, its kid in the header."""
        activa = self._privada_activa()
        if activa is None:
            raise SinClaveDeCuentas(
                f"No hay clave activa en {self.carpeta}: ejecute `mc claves-cuentas asegurar`."
            )
        privada, kid = activa
        return jwt.encode(claims, privada, algorithm=ALGORITMO, headers={"kid": kid})

    def jwks(self, ahora: datetime | None = None) -> dict:
        """The public keys that still verify: the active one and recently retired ones."""
        self._refrescar()
        return jwks_publicado(self._datos, ahora or datetime.now(UTC))

    @staticmethod
    def _anotar(datos: dict, kid: str, publica: Ed25519PublicKey, ahora: datetime) -> dict:
        """Retire the previous key at ``ahora``; forget keys no longer published."""
        anterior = datos["activa"]
        if anterior:
            datos["claves"][anterior]["retirada_en"] = ahora.isoformat()
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(publica))
        datos["claves"][kid] = {"jwk": jwk, "creada_en": ahora.isoformat(), "retirada_en": None}
        datos["activa"] = kid
        datos["claves"] = {
            k: c for k, c in datos["claves"].items() if k in jwks_ids(datos, ahora) or k == kid
        }
        return datos

    @staticmethod
    def _sin_rotar(carpeta: Path, datos: dict) -> None:
        _publicar(carpeta, datos)  # refresh jwks.json: retired keys may have expired

    @staticmethod
    def _tras_rotar(carpeta: Path, datos: dict, anterior: str | None) -> None:
        _publicar(carpeta, datos)
        if anterior:
            with contextlib.suppress(FileNotFoundError):
                (carpeta / f"{anterior}.pem").unlink()  # a retired key must never sign again


def jwks_publicado(datos: dict, ahora: datetime) -> dict:
    claves = []
    for kid, c in sorted(datos["claves"].items(), key=lambda kv: kv[1]["creada_en"], reverse=True):
        retirada = c.get("retirada_en")
        if retirada and datetime.fromisoformat(retirada) + PUBLICADA_TRAS_RETIRO < ahora:
            continue
        claves.append({**c["jwk"], "kid": kid, "alg": ALGORITMO, "use": "sig"})
    return {"keys": claves}


def asegurar(carpeta: Path) -> str | None:
    """Create a first key when the folder has none; returns its kid, or None if one existed."""
    return rotar(carpeta, solo_si_no_hay=True)


def rotar(carpeta: Path, solo_si_no_hay: bool = False) -> str | None:
    """A new active key; the previous one signs no more. Safe across processes."""
    return LlaveroCuentas.rotar_carpeta(carpeta, solo_si_no_hay)


def jwks_ids(datos: dict, ahora: datetime) -> set[str]:
    return {c["kid"] for c in jwks_publicado(datos, ahora)["keys"]}


def _publicar(carpeta: Path, datos: dict) -> None:
    """Write jwks.json when what it should hold changed (retired keys expire)."""
    contenido = json.dumps(jwks_publicado(datos, datetime.now(UTC)), indent=2).encode()
    ruta = carpeta / JWKS
    if not ruta.exists() or ruta.read_bytes() != contenido:
        escribir(ruta, contenido, modo=0o644)
