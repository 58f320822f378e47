"""The PDF signing key kept in an HSM (PKCS#11): it never leaves the token, it is never a file.

``ClavePkcs11`` has the shape of cryptography's ``RSAPrivateKey`` that the PDF signer uses —
``sign(data, padding, algorithm)`` (RSA PKCS#1 v1.5 with SHA-256/384/512: the token hashes and
signs in one operation, ``CKM_SHA256_RSA_PKCS``; or a ``Prehashed`` digest, ``CKM_RSA_PKCS``),
``public_key()`` and ``key_size`` — over a logged-in session of python-pkcs11.

Configuration (real mode): PADES_PKCS11_MODULO (the vendor's PKCS#11 library, a ``.so``),
PADES_PKCS11_TOKEN (token label), PADES_PKCS11_PIN_ARCHIVO (a file holding the PIN; or
PADES_PKCS11_PIN), PADES_PKCS11_CLAVE (label of the private key). The certificate is
PADES_CERTIFICADO or, unset, the token's certificate with the same label.

``abrir`` checks it all at start-up — library, token, PIN, key, certificate matching the key —
and raises ``HsmNoDisponible`` with the reason in Spanish: the worker does not start rather than
issue unsigned PDFs. At runtime a lost session (HSM restarted, network HSM reconnected) is
reopened once; if that fails too, ``ErrorTransitorio``: the emission order is retried later.
A process forked after start-up (Celery prefork) opens its own session on first use: PKCS#11
sessions do not survive a fork.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pkcs11
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from pkcs11 import Attribute, Mechanism, ObjectClass
from pyhanko.keys import load_certs_from_pemder
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from shared.errores import ErrorTransitorio

MECANISMOS = {
    hashes.SHA256.name: Mechanism.SHA256_RSA_PKCS,
    hashes.SHA384.name: Mechanism.SHA384_RSA_PKCS,
    hashes.SHA512.name: Mechanism.SHA512_RSA_PKCS,
}
# DER DigestInfo header of each hash (RFC 8017 §9.2 note 1): raw CKM_RSA_PKCS signs it + digest.
DIGEST_INFO = {
    hashes.SHA256.name: bytes.fromhex("3031300d060960864801650304020105000420"),
    hashes.SHA384.name: bytes.fromhex("3041300d060960864801650304020205000430"),
    hashes.SHA512.name: bytes.fromhex("3051300d060960864801650304020305000440"),
}
# What a lost session or token looks like: reopen once, then retry the order later.
SESION_PERDIDA = (
    pkcs11.SessionClosed,
    pkcs11.SessionHandleInvalid,
    pkcs11.DeviceRemoved,
    pkcs11.DeviceError,
    pkcs11.TokenNotPresent,
    pkcs11.TokenNotRecognised,
    pkcs11.UserNotLoggedIn,
    pkcs11.KeyHandleInvalid,
    pkcs11.ObjectHandleInvalid,
    pkcs11.GeneralError,
    pkcs11.FunctionFailed,
)


class HsmNoDisponible(RuntimeError):
    """The configured PKCS#11 key cannot be used (start-up): the reason, in Spanish."""


@dataclass(frozen=True)
class ConfigPkcs11:
    """Where the key is: library, token, PIN (or the file holding it) and key label."""

    modulo: Path
    token: str
    clave: str
    pin: str | None = field(default=None, repr=False)
    pin_archivo: Path | None = None

    def leer_pin(self) -> str:
        """The PIN, from its file when one is named (preferred: not in the environment)."""
        if self.pin_archivo is not None:
            try:
                return self.pin_archivo.read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as exc:
                raise HsmNoDisponible(
                    f"No se pudo leer el PIN del HSM en PADES_PKCS11_PIN_ARCHIVO "
                    f"({self.pin_archivo}): {exc.strerror or exc}."
                ) from exc
        if self.pin is None:
            raise HsmNoDisponible(
                "Falta el PIN del HSM: configure PADES_PKCS11_PIN_ARCHIVO (o PADES_PKCS11_PIN)."
            )
        return self.pin


def _sesion(config: ConfigPkcs11, reiniciar: bool = False):
    """A logged-in session on the configured token (the library re-initialised if asked)."""
    if not config.modulo.is_file():
        raise HsmNoDisponible(
            f"No existe el módulo PKCS#11 {config.modulo} (PADES_PKCS11_MODULO): "
            "instale la biblioteca del HSM o corrija la ruta."
        )
    try:
        # one library per real file: the same .so loaded under two names initialises twice
        biblioteca = pkcs11.lib(str(config.modulo.resolve()))
        if reiniciar:
            biblioteca.reinitialize()
    except (OSError, RuntimeError) as exc:  # not a PKCS#11 library, or it failed to initialise
        raise HsmNoDisponible(
            f"No se pudo cargar el módulo PKCS#11 {config.modulo} (PADES_PKCS11_MODULO): {exc}"
        ) from exc
    try:
        token = biblioteca.get_token(token_label=config.token)
    except pkcs11.NoSuchToken as exc:
        raise HsmNoDisponible(
            f"No hay un token «{config.token}» en el HSM (PADES_PKCS11_TOKEN)."
        ) from exc
    try:
        return token.open(user_pin=config.leer_pin())
    except pkcs11.UserAlreadyLoggedIn:  # another session of this process logged in: share it
        return token.open()
    except (pkcs11.PinIncorrect, pkcs11.PinInvalid, pkcs11.PinLenRange) as exc:
        raise HsmNoDisponible(
            f"El PIN del token «{config.token}» es incorrecto (PADES_PKCS11_PIN_ARCHIVO / "
            "PADES_PKCS11_PIN)."
        ) from exc
    except pkcs11.PinLocked as exc:
        raise HsmNoDisponible(
            f"El PIN del token «{config.token}» está bloqueado: desbloquéelo en el HSM."
        ) from exc


def _clave_privada(sesion, config: ConfigPkcs11):
    try:
        return sesion.get_key(object_class=ObjectClass.PRIVATE_KEY, label=config.clave)
    except pkcs11.NoSuchKey as exc:
        raise HsmNoDisponible(
            f"No hay una clave privada «{config.clave}» en el token «{config.token}» "
            "(PADES_PKCS11_CLAVE)."
        ) from exc
    except pkcs11.MultipleObjectsReturned as exc:
        raise HsmNoDisponible(
            f"Hay más de una clave privada «{config.clave}» en el token «{config.token}» "
            "(PADES_PKCS11_CLAVE): deje una o use otra etiqueta."
        ) from exc


class ClavePkcs11:
    """An RSA private key in a PKCS#11 token, used as cryptography's ``RSAPrivateKey.sign``."""

    def __init__(self, config: ConfigPkcs11, sesion, privada):
        self.config = config
        self._sesion, self._privada, self._pid = sesion, privada, os.getpid()
        self._candado = threading.Lock()  # one operation at a time on a PKCS#11 session
        numeros = rsa.RSAPublicNumbers(
            int.from_bytes(privada[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(privada[Attribute.MODULUS], "big"),
        )
        self._publica = numeros.public_key()

    @classmethod
    def abrir(cls, config: ConfigPkcs11) -> ClavePkcs11:
        """Log in and find the key, or ``HsmNoDisponible`` saying what is wrong."""
        sesion = _sesion(config)
        try:
            privada = _clave_privada(sesion, config)
            if privada.key_type != pkcs11.KeyType.RSA:
                raise HsmNoDisponible(
                    f"La clave «{config.clave}» del token «{config.token}» no es RSA "
                    "(PADES_PKCS11_CLAVE): la firma PDF usa RSA."
                )
            return cls(config, sesion, privada)
        except BaseException:
            sesion.close()
            raise

    @property
    def key_size(self) -> int:
        return self._publica.key_size

    def public_key(self) -> rsa.RSAPublicKey:
        return self._publica

    def certificado(self) -> bytes | None:
        """The DER certificate stored in the token under the key's label, if there is one."""
        with self._candado:
            objetos = self._sesion.get_objects(
                {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: self.config.clave}
            )
            return next((o[Attribute.VALUE] for o in objetos), None)

    def firmante(self, certificado: Path | None, cadena: list[Path]) -> signers.SimpleSigner:
        """pyHanko's signer of this key's certificate (PADES_CERTIFICADO, else the token's) and
        chain, without a key of its own: the PDF signer signs with ``self``."""
        if certificado is not None:
            der = next(load_certs_from_pemder([str(certificado)])).dump()
        elif (der := self.certificado()) is None:
            raise HsmNoDisponible(
                f"No hay certificado «{self.config.clave}» en el token «{self.config.token}»: "
                "impórtelo con la etiqueta de la clave o configure PADES_CERTIFICADO."
            )
        cert = x509.load_der_x509_certificate(der)
        if cert.public_key().public_numbers() != self._publica.public_numbers():
            raise HsmNoDisponible(  # else every signature would fail validation
                f"El certificado de firma ({cert.subject.rfc4514_string()}) no corresponde a la "
                f"clave «{self.config.clave}» del token «{self.config.token}»."
            )
        registro = SimpleCertificateStore.from_certs(
            load_certs_from_pemder([str(ruta) for ruta in cadena])
        )
        return signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(der), signing_key=None, cert_registry=registro
        )

    def sign(self, data: bytes, padding, algorithm) -> bytes:
        """RSA PKCS#1 v1.5 signature of ``data`` hashed with ``algorithm``, made in the token;
        ``Prehashed(SHA256())`` signs a digest already made (the token adds its DigestInfo)."""
        if isinstance(algorithm, Prehashed):
            nombre = algorithm._algorithm.name  # no public accessor in cryptography
            data, mecanismo = DIGEST_INFO.get(nombre, b"") + data, Mechanism.RSA_PKCS
        else:
            nombre, mecanismo = algorithm.name, MECANISMOS.get(algorithm.name)
        if not isinstance(padding, PKCS1v15) or nombre not in MECANISMOS:
            raise ValueError(
                f"La clave del HSM firma RSA PKCS#1 v1.5 con SHA-256/384/512, no "
                f"{type(padding).__name__} con {nombre}."
            )
        with self._candado:
            if self._pid != os.getpid():  # a forked worker: the parent's session is not ours
                self._reabrir()
            try:
                return self._privada.sign(data, mechanism=mecanismo)
            except SESION_PERDIDA:
                pass
            try:  # once: the HSM may have restarted; the library starts afresh
                self._reabrir()
                return self._privada.sign(data, mechanism=mecanismo)
            except (HsmNoDisponible, *SESION_PERDIDA) as exc:
                raise ErrorTransitorio(
                    f"el HSM (token «{self.config.token}») no firmó el PDF: {exc or type(exc)}"
                ) from exc

    def _reabrir(self) -> None:
        """A new session and key handle; the old session forgotten (it may be gone already)."""
        self._pid = os.getpid()
        sesion = _sesion(self.config, reiniciar=True)
        self._sesion, self._privada = sesion, _clave_privada(sesion, self.config)

    def cerrar(self) -> None:
        with self._candado, contextlib.suppress(pkcs11.PKCS11Error):  # gone already
            self._sesion.close()


def abrir_configurada(config) -> ClavePkcs11 | None:
    """The HSM key the service's ``Config`` names (PADES_PKCS11_*), open; None when unset."""
    if config.pades_pkcs11_modulo is None:
        return None
    faltan = [
        nombre
        for nombre, valor in (
            ("PADES_PKCS11_TOKEN", config.pades_pkcs11_token),
            ("PADES_PKCS11_CLAVE", config.pades_pkcs11_clave),
        )
        if not valor
    ]
    if faltan:
        raise HsmNoDisponible(
            f"PADES_PKCS11_MODULO está configurado pero falta {' y '.join(faltan)}."
        )
    return ClavePkcs11.abrir(
        ConfigPkcs11(
            modulo=config.pades_pkcs11_modulo,
            token=config.pades_pkcs11_token,
            clave=config.pades_pkcs11_clave,
            pin=config.pades_pkcs11_pin,
            pin_archivo=config.pades_pkcs11_pin_archivo,
        )
    )
