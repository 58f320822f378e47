"""Ed25519 signing key rings: one active key, older ones kept public so older artefacts verify.

emision signs the QR seals and the Verifiable Credentials with its ring; verificacion signs its
Bitstring Status List credentials with a ring of its own (docs/glosario.md, "lista de estado").

A folder holds ``claves.json`` (which key is active, each key's public half and validity
window) and one ``<kid>.pem`` private key per key (mode 0600). Rotating adds a key, makes it
active and closes the previous one's window: it signs no more, but still verifies.
"""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared.carpeta_de_claves import CarpetaDeClaves
from shared.sello import Sello, verificar_firma


class SinClaveDeFirma(RuntimeError):
    """No active signing key: create one with `mc claves rotar`."""


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode("ascii")


class Llavero(CarpetaDeClaves):
    """The key ring read from a folder."""

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
        activa = self._privada_activa()
        if activa is None:
            raise SinClaveDeFirma(
                f"No hay clave de firma activa en {self.carpeta}: ejecute `mc claves rotar`."
            )
        return activa

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
        activa = self.activa
        return [
            {
                "kid": kid,
                "algoritmo": "Ed25519",
                "clave_publica": c["publica"],
                "valido_desde": c["valido_desde"],
                "valido_hasta": c["valido_hasta"],
                "activa": kid == activa,
            }
            for kid, c in sorted(
                self._datos["claves"].items(), key=lambda kv: kv[1]["valido_desde"], reverse=True
            )
        ]

    @staticmethod
    def _anotar(datos: dict, kid: str, publica: Ed25519PublicKey, ahora: datetime) -> dict:
        """Close the previous key's window at ``ahora``; the new key's opens then."""
        claves, anterior = dict(datos["claves"]), datos["activa"]
        if anterior:
            claves[anterior] = {**claves[anterior], "valido_hasta": ahora.isoformat()}
        crudo = publica.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        claves[kid] = {
            "publica": _b64(crudo),
            "valido_desde": ahora.isoformat(),
            "valido_hasta": None,
        }
        return {"activa": kid, "claves": claves}


def rotar(carpeta: Path, solo_si_no_hay: bool = False) -> str | None:
    """Create a new active key; the previous one stops signing. Safe across processes."""
    return Llavero.rotar_carpeta(carpeta, solo_si_no_hay)
