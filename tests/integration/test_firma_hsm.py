"""The PDF signing key in an HSM (issue 18): a real PKCS#11 token (SoftHSM2), no mocks.

Each run makes its own SoftHSM2 token directory (SOFTHSM2_CONF), imports the signing key and
certificate of a temporary CA into a token, deletes the key file, and signs certificate PDFs
through ``FirmantePdf`` with the token's key; pyHanko's validator then checks each signature
(intact, valid, trusted with the temporary CA). Bad configuration fails at start-up with a
Spanish reason; a session lost at runtime is reopened, or the order is retried.

Without softhsm2 these tests skip; with MC_REQUIERE_SERVICIOS=1 or CI they fail (.ci/run
installs it).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import subprocess
from pathlib import Path

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, PSS, PKCS1v15
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from pkcs11 import Attribute, ObjectClass
from pkcs11.util.rsa import decode_rsa_private_key
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from services.emision.adapters.clave_pkcs11 import (
    ClavePkcs11,
    ConfigPkcs11,
    HsmNoDisponible,
    abrir_configurada,
)
from services.emision.adapters.firma_pdf import (
    CA,
    CERTIFICADO,
    CLAVE,
    FirmantePdf,
    crear_ca_local,
)
from services.emision.adapters.pdf import RenderizadorPdf
from shared.config import Config
from shared.errores import ErrorTransitorio
from tests.unit.emision.test_firma_pdf import _documento

pytestmark = pytest.mark.integration

MODULOS = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
TOKEN, PIN, ETIQUETA = "ministerio", "4831-firma", "firma-ce"


def _modulo() -> Path:
    hallado = next((Path(m) for m in MODULOS if Path(m).is_file()), None)
    if hallado is None or not shutil.which("softhsm2-util"):
        mensaje = "softhsm2 no está instalado (token PKCS#11 de las pruebas)"
        if os.environ.get("MC_REQUIERE_SERVICIOS") or os.environ.get("CI"):
            pytest.fail(mensaje + ": en CI no se omite (.ci/run lo instala)")
        pytest.skip(mensaje + ": apt-get install softhsm2")
    return hallado


def _importar(modulo: Path, clave_pem: bytes, cert_pem: bytes) -> None:
    """The private key (and the certificate) into the token, under ETIQUETA."""
    privada = serialization.load_pem_private_key(clave_pem, None)
    der = privada.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    token = pkcs11.lib(str(modulo.resolve())).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as sesion:
        atributos = decode_rsa_private_key(der)
        atributos |= {
            Attribute.TOKEN: True,
            Attribute.PRIVATE: True,
            Attribute.SENSITIVE: True,
            Attribute.EXTRACTABLE: False,
            Attribute.SIGN: True,
            Attribute.LABEL: ETIQUETA,
            Attribute.ID: b"\x01",
        }
        sesion.create_object(atributos)
        cert = x509.load_pem_x509_certificate(cert_pem)
        sesion.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: ETIQUETA,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )


@pytest.fixture(scope="module")
def hsm(tmp_path_factory) -> dict:
    """A SoftHSM2 token holding the signing key (its file deleted) and its certificate."""
    modulo = _modulo()
    raiz = tmp_path_factory.mktemp("hsm")
    (raiz / "tokens").mkdir()
    conf = raiz / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {raiz / 'tokens'}\nobjectstore.backend = file\n")
    anterior = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by the library in this process and children
    for etiqueta in (TOKEN, "otro"):
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", etiqueta]
            + ["--pin", PIN, "--so-pin", "0000-so"],
            check=True,
            capture_output=True,
        )
    crear_ca_local(raiz / "pades")  # a temporary CA and the signing certificate it issues
    clave_archivo = raiz / "pades" / CLAVE
    _importar(modulo, clave_archivo.read_bytes(), (raiz / "pades" / CERTIFICADO).read_bytes())
    clave_archivo.unlink()  # the key now lives only in the token
    (raiz / "pin").write_text(PIN + "\n")
    yield {"modulo": modulo, "raiz": raiz, "pades": raiz / "pades", "pin": raiz / "pin"}
    if anterior is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = anterior


@pytest.fixture
def abrir():
    """ClavePkcs11.abrir, every key opened closed after the test (closing logs out)."""
    abiertas = []

    def _abrir(config):
        abiertas.append(ClavePkcs11.abrir(config))
        return abiertas[-1]

    yield _abrir
    for clave in abiertas:
        clave.cerrar()


def _config(hsm, **cambios) -> ConfigPkcs11:
    datos = {"modulo": hsm["modulo"], "token": TOKEN, "clave": ETIQUETA, "pin_archivo": hsm["pin"]}
    return ConfigPkcs11(**(datos | cambios))


def _valida(pdf: bytes, ca: Path) -> bool:
    firma = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    contexto = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca))])
    estado = validate_pdf_signature(firma, contexto)
    return estado.intact and estado.valid and estado.trusted


@pytest.mark.parametrize("certificado_del_token", [True, False], ids=["cert-token", "cert-file"])
def test_un_ce_firmado_con_la_clave_del_hsm_valida_ante_la_ca(hsm, abrir, certificado_del_token):
    clave = abrir(_config(hsm))
    certificado = None if certificado_del_token else hsm["pades"] / CERTIFICADO
    firmante = FirmantePdf(certificado, clave, [hsm["pades"] / CA])
    assert not (hsm["pades"] / CLAVE).exists()  # nothing to sign with but the token

    pdf = firmante.firmar(RenderizadorPdf().renderizar(_documento()))

    assert _valida(pdf, hsm["pades"] / CA)
    assert "Emisión de certificados" in firmante.certificado()["sujeto"]


def test_la_configuracion_del_servicio_abre_la_clave_del_hsm(hsm):
    entorno = {
        "MC_VAR_DIR": str(hsm["raiz"] / "var"),
        "PADES_PKCS11_MODULO": str(hsm["modulo"]),
        "PADES_PKCS11_TOKEN": TOKEN,
        "PADES_PKCS11_PIN_ARCHIVO": str(hsm["pin"]),
        "PADES_PKCS11_CLAVE": ETIQUETA,
    }
    config = Config.desde_entorno("emision", entorno)
    assert PIN not in repr(config)
    clave = abrir_configurada(config)
    assert clave.key_size == 3072
    clave.cerrar()
    assert abrir_configurada(Config.desde_entorno("emision", {"MC_VAR_DIR": "/tmp"})) is None
    sin_token = {k: v for k, v in entorno.items() if k != "PADES_PKCS11_TOKEN"}
    with pytest.raises(HsmNoDisponible, match="falta PADES_PKCS11_TOKEN"):
        abrir_configurada(Config.desde_entorno("emision", sin_token))


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"pin_archivo": None, "pin": "0000-mal"}, "El PIN del token «ministerio» es incorrecto"),
        ({"clave": "no-existe"}, "No hay una clave privada «no-existe» en el token «ministerio»"),
        ({"token": "ausente"}, "No hay un token «ausente» en el HSM"),
        ({"modulo": Path("/usr/lib/no-hay-hsm.so")}, "No existe el módulo PKCS#11"),
        ({"pin_archivo": Path("/no/hay/pin")}, "No se pudo leer el PIN del HSM"),
        ({"pin_archivo": None}, "Falta el PIN del HSM"),
    ],
    ids=["pin", "etiqueta", "token", "modulo", "archivo-pin", "sin-pin"],
)
def test_una_configuracion_mala_no_arranca_y_dice_por_que(hsm, cambios, mensaje):
    with pytest.raises(HsmNoDisponible, match=mensaje):
        ClavePkcs11.abrir(_config(hsm, **cambios))


def test_un_certificado_que_no_es_de_la_clave_no_arranca(hsm, abrir, tmp_path):
    crear_ca_local(tmp_path)  # another certificate, another key
    clave = abrir(_config(hsm))
    with pytest.raises(HsmNoDisponible, match="no corresponde a la clave «firma-ce»"):
        FirmantePdf(tmp_path / CERTIFICADO, clave, [tmp_path / CA])


def test_un_token_sin_la_clave_no_arranca(hsm):
    with pytest.raises(
        HsmNoDisponible, match="No hay una clave privada «firma-ce» en el token «otro»"
    ):
        ClavePkcs11.abrir(_config(hsm, token="otro"))


def _publica(hsm):
    return x509.load_pem_x509_certificate((hsm["pades"] / CERTIFICADO).read_bytes()).public_key()


def test_firma_rsa_pkcs1v15_verificable_y_rechaza_otro_relleno(hsm, abrir):
    clave = abrir(_config(hsm))
    firma = clave.sign(b"datos firmados", PKCS1v15(), hashes.SHA256())
    _publica(hsm).verify(firma, b"datos firmados", PKCS1v15(), hashes.SHA256())
    assert clave.public_key().public_numbers() == _publica(hsm).public_numbers()
    for algoritmo in (hashes.SHA256(), hashes.SHA384(), hashes.SHA512()):
        resumen = hashes.Hash(algoritmo)
        resumen.update(b"resumen hecho fuera")
        firma = clave.sign(resumen.finalize(), PKCS1v15(), Prehashed(algoritmo))
        _publica(hsm).verify(firma, b"resumen hecho fuera", PKCS1v15(), algoritmo)
        firma = clave.sign(b"entero", PKCS1v15(), algoritmo)
        _publica(hsm).verify(firma, b"entero", PKCS1v15(), algoritmo)
    pss = PSS(mgf=MGF1(hashes.SHA256()), salt_length=32)
    with pytest.raises(ValueError, match="PKCS#1 v1.5"):
        clave.sign(b"x", pss, hashes.SHA256())
    with pytest.raises(ValueError, match="no PKCS1v15 con sha1"):
        clave.sign(b"x", PKCS1v15(), hashes.SHA1())


def test_una_sesion_perdida_se_reabre_una_vez_y_si_no_se_reintenta_la_orden(hsm, abrir, tmp_path):
    pin = tmp_path / "pin"
    pin.write_text(PIN)
    clave = abrir(_config(hsm, pin_archivo=pin))
    clave._sesion.close()  # the HSM forgot the session (restart): reopened, signature made
    firma = clave.sign(b"tras reinicio", PKCS1v15(), hashes.SHA256())
    _publica(hsm).verify(firma, b"tras reinicio", PKCS1v15(), hashes.SHA256())

    clave._sesion.close()
    pin.write_text("0000-cambiado")  # ...and this time it cannot log back in
    with pytest.raises(ErrorTransitorio, match="el HSM .token «ministerio». no firmó el PDF"):
        clave.sign(b"otra vez", PKCS1v15(), hashes.SHA256())

    pin.write_text(PIN)  # the HSM is back: the next order signs
    firma = clave.sign(b"de nuevo", PKCS1v15(), hashes.SHA256())
    _publica(hsm).verify(firma, b"de nuevo", PKCS1v15(), hashes.SHA256())


def _firmar_en_hijo(clave, cola) -> None:
    cola.put(clave.sign(b"hijo", PKCS1v15(), hashes.SHA256()))


def test_un_proceso_hijo_firma_con_su_propia_sesion(hsm, abrir):
    """Celery prefork: the key opened before the fork signs in the child."""
    clave = abrir(_config(hsm))
    contexto = multiprocessing.get_context("fork")
    cola = contexto.Queue()
    hijo = contexto.Process(target=_firmar_en_hijo, args=(clave, cola))
    hijo.start()
    firma = cola.get(timeout=60)
    hijo.join(timeout=60)
    assert hijo.exitcode == 0
    _publica(hsm).verify(firma, b"hijo", PKCS1v15(), hashes.SHA256())
    firma = clave.sign(b"padre", PKCS1v15(), hashes.SHA256())  # the parent's session still works
    _publica(hsm).verify(firma, b"padre", PKCS1v15(), hashes.SHA256())


def test_emision_no_arranca_con_el_pin_equivocado_y_con_el_bueno_firma_con_el_hsm(hsm, tmp_path):
    """The service's own start-up (create_app, which the worker runs too) with PADES_PKCS11_*."""
    from services.emision.entrypoints.flask_app import create_app

    mal = tmp_path / "pin-malo"
    mal.write_text("0000-mal")
    entorno = {
        "MC_VAR_DIR": str(tmp_path / "var"),
        "PADES_PKCS11_MODULO": str(hsm["modulo"]),
        "PADES_PKCS11_TOKEN": TOKEN,
        "PADES_PKCS11_PIN_ARCHIVO": str(mal),
        "PADES_PKCS11_CLAVE": ETIQUETA,
        "PADES_CADENA": str(hsm["pades"] / CA),
    }
    with pytest.raises(HsmNoDisponible, match="El PIN del token «ministerio» es incorrecto"):
        create_app(Config.desde_entorno("emision", entorno))

    entorno["PADES_PKCS11_PIN_ARCHIVO"] = str(hsm["pin"])
    app = create_app(Config.desde_entorno("emision", entorno))
    firmante = app.extensions["firmante_pdf"]
    assert not (tmp_path / "var" / "claves" / "pades").exists()  # no local CA made beside it
    pdf = firmante.firmar(RenderizadorPdf().renderizar(_documento()))
    assert _valida(pdf, hsm["pades"] / CA)
    firmante._firmante._firmante._privada.cerrar()  # the rotating signer → FirmantePdf → key
