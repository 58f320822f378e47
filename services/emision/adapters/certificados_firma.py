"""The set of PAdES signing certificates, rotated with the QR keys (issue 18).

Embedded mode: ``<firma_dir>/pades`` holds the local CA (``ca.pem``/``ca.key``), the first
signing certificate (``firmante.pem``/``firmante.key``) and, once rotated, one
``firmantes/<serie>.pem``/``.key`` pair per later certificate, with ``firmantes.json`` naming
the active one. A rotation issues a new RSA certificate (new key) from the same CA; the earlier
ones stay on disk and valid for their own validity, so a PDF signed before keeps validating.

Real mode: PADES_CERTIFICADO names either one certificate file (its key in PADES_CLAVE; a
rotation changes nothing, the certificate changes by configuration) or a folder of pairs
``<nombre>.pem`` + ``<nombre>.key`` the operator installs: the active one is the newest
(latest start of validity) valid now, re-chosen on a rotation and whenever the folder changes.

Running workers pick the new certificate up without restart: like the Llavero, the signer
re-reads the set when its index (the folder's mtime in real mode) changed.
"""

from __future__ import annotations

import fcntl
import json
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign.timestamps import TimeStamper

from services.emision.adapters import firma_pdf
from shared.carpeta_de_claves import escribir

INDICE = "firmantes.json"
ANTERIORES = "firmantes"


def describir(ruta: Path) -> dict:
    """A certificate as the console shows it: who, issued by whom, serial, validity, hash."""
    return firma_pdf.describir_certificado(load_cert_from_pemder(str(ruta)))


class CertificadosFirma:
    """Where the signing certificates live and which one signs now."""

    def __init__(
        self,
        carpeta: Path,
        certificado: Path | None = None,
        clave: Path | None = None,
        cadena: list[Path] | None = None,
    ):
        self.cadena_configurada = list(cadena or [])
        self.configurado = certificado
        self.clave_configurada = clave
        self.carpeta = Path(carpeta) / "pades"

    @property
    def embebido(self) -> bool:
        return self.configurado is None and self.clave_configurada is None

    def modo(self) -> str:
        """LOCAL (a rotation issues a new one), CARPETA (the newest valid in the configured
        folder) or CONFIGURADO (one file: it changes by configuration)."""
        if self.embebido:
            return "LOCAL"
        return "CARPETA" if self._es_carpeta() else "CONFIGURADO"

    def marca(self) -> tuple:
        """Changes when the active certificate may have changed (cheap: one or two stat)."""
        if self.embebido:
            indice = self.carpeta / INDICE
            return ("indice", indice.stat().st_mtime_ns if indice.exists() else None)
        if self._es_carpeta():
            return ("carpeta", self.configurado.stat().st_mtime_ns)
        return ("archivo",)

    def activo(self) -> tuple[Path, Path, list[Path]]:
        """(certificate, key, chain) of the certificate that signs now."""
        if self.embebido:
            indice = self.carpeta / INDICE
            if indice.exists():
                serie = json.loads(indice.read_text())["activo"]
                base = self.carpeta / ANTERIORES / serie
                return (
                    base.with_suffix(".pem"),
                    base.with_suffix(".key"),
                    [self.carpeta / firma_pdf.CA],
                )
            return (
                self.carpeta / firma_pdf.CERTIFICADO,
                self.carpeta / firma_pdf.CLAVE,
                [self.carpeta / firma_pdf.CA],
            )
        if not self._es_carpeta():  # one file, or the key in an HSM (its certificate maybe there)
            return self.configurado, self.clave_configurada, self.cadena_configurada
        candidatos = self._vigentes_configurados()
        if not candidatos:
            raise FileNotFoundError(
                f"No hay en PADES_CERTIFICADO={self.configurado} un certificado vigente hoy "
                "con su clave (<nombre>.pem y <nombre>.key)."
            )
        pem = candidatos[0]
        return pem, pem.with_suffix(".key"), self.cadena_configurada

    def _vigentes_configurados(self) -> list[Path]:
        ahora = datetime.now(UTC)
        vigentes = []
        for pem in self.configurado.glob("*.pem"):
            if not pem.with_suffix(".key").exists():
                continue  # a chain or CA file in the same folder: not a signing pair
            cert = x509.load_pem_x509_certificate(pem.read_bytes())
            if cert.not_valid_before_utc <= ahora <= cert.not_valid_after_utc:
                vigentes.append((cert.not_valid_before_utc, pem))
        return [pem for _, pem in sorted(vigentes, reverse=True)]

    def todos(self) -> list[Path]:
        """Every signing certificate known here, the active one first, then newest first."""
        activo = self.activo()[0]
        if self.embebido:
            otros = [
                self.carpeta / firma_pdf.CERTIFICADO,
                *(self.carpeta / ANTERIORES).glob("*.pem"),
            ]
        elif self._es_carpeta():
            otros = [p for p in self.configurado.glob("*.pem") if p.with_suffix(".key").exists()]
        else:
            otros = []
        otros = [p for p in otros if p.exists() and p != activo]
        otros.sort(key=lambda p: describir(p)["valido_desde"], reverse=True)
        return [activo, *otros]

    def _es_carpeta(self) -> bool:
        return self.configurado is not None and Path(self.configurado).is_dir()

    def rotar(self) -> bool:
        """Embedded: a new certificate (new RSA key) from the local CA becomes active.
        Real mode with a folder: the newest valid certificate there becomes active. True when
        the active certificate changed."""
        antes = self.activo()[0]
        if self.embebido:
            crear_certificado_nuevo(self.carpeta)
        return self.activo()[0] != antes


def crear_certificado_nuevo(carpeta: Path) -> str:
    """A new signing certificate issued by the local CA, made active; its serial (hex)."""
    carpeta = Path(carpeta)
    firma_pdf.crear_ca_local(carpeta)  # the CA (and the first certificate) if missing
    with open(carpeta / ".bloqueo", "w") as bloqueo:
        fcntl.flock(bloqueo, fcntl.LOCK_EX)
        ca = x509.load_pem_x509_certificate((carpeta / firma_pdf.CA).read_bytes())
        clave_ca = serialization.load_pem_private_key(
            (carpeta / firma_pdf.CA_CLAVE).read_bytes(), None
        )
        clave = firma_pdf._clave_rsa()
        cert = firma_pdf._certificado(
            firma_pdf._nombre(firma_pdf.SUJETO_FIRMANTE),
            clave.public_key(),
            ca.subject,
            clave_ca,
            es_ca=False,
        )
        serie = format(cert.serial_number, "x")
        destino = carpeta / ANTERIORES
        destino.mkdir(exist_ok=True)
        escribir(destino / f"{serie}.key", firma_pdf._pem_privada(clave), modo=0o600)
        escribir(
            destino / f"{serie}.pem", cert.public_bytes(serialization.Encoding.PEM), modo=0o644
        )
        # The index last: a worker that sees it finds both files in place.
        escribir(carpeta / INDICE, json.dumps({"activo": serie}).encode(), modo=0o644)
        return serie


class FirmanteRotativo:
    """The PDF signer of the active certificate, switching when the set changes (no restart)."""

    def __init__(self, certificados: CertificadosFirma, tsa: TimeStamper | None = None):
        self.certificados = certificados
        self._tsa = tsa
        self._marca = certificados.marca()
        self._firmante = firma_pdf.FirmantePdf(*certificados.activo(), tsa)

    def _refrescar(self) -> None:
        marca = self.certificados.marca()
        if marca != self._marca:
            self._firmante.cambiar_certificado(*self.certificados.activo())
            self._marca = marca

    def firmar(self, pdf: bytes) -> bytes:
        """The PDF signed with the certificate active now."""
        self._refrescar()
        return self._firmante.firmar(pdf)

    def firmar_con_pyhanko(self, pdf: bytes) -> bytes:
        """The same signature through pyHanko's PdfSigner (the benchmark's yardstick)."""
        self._refrescar()
        return self._firmante.firmar_con_pyhanko(pdf)

    def certificado(self) -> dict:
        """The active certificate (sujeto, emisor, serie, validez, huella)."""
        self._refrescar()
        return self._firmante.certificado()

    def historial(self) -> list[dict]:
        """The active certificate and the earlier ones, each with ``activo``."""
        activo, *anteriores = self.certificados.todos()
        # The active one as the signer holds it (an HSM's certificate may live only in the token).
        return [
            {**self.certificado(), "activo": True},
            *({**describir(p), "activo": False} for p in anteriores),
        ]

    def rotar(self) -> dict:
        """Rotate the signing certificate (embedded: a new one; real mode: re-choose)."""
        self.certificados.rotar()
        # Forced: in a folder a certificate may have become valid since (same mtime).
        self._firmante.cambiar_certificado(*self.certificados.activo())
        self._marca = self.certificados.marca()
        return self._firmante.certificado()
