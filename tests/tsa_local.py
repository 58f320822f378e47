"""A timestamp authority for tests: pyHanko's DummyTimeStamper answering RFC 3161 over HTTP.

Its certificate (id-kp-timeStamping) is issued by the local CA under ``<carpeta>/pades``, so a
validator that trusts that CA trusts the timestamp too. It listens on a port of this engineer's
range (MC_E2E_PUERTO_BASE) and can be told to refuse, to fail, or to ask for HTTP basic auth:
the signer talks to it over real HTTP, as it would to a TSA in production.
"""

from __future__ import annotations

import base64
import os
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import core, keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper

from services.emision.adapters.firma_pdf import CA, CA_CLAVE, RespuestaSinSello

NOMBRE_TSA = "Mi Certificado - TSA de pruebas"


def puerto_libre(desplazamiento: int) -> int:
    """A port of this engineer's range, one per xdist worker (gw0, gw1...)."""
    base = int(os.environ.get("MC_E2E_PUERTO_BASE", "25000"))
    trabajador = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return base + 900 + desplazamiento + 10 * trabajador


def _certificado_tsa(carpeta_pades: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    ca = x509.load_pem_x509_certificate((carpeta_pades / CA).read_bytes())
    clave_ca = serialization.load_pem_private_key((carpeta_pades / CA_CLAVE).read_bytes(), None)
    clave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ahora = datetime.now(UTC) - timedelta(minutes=5)
    nombre = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
            x509.NameAttribute(NameOID.COMMON_NAME, NOMBRE_TSA),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(nombre)
        .issuer_name(ca.subject)
        .public_key(clave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora)
        .not_valid_after(ahora + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(clave_ca, hashes.SHA256())
    )
    return cert, clave


class TsaLocal:
    """The HTTP server; ``modo``: "concede", "niega" (PKIStatus rejection), "falla" (HTTP 503)."""

    def __init__(self, carpeta_pades: Path, puerto: int, credenciales: tuple[str, str] | None):
        cert, clave = _certificado_tsa(carpeta_pades)
        der = serialization.Encoding.DER
        pkcs8 = serialization.PrivateFormat.PKCS8
        self.firmante_tsa = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
            tsa_key=keys.PrivateKeyInfo.load(
                clave.private_bytes(der, pkcs8, serialization.NoEncryption())
            ),
        )
        self.modo = "concede"
        self.peticiones = 0
        self.url = f"http://127.0.0.1:{puerto}/tsa"
        esperado = None
        if credenciales:
            esperado = "Basic " + base64.b64encode(":".join(credenciales).encode()).decode()
        tsa = self

        class Manejador(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                cuerpo = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                tsa.peticiones += 1
                if esperado and self.headers.get("Authorization") != esperado:
                    return self._responder(401, "text/plain", b"se requiere usuario y clave")
                if tsa.modo == "falla" or (
                    self.headers.get("Content-Type") != "application/timestamp-query"
                ):
                    return self._responder(503, "text/plain", b"no disponible")
                respuesta = tsa._respuesta(tsp.TimeStampReq.load(cuerpo))
                self._responder(200, "application/timestamp-reply", respuesta.dump())

            def _responder(self, estado: int, tipo: str, cuerpo: bytes) -> None:
                self.send_response(estado)
                self.send_header("Content-Type", tipo)
                self.send_header("Content-Length", str(len(cuerpo)))
                self.end_headers()
                self.wfile.write(cuerpo)

            def log_message(self, *args):  # quiet test output
                pass

        self._servidor = ThreadingHTTPServer(("127.0.0.1", puerto), Manejador)
        self._hilo = threading.Thread(target=self._servidor.serve_forever, daemon=True)

    def _respuesta(self, peticion: tsp.TimeStampReq) -> core.Sequence:
        if self.modo == "niega":
            estado = {"status": "rejection", "status_string": ["servicio suspendido"]}
            return RespuestaSinSello({"status": tsp.PKIStatusInfo(estado)})
        return self.firmante_tsa.request_tsa_response(peticion)

    def __enter__(self) -> TsaLocal:
        self._hilo.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._servidor.shutdown()
        self._servidor.server_close()
