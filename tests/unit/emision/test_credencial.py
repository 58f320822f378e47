"""The CE's Verifiable Credential, checked only from the standards (RFC 7515/8037, VC 2.0).

The credential is taken out of the PDF with poppler's ``pdfdetach`` and verified with PyJWT
and the published Ed25519 public key: none of the project's verifier code is used.
"""

from __future__ import annotations

import base64
import json
import subprocess

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.emision.adapters.credencial_jose import EmisorCredencial
from services.emision.adapters.firma_pdf import RenderizadorFirmado, cargar_firmante
from services.emision.adapters.pdf import RenderizadorPdf
from shared.llavero import Llavero
from tests.unit.emision.test_firma_pdf import _documento, _validar

CONTEXTO = "https://micertificado.example.pe/api/emision/credenciales/contexto/v1"


@pytest.fixture(scope="module")
def emitido(tmp_path_factory):
    """A signed CE PDF with its credential inside, and the key ring's published keys."""
    carpeta = tmp_path_factory.mktemp("vc")
    llavero = Llavero.cargar(carpeta, crear_si_falta=True)
    credenciales = EmisorCredencial(llavero, "https://micertificado.example.pe", CONTEXTO)
    firmante = cargar_firmante(carpeta, crear_si_falta=True)
    pdf = RenderizadorFirmado(RenderizadorPdf(), firmante, credenciales).renderizar(_documento())
    (carpeta / "ce.pdf").write_bytes(pdf)
    salida = carpeta / "adjuntos"
    salida.mkdir()
    subprocess.run(
        ["pdfdetach", "-saveall", "-o", str(salida), str(carpeta / "ce.pdf")], check=True
    )
    return carpeta, pdf, (salida / "credencial.jwt").read_text(), llavero.publicas()


def _clave(publicas: list[dict], kid: str) -> Ed25519PublicKey:
    (clave,) = [c for c in publicas if c["kid"] == kid]
    crudo = base64.urlsafe_b64decode(clave["clave_publica"] + "==")
    return Ed25519PublicKey.from_public_bytes(crudo)


def _verificar(token: str, publicas: list[dict]) -> dict:
    cabecera = jwt.get_unverified_header(token)
    assert cabecera["alg"] == "EdDSA" and cabecera["typ"] == "vc+jwt"
    return jwt.decode(token, _clave(publicas, cabecera["kid"]), algorithms=["EdDSA"])


def test_la_credencial_extraida_del_pdf_se_verifica_con_la_clave_publicada(emitido):
    _, _, token, publicas = emitido
    vc = _verificar(token, publicas)
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert CONTEXTO in vc["@context"] and "VerifiableCredential" in vc["type"]
    assert vc["issuer"]["name"] == "Ministerio de Educación del Perú"
    sujeto = vc["credentialSubject"]
    assert sujeto["numero_documento"] == _documento().estudiante.numero_documento
    primero = sujeto["grados"][0]
    assert primero["codigo_modular"] and primero["situacion_final"]
    nota = next(c for c in primero["calificaciones"] if c["calificacion"] not in (None, "EXO"))
    assert nota["escala"] in ("VIGESIMAL_0_20", "LITERAL_AD_A_B_C")


def test_cambiar_una_nota_invalida_la_credencial(emitido):
    _, _, token, publicas = emitido
    cabecera, carga, firma = token.split(".")
    vc = json.loads(base64.urlsafe_b64decode(carga + "=="))
    notas = vc["credentialSubject"]["grados"][0]["calificaciones"]
    nota = next(c for c in notas if c["calificacion"] not in (None, "EXO"))
    nota["calificacion"] = "20" if nota["calificacion"] != "20" else "19"
    otra = base64.urlsafe_b64encode(json.dumps(vc).encode()).rstrip(b"=").decode()
    with pytest.raises(jwt.InvalidSignatureError):
        _verificar(f"{cabecera}.{otra}.{firma}", publicas)


def test_el_pdf_con_la_credencial_sigue_firmado_y_la_lista_en_af(emitido, tmp_path):
    carpeta, pdf, _, _ = emitido
    resultado = _validar(pdf, tmp_path, carpeta / "pades" / "ca.pem")
    assert resultado.returncode == 0, resultado.stdout
    qpdf = subprocess.run(["qpdf", "--check", str(carpeta / "ce.pdf")], capture_output=True)
    assert qpdf.returncode == 0
    assert b"/AFRelationship /Data" in pdf and b"/AF [" in pdf
