"""The Ed25519 keys cuentas signs access tokens with, and the JWKS it publishes.

A folder (``CLAVES_CUENTAS_DIR``, a mounted secret in production) holds ``claves.json`` (the
active kid, each key's public JWK, when it was created and retired), one ``<kid>.pem`` private
key for the active key only (mode 0600) and ``jwks.json``, the public set the other services
read in embedded mode and tests. Rotating makes a new key active and deletes the old private
key; the old public key stays published until every token it signed has expired.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.auth import ALGORITMO, VIDA_MAXIMA

INDICE = "claves.json"
JWKS = "jwks.json"
# A retired key is published this long after retirement: the longest token plus clock skew.
PUBLICADA_TRAS_RETIRO = timedelta(seconds=VIDA_MAXIMA + 120)


class SinClaveDeCuentas(RuntimeError):
    """No active key: create one with `mc claves-cuentas asegurar`."""


class LlaveroCuentas:
    """The key ring of a folder, re-read when it changes: a rotation reaches every process."""

    def __init__(self, carpeta: Path):
        self.carpeta = Path(carpeta)
        self._marca: int | None = None
        self._datos: dict = {"activa": None, "claves": {}}
        self._privada: Ed25519PrivateKey | None = None

    @classmethod
    def asegurado(cls, carpeta: Path) -> LlaveroCuentas:
        """The key ring, with a first key created when there is none."""
        asegurar(carpeta)
        return cls(carpeta)

    def _refrescar(self) -> None:
        indice = self.carpeta / INDICE
        marca = indice.stat().st_mtime_ns if indice.exists() else None
        if marca != self._marca:
            self._datos = (
                json.loads(indice.read_text()) if marca else {"activa": None, "claves": {}}
            )
            self._marca, self._privada = marca, None

    @property
    def activa(self) -> str | None:
        self._refrescar()
        return self._datos["activa"]

    def firmar(self, claims: dict) -> str:
        """A compact JWS of ``claims`` with the active key, its kid in the header."""
        kid = self.activa
        if kid is None:
            raise SinClaveDeCuentas(
                f"No hay clave activa en {self.carpeta}: ejecute `mc claves-cuentas asegurar`."
            )
        if self._privada is None:
            pem = (self.carpeta / f"{kid}.pem").read_bytes()
            self._privada = serialization.load_pem_private_key(pem, password=None)
        return jwt.encode(claims, self._privada, algorithm=ALGORITMO, headers={"kid": kid})

    def jwks(self, ahora: datetime | None = None) -> dict:
        """The public keys that still verify: the active one and recently retired ones."""
        self._refrescar()
        return jwks_publicado(self._datos, ahora or datetime.now(UTC))


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
    carpeta = Path(carpeta)
    carpeta.mkdir(parents=True, exist_ok=True)
    with open(carpeta / ".bloqueo", "w") as bloqueo:
        fcntl.flock(bloqueo, fcntl.LOCK_EX)  # two processes starting at once make one key
        indice = carpeta / INDICE
        datos = (
            json.loads(indice.read_text()) if indice.exists() else {"activa": None, "claves": {}}
        )
        if solo_si_no_hay and datos["activa"] is not None:
            _publicar(carpeta, datos)  # refresh jwks.json: retired keys may have expired
            return None
        ahora = datetime.now(UTC).replace(microsecond=0)
        kid = f"cuentas-{ahora:%Y%m%d}-{secrets.token_hex(4)}"
        privada = Ed25519PrivateKey.generate()
        _escribir(
            carpeta / f"{kid}.pem",
            privada.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            modo=0o600,
        )
        anterior = datos["activa"]
        if anterior:
            datos["claves"][anterior]["retirada_en"] = ahora.isoformat()
        publica = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(privada.public_key()))
        datos["claves"][kid] = {"jwk": publica, "creada_en": ahora.isoformat(), "retirada_en": None}
        datos["activa"] = kid
        datos["claves"] = {
            k: c for k, c in datos["claves"].items() if k in jwks_ids(datos, ahora) or k == kid
        }
        _escribir(indice, json.dumps(datos, indent=2).encode(), modo=0o644)
        _publicar(carpeta, datos)
        if anterior:
            with contextlib.suppress(FileNotFoundError):
                (carpeta / f"{anterior}.pem").unlink()  # a retired key must never sign again
        return kid


def jwks_ids(datos: dict, ahora: datetime) -> set[str]:
    return {c["kid"] for c in jwks_publicado(datos, ahora)["keys"]}


def _publicar(carpeta: Path, datos: dict) -> None:
    """Write jwks.json when what it should hold changed (retired keys expire)."""
    contenido = json.dumps(jwks_publicado(datos, datetime.now(UTC)), indent=2).encode()
    ruta = carpeta / JWKS
    if not ruta.exists() or ruta.read_bytes() != contenido:
        _escribir(ruta, contenido, modo=0o644)


def _escribir(ruta: Path, datos: bytes, modo: int) -> None:
    """Atomic write with the given mode."""
    temporal = ruta.with_suffix(ruta.suffix + f".{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporal.unlink()
    fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, modo)
    with os.fdopen(fd, "wb") as archivo:
        archivo.write(datos)
    os.replace(temporal, ruta)
