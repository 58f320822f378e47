"""PAdES B-T: with a TSA configured every signature carries an RFC 3161 timestamp, got over HTTP.

The TSA is pyHanko's DummyTimeStamper behind a real HTTP server (tests/tsa_local.py), its
certificate issued by the project's local CA; pyHanko's validator checks the result.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from services.emision.adapters.firma_pdf import CA, cargar_firmante, cliente_tsa
from services.emision.adapters.pdf import RenderizadorPdf
from shared.config import Config
from shared.errores import ErrorTransitorio
from tests.tsa_local import NOMBRE_TSA, TsaLocal, puerto_libre
from tests.unit.emision.test_firma_pdf import _documento, _validar

USUARIO, CLAVE = "emision", "clave-de-la-tsa"


@pytest.fixture(scope="module")
def claves(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("claves")
    cargar_firmante(carpeta, crear_si_falta=True)  # the local CA that also issues the TSA's
    return carpeta


@pytest.fixture(scope="module")
def pdf_sin_firmar() -> bytes:
    return RenderizadorPdf().renderizar(_documento())


@pytest.fixture
def tsa(claves):
    with TsaLocal(claves / "pades", puerto_libre(0), None) as servidor:
        yield servidor


@pytest.fixture
def tsa_con_clave(claves):
    with TsaLocal(claves / "pades", puerto_libre(1), (USUARIO, CLAVE)) as servidor:
        yield servidor


def _firmar(claves, pdf: bytes, url: str, usuario=None, clave=None) -> bytes:
    firmante = cargar_firmante(claves, tsa=cliente_tsa(url, usuario, clave))
    return firmante.firmar(pdf)


def _estado(pdf: bytes, claves):
    ca = load_cert_from_pemder(str(claves / "pades" / CA))
    (firma,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    contexto = ValidationContext(trust_roots=[ca])
    return firma, validate_pdf_signature(firma, contexto, contexto)


def test_con_tsa_la_firma_lleva_un_sello_de_tiempo_valido_nivel_b_t(
    claves, tsa, pdf_sin_firmar, tmp_path
):
    pdf = _firmar(claves, pdf_sin_firmar, tsa.url)

    firma, estado = _estado(pdf, claves)
    assert estado.bottom_line and estado.coverage.name == "ENTIRE_FILE"
    sello_tiempo = estado.timestamp_validity
    assert sello_tiempo is not None, "la firma no trae sello de tiempo"
    assert sello_tiempo.intact and sello_tiempo.valid and sello_tiempo.trusted
    assert NOMBRE_TSA in sello_tiempo.signing_cert.subject.human_friendly
    assert abs(sello_tiempo.timestamp - datetime.now(UTC)) < timedelta(minutes=1)
    # B-T: the B-B signature (CAdES subfilter) plus its signature-time-stamp attribute; no DSS
    # or document timestamp, which would make it B-LT / B-LTA.
    atributos = firma.signer_info["unsigned_attrs"].native or []
    assert [a["type"] for a in atributos] == ["signature_time_stamp_token"]
    assert firma.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert b"/DSS" not in pdf and b"/ETSI.RFC3161" not in pdf
    assert tsa.peticiones >= 1  # over HTTP, not in-process

    resultado = _validar(pdf, tmp_path, claves / "pades" / CA)  # pyhanko sign validate
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    assert "Signature timestamp token:" in resultado.stdout, resultado.stdout
    assert "The TSA certificate is trusted." in resultado.stdout


def test_sin_tsa_la_firma_es_b_b_sin_sello_de_tiempo(claves, pdf_sin_firmar):
    pdf = cargar_firmante(claves).firmar(pdf_sin_firmar)
    firma, estado = _estado(pdf, claves)
    assert estado.bottom_line and estado.timestamp_validity is None
    assert not firma.signer_info["unsigned_attrs"].native


def test_con_usuario_y_clave_se_autentica_ante_la_tsa(claves, tsa_con_clave, pdf_sin_firmar):
    pdf = _firmar(claves, pdf_sin_firmar, tsa_con_clave.url, USUARIO, CLAVE)
    assert _estado(pdf, claves)[1].timestamp_validity.valid

    with pytest.raises(ErrorTransitorio, match="TSA"):
        _firmar(claves, pdf_sin_firmar, tsa_con_clave.url, USUARIO, "otra")
    with pytest.raises(ErrorTransitorio, match="TSA"):
        _firmar(claves, pdf_sin_firmar, tsa_con_clave.url)


@pytest.mark.parametrize("modo", ["niega", "falla"])
def test_una_tsa_que_se_niega_o_falla_es_un_error_transitorio_no_un_pdf_sin_sello(
    claves, tsa, pdf_sin_firmar, modo
):
    tsa.modo = modo
    with pytest.raises(ErrorTransitorio, match="TSA") as error:
        _firmar(claves, pdf_sin_firmar, tsa.url)
    assert "servicio suspendido" in str(error.value) or modo == "falla"

    tsa.modo = "concede"  # back up: the retry gets its timestamp
    pdf = _firmar(claves, pdf_sin_firmar, tsa.url)
    assert _estado(pdf, claves)[1].timestamp_validity.valid


def test_una_tsa_caida_es_un_error_transitorio(claves, pdf_sin_firmar):
    nadie = f"http://127.0.0.1:{puerto_libre(2)}/tsa"  # nothing listens there
    with pytest.raises(ErrorTransitorio, match="TSA"):
        _firmar(claves, pdf_sin_firmar, nadie)


def test_la_configuracion_lee_la_tsa_y_no_muestra_su_clave(tmp_path):
    entorno = {
        "MC_VAR_DIR": str(tmp_path),
        "PADES_TSA_URL": "https://tsa.example.pe/rfc3161",
        "PADES_TSA_USUARIO": "emision",
        "PADES_TSA_CLAVE": "secreta",
    }
    config = Config.desde_entorno("emision", entorno)
    assert config.pades_tsa_url == "https://tsa.example.pe/rfc3161"
    assert (config.pades_tsa_usuario, config.pades_tsa_clave) == ("emision", "secreta")
    assert "secreta" not in repr(config)
    assert Config.desde_entorno("emision", {"MC_VAR_DIR": str(tmp_path)}).pades_tsa_url is None
