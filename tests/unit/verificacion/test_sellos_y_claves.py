"""Seal checks against published keys, the document comparison, and the key copy's policy."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.verificacion.adapters.emision import EmisionNoDisponible
from services.verificacion.domain import sellos
from services.verificacion.domain.modelo import (
    CON_MARCA_DE_AGUA,
    ORIGINAL,
    VIGENTE,
    CertificadoVerificable,
    documento_coincide,
)
from services.verificacion.service_layer.claves import CopiaDeClaves
from shared.identificadores import nuevo_codigo_virtual
from shared.sello import Sello, huella_contenido

AHORA = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _clave(kid: str = "k1", desde: datetime = AHORA - timedelta(days=1), hasta=None):
    privada = Ed25519PrivateKey.generate()
    cruda = privada.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    publica = {
        "kid": kid,
        "algoritmo": "Ed25519",
        "clave_publica": base64.urlsafe_b64encode(cruda).rstrip(b"=").decode(),
        "valido_desde": desde.isoformat(),
        "valido_hasta": hasta.isoformat() if hasta else None,
        "activa": hasta is None,
    }
    return privada, publica


def _sello(privada, kid="k1", codigo=None, emitido_en=AHORA) -> Sello:
    s = Sello(codigo or nuevo_codigo_virtual(), emitido_en, huella_contenido({"a": 1}), kid)
    return s.firmado(privada.sign(s.mensaje()))


def test_un_sello_autentico_y_cada_forma_de_no_serlo():
    privada, publica = _clave()
    sello = _sello(privada)
    revisar = sellos.revisar_sello
    assert revisar(sello, [publica], sello.codigo_virtual, sello.huella.hex()).resultado == (
        sellos.AUTENTICO
    )
    otro_codigo = nuevo_codigo_virtual()
    assert revisar(sello, [publica], otro_codigo).resultado == sellos.NO_AUTENTICO
    assert revisar(sello, [publica], None, "00" * 32).resultado == sellos.NO_AUTENTICO
    assert revisar(replace(sello, firma=bytes(64)), [publica]).resultado == sellos.NO_AUTENTICO
    intrusa, _ = _clave()
    assert revisar(_sello(intrusa), [publica]).resultado == sellos.NO_AUTENTICO
    assert revisar(replace(sello, kid="otra"), [publica]).resultado == sellos.NO_AUTENTICO
    assert revisar(sello, []).resultado == sellos.SIN_CLAVES
    assert revisar(None, [publica]).resultado == sellos.ILEGIBLE


def test_una_clave_retirada_no_avala_sellos_posteriores():
    privada, publica = _clave(hasta=AHORA)
    assert sellos.revisar_sello(_sello(privada), [publica]).resultado == sellos.AUTENTICO
    tardio = _sello(privada, emitido_en=AHORA + timedelta(hours=1))
    assert sellos.revisar_sello(tardio, [publica]).resultado == sellos.NO_AUTENTICO


def test_el_sello_se_lee_solo_o_dentro_de_la_url_del_qr():
    privada, _ = _clave()
    sello = _sello(privada)
    texto = sello.empaquetar()
    assert sellos.leer_sello(texto) == sello
    assert sellos.leer_sello(f"https://x.pe/v/ABCD?s={texto}") == sello
    assert sellos.leer_sello("https://x.pe/v/ABCD?s=basura") is None
    assert sellos.leer_sello("") is None


def test_el_documento_se_compara_entero_y_uno_vacio_no_coincide_con_nada():
    assert documento_coincide("72527431", "72527431")
    assert not documento_coincide("72527431", "7252743")
    assert not documento_coincide("72527431", "72527432")
    assert not documento_coincide("", "")  # rows from before the number was kept
    assert not documento_coincide(None, "72527431")
    assert not documento_coincide("72527431", "ÑANDÚ")  # any input compares, no TypeError


def test_un_pdf_es_el_original_el_de_marca_de_agua_o_ninguno():
    cert = CertificadoVerificable(
        nuevo_codigo_virtual(), VIGENTE, "A", "***1", "DNI", "IE", "0000001", "0", "EBR",
        "SECUNDARIA", [], AHORA, "a" * 64,
    )  # fmt: skip
    cert.sustituir(nuevo_codigo_virtual(), "b" * 64)
    assert cert.version_del_archivo("a" * 64) == ORIGINAL
    assert cert.version_del_archivo("b" * 64) == CON_MARCA_DE_AGUA
    assert cert.version_del_archivo("c" * 64) is None


class _Repo:
    def __init__(self):
        self.guardadas: list[dict] = []

    def claves(self):
        return list(self.guardadas)

    def reemplazar_claves(self, claves, _ahora):
        self.guardadas = list(claves)


class _Uow:
    def __init__(self, repo):
        self.certificados = repo

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return None

    def commit(self):
        pass


class _Emision:
    def __init__(self, claves):
        self.respuesta = claves
        self.pedidos = 0

    def claves(self):
        self.pedidos += 1
        if isinstance(self.respuesta, Exception):
            raise self.respuesta
        return self.respuesta


@pytest.fixture
def reloj():
    class Reloj:
        t = 1000.0

        def __call__(self):
            return self.t

    return Reloj()


def test_la_copia_se_trae_una_vez_y_se_renueva_ante_una_clave_desconocida(reloj):
    repo = _Repo()
    _, k1 = _clave("k1")
    emision = _Emision([k1])
    copia = CopiaDeClaves(lambda: _Uow(repo), emision, vigencia=600, espera=30, reloj=reloj)
    assert copia.claves("k1") == [k1] and repo.guardadas == [k1]
    assert copia.claves("k1") == [k1] and emision.pedidos == 1  # no call per lookup

    _, k2 = _clave("k2")
    emision.respuesta = [k2, k1]  # a rotation just happened
    reloj.t += 10
    assert copia.claves("k2") == [k1]  # asked less than 30 s ago: not again yet
    reloj.t += 25
    assert {c["kid"] for c in copia.claves("k2")} == {"k1", "k2"} and emision.pedidos == 2


def test_con_emision_caida_se_usa_la_copia_guardada(reloj):
    repo = _Repo()
    _, k1 = _clave("k1")
    repo.guardadas = [k1]  # stored by an earlier process
    emision = _Emision(EmisionNoDisponible("caída"))
    copia = CopiaDeClaves(lambda: _Uow(repo), emision, reloj=reloj)
    assert copia.claves("k1") == [k1] and emision.pedidos == 1
    emision.respuesta = []  # answering, but with nothing: never trade the copy for nothing
    reloj.t += 700
    assert copia.claves("k1") == [k1] and repo.guardadas == [k1]
