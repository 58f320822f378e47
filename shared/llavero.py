"""Ed25519 signing key rings: one active key, older ones kept public so older artefacts verify.

emision signs the QR seals and the Verifiable Credentials with its ring; verificacion signs its
Bitstring Status List credentials with a ring of its own (docs/glosario.md, "lista de estado").

A folder holds ``claves.json`` (which key is active, each key's public half and validity
window) and one ``<kid>.pem`` private key per key (mode 0600). Rotating adds a key, makes it
active and closes the previous one's window: it signs no more, but still verifies.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.sello import Sello, verificar_firma

INDICE = "claves.json"


class SinClaveDeFirma(RuntimeError):
    """No active signing key: create one with `mc claves rotar`."""


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode("ascii")


class Llavero:
    """The key ring read from a folder."""

    def __init__(self, carpeta: Path):
        self.carpeta = Path(carpeta)
        self._marca: float | None = None
        self.activa: str | None = None
        self._claves: dict = {}
        self._privada: Ed25519PrivateKey | None = None
        self._refrescar()

    def _refrescar(self) -> None:
        """Re-read the index when it changed: a rotation reaches running workers at once."""
        indice = self.carpeta / INDICE
        marca = indice.stat().st_mtime_ns if indice.exists() else None
        if marca == self._marca:
            return
        datos = json.loads(indice.read_text()) if marca else {"activa": None, "claves": {}}
        self._marca, self.activa, self._claves = marca, datos["activa"], datos["claves"]
        self._privada = None

    @classmethod
    def cargar(cls, carpeta: Path, crear_si_falta: bool = False) -> Llavero:
        """The key ring; in embedded mode a first key is created when there is none."""
        llavero = cls(carpeta)
        if llavero.activa is None and crear_si_falta:
            rotar(carpeta, solo_si_no_hay=True)
            llavero = cls(carpeta)
        return llavero

    def firmar(self, sello: Sello) -> Sello:
        """The seal signed with the active key (its kid set to that key)."""
        privada, kid = self._activa()
        sello = Sello(sello.codigo_virtual, sello.emitido_en, sello.huella, kid)
        return sello.firmado(privada.sign(sello.mensaje()))

    def firmar_datos(self, datos: bytes) -> tuple[str, bytes]:
        """(kid, Ed25519 signature) of other signed artefacts (the credential's JWS input)."""
        privada, kid = self._activa()
        return kid, privada.sign(datos)

    def _activa(self) -> tuple[Ed25519PrivateKey, str]:
        self._refrescar()
        if self.activa is None:
            raise SinClaveDeFirma(
                f"No hay clave de firma activa en {self.carpeta}: ejecute `mc claves rotar`."
            )
        if self._privada is None:
            pem = (self.carpeta / f"{self.activa}.pem").read_bytes()
            self._privada = serialization.load_pem_private_key(pem, password=None)
        return self._privada, self.activa

    def rotar(self) -> str:
        """A new active key in this folder (the previous one retired, still published)."""
        kid = rotar(self.carpeta)
        self._refrescar()
        return kid

    def verificar(self, sello: Sello) -> bool:
        """Signature valid, by a known key, dated within that key's window."""
        return verificar_firma(sello, self.publicas())

    def publicas(self) -> list[dict]:
        """Every key's public half and validity window, newest first."""
        self._refrescar()
        return [
            {
                "kid": kid,
                "algoritmo": "Ed25519",
                "clave_publica": c["publica"],
                "valido_desde": c["valido_desde"],
                "valido_hasta": c["valido_hasta"],
                "activa": kid == self.activa,
            }
            for kid, c in sorted(
                self._claves.items(), key=lambda kv: kv[1]["valido_desde"], reverse=True
            )
        ]


def rotar(carpeta: Path, solo_si_no_hay: bool = False) -> str | None:
    """Create a new active key; the previous one stops signing. Safe across processes."""
    carpeta = Path(carpeta)
    carpeta.mkdir(parents=True, exist_ok=True)
    with open(carpeta / ".bloqueo", "w") as bloqueo:
        fcntl.flock(bloqueo, fcntl.LOCK_EX)  # two processes starting at once make one key
        llavero = Llavero(carpeta)
        if solo_si_no_hay and llavero.activa is not None:
            return None
        ahora = datetime.now(UTC).replace(microsecond=0)
        kid = f"{ahora:%Y%m%d}-{secrets.token_hex(3)}"
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
        claves = dict(llavero._claves)
        if llavero.activa:
            claves[llavero.activa] = {**claves[llavero.activa], "valido_hasta": ahora.isoformat()}
        publica = privada.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        claves[kid] = {
            "publica": _b64(publica),
            "valido_desde": ahora.isoformat(),
            "valido_hasta": None,
        }
        _escribir(
            carpeta / INDICE,
            json.dumps({"activa": kid, "claves": claves}, indent=2).encode(),
            modo=0o644,
        )
        return kid


def _escribir(ruta: Path, datos: bytes, modo: int) -> None:
    """Atomic write with the given mode."""
    temporal = ruta.with_suffix(ruta.suffix + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        temporal.unlink()
    fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, modo)
    with os.fdopen(fd, "wb") as archivo:
        archivo.write(datos)
    os.replace(temporal, ruta)
