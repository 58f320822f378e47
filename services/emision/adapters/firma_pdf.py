"""PAdES signature of every certificate PDF, with the issuer's X.509 certificate (pyHanko).

B-B by default; B-T when a timestamp authority is configured (PADES_TSA_URL): the signature then
carries an RFC 3161 signature timestamp. A TSA that does not answer, or refuses, fails the
signature with ErrorTransitorio: the emission message is retried (and the request stays pending),
never signed without the timestamp it was configured to have.

Real mode reads the signing certificate, its key and the chain from files named in the
configuration (PADES_CERTIFICADO, PADES_CLAVE, PADES_CADENA). Embedded mode and tests create a
local CA and a signing certificate under ``<firma_dir>/pades`` on first use, so a fresh clone
signs; validators trust that CA when told to (``pyhanko sign validate --trust ca.pem``).
Or the key stays in an HSM (PADES_PKCS11_*, clave_pkcs11): the token signs, never a key file.
The key is RSA-3072: ECDSA would be cheaper, but PDF declares ECDSA-with-NIST-curves as an
ISO 32002 extension of PDF 2.0, and PDF/A-3 (the VC travels as an associated file) is PDF 1.7.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import core, tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

from services.emision.adapters import pades
from services.emision.adapters.clave_pkcs11 import ClavePkcs11
from shared.carpeta_de_claves import escribir
from shared.errores import ErrorTransitorio

CA, CA_CLAVE = "ca.pem", "ca.key"
CERTIFICADO, CLAVE = "firmante.pem", "firmante.key"
EMISOR = "Ministerio de Educación del Perú"
# Room for the CMS container (two RSA-3072 certificates + attributes ≈ 3 kB): a fixed reserve
# spares pyHanko the trial signature it makes to size the placeholder.
# With a timestamp the size depends on the TSA's token (its certificates): pyHanko estimates it
# from one token the TSA issues per process (its 50 % margin covers a token that grows).
RESERVA = 8192
RESERVA_CON_SELLO = 16384  # B-T in one pass: room for a TSA's token with its chain
PLAZO_TSA = 10  # seconds to wait for the TSA's answer (PADES_TSA_PLAZO)
SUJETO_FIRMANTE = "Mi Certificado - Emisión de certificados"


class _FirmanteConClave(signers.SimpleSigner):
    """pyHanko's file signer, its private key parsed once (it re-parses it per signature:
    an RSA-3072 key check costs ~130 ms)."""

    _privada = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """RSA PKCS#1 v1.5 with the cached key; anything else as pyHanko does it."""
        mecanismo = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mecanismo != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        return self.firmar_sha256(data, get_pyca_cryptography_hash(digest_algorithm))

    def firmar_sha256(self, data: bytes, resumen=None) -> bytes:
        """RSA PKCS#1 v1.5 over ``data`` (SHA-256 unless told), with the cached key."""
        if self._privada is None:
            self._privada = serialization.load_der_private_key(self.signing_key.dump(), None)
        return self._privada.sign(data, PKCS1v15(), resumen or hashes.SHA256())


class FirmantePdf:
    """Signs a finished PDF (incremental update) with one certificate and key: PAdES B-B, or
    B-T with ``tsa`` (the TSA that timestamps each signature)."""

    def __init__(
        self,
        certificado: Path | None,
        clave: Path | ClavePkcs11,
        cadena: list[Path],
        tsa: TimeStamper | None = None,
    ):
        self._tsa = tsa
        self._reserva = RESERVA if tsa is None else RESERVA_CON_SELLO
        self.cambiar_certificado(certificado, clave, cadena)

    def cambiar_certificado(
        self, certificado: Path | None, clave: Path | ClavePkcs11, cadena: list[Path]
    ) -> None:
        """Sign from now on with this certificate and key (a rotation; see certificados_firma)."""
        if isinstance(clave, ClavePkcs11):  # the key in an HSM: the token signs, no key file
            cargado = clave.firmante(certificado, cadena)
        else:
            cargado = signers.SimpleSigner.load(
                str(clave), str(certificado), ca_chain_files=tuple(str(c) for c in cadena)
            )
        if cargado is None:
            raise ValueError(f"No se pudo leer el certificado {certificado} o su clave {clave}.")
        self._firmante = _FirmanteConClave(
            signing_cert=cargado.signing_cert,
            signing_key=cargado.signing_key,
            cert_registry=cargado.cert_registry,
        )
        if isinstance(clave, ClavePkcs11):
            self._firmante._privada = clave
        self._meta = signers.PdfSignatureMetadata(
            field_name="FirmaEmisor",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason="Certificado oficial de estudios",
            location="Lima, Perú",
            name=EMISOR,
        )
        self._pdf_signer = signers.PdfSigner(
            self._meta, signer=self._firmante, timestamper=self._tsa
        )
        self._cms = pades.ContenedorCms(
            cargado.signing_cert,
            list(cargado.cert_registry),
            self._firmante.firmar_sha256,
            self._firmante.get_signature_mechanism_for_digest("sha256"),
        )
        self._sig = b"\n".join(
            [
                b"/Filter /Adobe.PPKLite",
                b"/SubFilter /ETSI.CAdES.detached",
                b"/Name " + pades.texto_pdf(self._meta.name),
                b"/Location " + pades.texto_pdf(self._meta.location),
                b"/Reason " + pades.texto_pdf(self._meta.reason),
            ]
        )

    def certificado(self) -> dict:
        """The signing certificate as the console shows it: who, issued by whom, validity."""
        return describir_certificado(self._firmante.signing_cert)

    def firmar(self, pdf: bytes) -> bytes:
        """The PDF with the signature appended (the bytes the holder receives).

        fpdf2's output is signed in one pass (``pades``); any other PDF through pyHanko.
        """
        try:
            return self._firmar_en_una_pasada(pdf) or self.firmar_con_pyhanko(pdf)
        except TimestampRequestError as exc:  # down, refusing, answering garbage: retry later
            raise ErrorTransitorio(
                f"la autoridad de sellado de tiempo (TSA) no selló la firma: {exc}"
            ) from exc

    def _firmar_en_una_pasada(self, pdf: bytes) -> bytes | None:
        while True:
            actualizacion = pades.actualizacion(pdf, self._sig, self._reserva)
            if actualizacion is None:
                return None
            firma, atributos = self._cms.firmar(actualizacion.resumen())
            sello = None
            if self._tsa is not None:
                resumen_firma = hashlib.sha256(firma).digest()
                token = _en_un_bucle(self._tsa.async_timestamp(resumen_firma, "sha256"))
                sello = token.dump()
            contenedor = self._cms.empaquetar(firma, atributos, sello)
            if len(contenedor) <= self._reserva:
                return actualizacion.completar(contenedor)
            self._reserva = len(contenedor) * 3 // 2  # a TSA whose tokens grew: more room

    def firmar_con_pyhanko(self, pdf: bytes) -> bytes:
        """The same signature through pyHanko's PdfSigner (any PDF; the benchmark's yardstick)."""
        escritor = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        _asociar_adjuntos(escritor)
        salida = io.BytesIO()
        reserva = RESERVA if self._tsa is None else None
        try:
            _fuera_de_un_bucle(
                lambda: self._pdf_signer.sign_pdf(escritor, output=salida, bytes_reserved=reserva)
            )
        except TimestampRequestError as exc:  # down, refusing, answering garbage: retry later
            raise ErrorTransitorio(
                f"la autoridad de sellado de tiempo (TSA) no selló la firma: {exc}"
            ) from exc
        return salida.getvalue()


def describir_certificado(cert) -> dict:
    """An (asn1crypto) certificate as the console shows it: who, by whom, serial, validity."""
    validez = cert["tbs_certificate"]["validity"]
    return {
        "sujeto": cert.subject.human_friendly,
        "emisor": cert.issuer.human_friendly,
        "numero_serie": format(cert.serial_number, "x"),
        "valido_desde": validez["not_before"].native,
        "valido_hasta": validez["not_after"].native,
        "huella_sha256": cert.sha256_fingerprint.replace(" ", ":"),
    }


class RespuestaSinSello(core.Sequence):
    """A TSA's refusal: RFC 3161 omits the token when the status is not granted, and
    asn1crypto's TimeStampResp requires it (pyHanko would raise a parse error, not the reason)."""

    _fields = [("status", tsp.PKIStatusInfo)]


class _ClienteTsa(RequestsHTTPTimeStamper):
    """pyHanko's HTTP client of a TSA, reading a refusal without a token as a refusal."""

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        respuesta = await super().async_request_tsa_response(req)
        try:
            _ = respuesta.native  # parse it all here: a malformed answer is the TSA's fault
        except ValueError as exc:
            try:
                estado = RespuestaSinSello.load(respuesta.dump())["status"].native
            except ValueError:
                raise TimestampRequestError("respuesta ilegible de la TSA") from exc
            motivo = "; ".join(estado.get("status_string") or []) or estado["status"]
            raise TimestampRequestError(f"la TSA rechazó la solicitud: {motivo}") from exc
        return respuesta


def cliente_tsa(
    url: str,
    usuario: str | None = None,
    clave: str | None = None,
    plazo: float = PLAZO_TSA,
) -> TimeStamper:
    """The RFC 3161 client of the configured TSA, with HTTP basic auth when it asks for it;
    ``plazo``: seconds to wait for its answer (PADES_TSA_PLAZO)."""
    credenciales = (usuario, clave or "") if usuario else None
    return _ClienteTsa(url, timeout=plazo, auth=credenciales)


def _en_un_bucle(corrutina):
    """The result of ``corrutina``, run in an asyncio loop (in a thread if one runs here)."""
    resultado = []
    _fuera_de_un_bucle(lambda: resultado.append(asyncio.run(corrutina)))
    return resultado[0]


def _fuera_de_un_bucle(funcion) -> None:
    """Run ``funcion`` here, or in a thread of its own when this thread runs an asyncio loop.

    pyHanko's synchronous ``sign_pdf`` calls ``asyncio.run``, which refuses to start inside a
    running loop (an async host, a Playwright-driven test issuing in-process).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop: the usual case (gunicorn sync workers, Celery prefork)
        funcion()
        return
    with ThreadPoolExecutor(max_workers=1) as hilo:
        hilo.submit(funcion).result()


def _asociar_adjuntos(escritor: IncrementalPdfFileWriter) -> None:
    """List the embedded files in the catalog's /AF (PDF/A-3 associated files), before signing."""
    nombres = escritor.root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    if not nombres:
        return
    referencias = [nombres.raw_get(i) for i in range(1, len(nombres), 2)]
    escritor.root["/AF"] = generic.ArrayObject(referencias)
    escritor.update_root()


class RenderizadorFirmado:
    """A renderer whose every PDF comes out signed: issue, watermark and annulment alike."""

    def __init__(self, renderizador, firmante, credenciales=None):
        self.renderizador, self.firmante, self.credenciales = renderizador, firmante, credenciales

    def renderizar(self, doc) -> bytes:
        """The signed PDF of the document, its Verifiable Credential inside when configured."""
        if self.credenciales is None:
            return self.firmante.firmar(self.renderizador.renderizar(doc))
        adjuntos = [self.credenciales.adjunto(doc)]
        return self.firmante.firmar(self.renderizador.renderizar(doc, adjuntos=adjuntos))


def cargar_firmante(
    carpeta: Path,
    certificado: Path | None = None,
    clave: Path | ClavePkcs11 | None = None,
    cadena: list[Path] | None = None,
    crear_si_falta: bool = False,
    tsa: TimeStamper | None = None,
):
    """The configured signer (a FirmanteRotativo: it follows rotations of its certificate set);
    in embedded mode a local CA and certificate are made once. ``certificado`` may name a
    folder of <nombre>.pem/<nombre>.key pairs (the newest valid now signs); ``clave`` a
    ``ClavePkcs11`` (HSM): ``certificado`` may be None, the token's is used."""
    from services.emision.adapters.certificados_firma import CertificadosFirma, FirmanteRotativo

    hsm = isinstance(clave, ClavePkcs11)
    if hsm or (certificado and (clave or Path(certificado).is_dir())):
        return FirmanteRotativo(CertificadosFirma(carpeta, certificado, clave, cadena), tsa)
    carpeta_pades = Path(carpeta) / "pades"
    if not (carpeta_pades / CERTIFICADO).exists():
        if not crear_si_falta:
            raise FileNotFoundError(
                f"No hay certificado de firma PDF en {carpeta_pades}: configure "
                "PADES_CERTIFICADO y PADES_CLAVE."
            )
        crear_ca_local(carpeta_pades)
    return FirmanteRotativo(CertificadosFirma(carpeta), tsa)


def asegurar_ca_local(firma_dir: Path) -> Path:
    """Make the local CA and signing certificate if missing (`mc claves asegurar`); its CA."""
    carpeta = Path(firma_dir) / "pades"
    if not (carpeta / CERTIFICADO).exists():
        crear_ca_local(carpeta)
    return carpeta / CA


def _nombre(comun: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, EMISOR),
            x509.NameAttribute(NameOID.COMMON_NAME, comun),
        ]
    )


def _certificado(sujeto, publica, emisor, clave_emisor, es_ca: bool) -> x509.Certificate:
    ahora = datetime.now(UTC) - timedelta(minutes=5)
    constructor = (
        x509.CertificateBuilder()
        .subject_name(sujeto)
        .issuer_name(emisor)
        .public_key(publica)
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora)
        .not_valid_after(ahora + timedelta(days=3650 if es_ca else 825))
        .add_extension(x509.BasicConstraints(ca=es_ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(publica), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not es_ca,
                content_commitment=not es_ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=es_ca,
                crl_sign=es_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not es_ca:
        constructor = constructor.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    return constructor.sign(clave_emisor, hashes.SHA256())


def crear_ca_local(carpeta: Path) -> None:
    """A local CA and a signing certificate it issues (embedded mode; safe across processes)."""
    carpeta.mkdir(parents=True, exist_ok=True)
    with open(carpeta / ".bloqueo", "w") as bloqueo:
        fcntl.flock(bloqueo, fcntl.LOCK_EX)
        if (carpeta / CERTIFICADO).exists():
            return
        clave_ca, clave = _clave_rsa(), _clave_rsa()
        nombre_ca = _nombre("Mi Certificado - CA local (modo embebido)")
        ca = _certificado(nombre_ca, clave_ca.public_key(), nombre_ca, clave_ca, es_ca=True)
        firmante = _certificado(
            _nombre(SUJETO_FIRMANTE),
            clave.public_key(),
            nombre_ca,
            clave_ca,
            es_ca=False,
        )
        for nombre, privada in ((CA_CLAVE, clave_ca), (CLAVE, clave)):
            escribir(carpeta / nombre, _pem_privada(privada), modo=0o600)
        escribir(carpeta / CA, ca.public_bytes(serialization.Encoding.PEM), modo=0o644)
        escribir(
            carpeta / CERTIFICADO, firmante.public_bytes(serialization.Encoding.PEM), modo=0o644
        )


def _clave_rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def _pem_privada(privada) -> bytes:
    return privada.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
