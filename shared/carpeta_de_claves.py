"""What every Ed25519 key ring kept in a folder shares: the seal ring and cuentas' token ring.

A folder holds ``claves.json`` (the active kid and one entry per key, in each ring's own
format) and one ``<kid>.pem`` private key (PKCS8, mode 0600) per key that may sign. The index
is re-read when its mtime changes, so a rotation reaches running processes at once. Rotating
happens under an exclusive lock on ``.bloqueo`` (two processes starting at once make one key)
and every file is written atomically. A subclass says what its kid looks like, what an entry
holds, how the previous key retires and what else the folder publishes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

INDICE = "claves.json"


def _vacio() -> dict:
    return {"activa": None, "claves": {}}


def leer_indice(carpeta: Path) -> dict:
    """The folder's index, or an empty one when there is none yet."""
    indice = Path(carpeta) / INDICE
    return json.loads(indice.read_text()) if indice.exists() else _vacio()


class CarpetaDeClaves:
    """A key ring read from a folder; subclasses fill in the hooks below ``rotar_carpeta``."""

    PREFIJO_KID = ""
    BYTES_ALEATORIOS_KID = 3

    def __init__(self, carpeta: Path):
        self.carpeta = Path(carpeta)
        self._marca: int | None = None
        self._datos: dict = _vacio()
        self._privada: Ed25519PrivateKey | None = None
        self._refrescar()

    def _refrescar(self) -> None:
        """Re-read the index when it changed (and forget the loaded private key)."""
        indice = self.carpeta / INDICE
        marca = indice.stat().st_mtime_ns if indice.exists() else None
        if marca != self._marca:
            self._datos = json.loads(indice.read_text()) if marca else _vacio()
            self._marca, self._privada = marca, None

    @property
    def activa(self) -> str | None:
        """The kid that signs now, or None when the folder has no key."""
        self._refrescar()
        return self._datos["activa"]

    def _privada_activa(self) -> tuple[Ed25519PrivateKey, str] | None:
        """(private key, kid) of the active key, read from its ``<kid>.pem`` once."""
        kid = self.activa
        if kid is None:
            return None
        if self._privada is None:
            pem = (self.carpeta / f"{kid}.pem").read_bytes()
            self._privada = serialization.load_pem_private_key(pem, password=None)
        return self._privada, kid

    @classmethod
    def rotar_carpeta(cls, carpeta: Path, solo_si_no_hay: bool = False) -> str | None:
        """A new active key; the previous one signs no more. Safe across processes."""
        carpeta = Path(carpeta)
        carpeta.mkdir(parents=True, exist_ok=True)
        with open(carpeta / ".bloqueo", "w") as bloqueo:
            fcntl.flock(bloqueo, fcntl.LOCK_EX)  # two processes starting at once make one key
            datos = leer_indice(carpeta)
            if solo_si_no_hay and datos["activa"] is not None:
                cls._sin_rotar(carpeta, datos)
                return None
            ahora = datetime.now(UTC).replace(microsecond=0)
            kid = f"{cls.PREFIJO_KID}{ahora:%Y%m%d}-{secrets.token_hex(cls.BYTES_ALEATORIOS_KID)}"
            privada = Ed25519PrivateKey.generate()
            escribir(carpeta / f"{kid}.pem", pem_privada(privada), modo=0o600)
            anterior = datos["activa"]
            datos = cls._anotar(datos, kid, privada.public_key(), ahora)
            escribir(carpeta / INDICE, json.dumps(datos, indent=2).encode(), modo=0o644)
            cls._tras_rotar(carpeta, datos, anterior)
            return kid

    @staticmethod
    def _anotar(datos: dict, kid: str, publica: Ed25519PublicKey, ahora: datetime) -> dict:
        """The index with ``kid`` active and the previous active key retired at ``ahora``."""
        raise NotImplementedError

    @staticmethod
    def _sin_rotar(carpeta: Path, datos: dict) -> None:
        """What to do when ``solo_si_no_hay`` finds a key already (nothing by default)."""

    @staticmethod
    def _tras_rotar(carpeta: Path, datos: dict, anterior: str | None) -> None:
        """What to write or remove once the new index is in place (nothing by default)."""


def pem_privada(privada: Ed25519PrivateKey) -> bytes:
    """The private key as unencrypted PKCS8 PEM."""
    return privada.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def escribir(ruta: Path, datos: bytes, modo: int) -> None:
    """Atomic write with the given mode (the temporary file is this process's own)."""
    temporal = ruta.with_suffix(ruta.suffix + f".{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporal.unlink()
    fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, modo)
    with os.fdopen(fd, "wb") as archivo:
        archivo.write(datos)
    os.replace(temporal, ruta)
