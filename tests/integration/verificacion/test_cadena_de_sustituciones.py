"""Superseded chains: the newest certificate, the holder's own file, genuine-but-not-valid."""

from __future__ import annotations

import hashlib
import io

import pytest
from bs4 import BeautifulSoup

from tests.integration import datos
from tests.integration.verificacion.conftest import emitir, pdf_de_emision

pytestmark = pytest.mark.integration

API = "/api/verificacion/certificados"


def _subir(cliente, url: str, pdf: bytes):
    return cliente.post(
        url,
        data={"archivo": (io.BytesIO(pdf), "certificado.pdf", "application/pdf")},
        content_type="multipart/form-data",
    )


def _sha(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


@pytest.fixture
def cadena(sistema_v):
    """A, B and C issued one after the other for the same student: A→B→C."""
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_v, ie, est)
    numero = est["numero_documento"]
    a = emitir(sistema_v, ie, est)
    original_a = pdf_de_emision(sistema_v, a, numero)  # what the holder was given
    b = emitir(sistema_v, ie, est)
    c = emitir(sistema_v, ie, est)
    return sistema_v, ie, numero, (a, b, c), original_a


def test_sustituido_enlaza_al_certificado_mas_reciente(cadena):
    sistema, _ie, _numero, (a, b, c), _original = cadena
    cliente = sistema.clientes["verificacion"]
    for viejo in (a, b):
        r = cliente.get(f"{API}/{viejo}").get_json()
        assert r["estado"] == "SUSTITUIDO" and r["sustituido_por"] == c
        pagina = BeautifulSoup(cliente.get(f"/v/{viejo}").get_data(as_text=True), "html.parser")
        assert pagina.select_one("#mas-reciente")["href"] == f"/v/{c}"
    assert cliente.get(f"{API}/{c}").get_json()["estado"] == "VIGENTE"


def test_la_huella_mostrada_es_la_del_archivo_entregado(cadena):
    sistema, _ie, numero, (a, _b, _c), original = cadena
    cliente = sistema.clientes["verificacion"]
    con_marca = pdf_de_emision(sistema, a, numero)  # re-rendered with the watermark
    assert con_marca != original
    r = cliente.get(f"{API}/{a}").get_json()
    assert r["sha256"] == _sha(original)
    assert r["sha256_con_marca"] == _sha(con_marca)
    pagina = BeautifulSoup(cliente.get(f"/v/{a}").get_data(as_text=True), "html.parser")
    assert pagina.select_one("#sha256").get_text(strip=True) == _sha(original)
    assert pagina.select_one("#sha256-con-marca").get_text(strip=True) == _sha(con_marca)


def test_el_original_de_un_sustituido_es_genuino_pero_no_vigente(cadena):
    sistema, _ie, numero, (a, _b, c), original = cadena
    cliente = sistema.clientes["verificacion"]
    con_marca = pdf_de_emision(sistema, a, numero)
    for pdf, version in ((original, "ORIGINAL"), (con_marca, "CON_MARCA_DE_AGUA")):
        r = _subir(cliente, f"{API}/{a}/archivo", pdf).get_json()
        assert (r["resultado"], r["version_pdf"]) == ("GENUINO_SUSTITUIDO", version)
        assert r["sha256"] == _sha(pdf) and c in r["mensaje"]

    r = _subir(cliente, f"/v/{a}/archivo", original)
    assert r.status_code == 200
    resultado = BeautifulSoup(r.get_data(as_text=True), "html.parser").select_one(
        "#resultado-archivo"
    )
    assert resultado.get_text(strip=True) == "⚠ PDF GENUINO, PERO SUSTITUIDO"
    assert "SUSTITUIDO" in resultado["class"] and "GENUINO" not in resultado["class"]


def test_el_original_de_un_anulado_es_genuino_pero_anulado(cadena):
    sistema, ie, numero, (_a, _b, c), _original = cadena
    cliente = sistema.clientes["verificacion"]
    original_c = pdf_de_emision(sistema, c, numero)
    r = _subir(cliente, f"{API}/{c}/archivo", original_c).get_json()
    assert r["resultado"] == "GENUINO"  # still the valid, newest one
    r = sistema.clientes["emision"].post(
        f"/api/emision/certificados/{c}/anulacion",
        json={"motivo_anulacion": "Error en el nombre de la institución."},
        headers=datos.director(ie),
    )
    assert r.status_code == 200
    sistema.entregar()
    r = _subir(cliente, f"{API}/{c}/archivo", original_c).get_json()
    assert r["resultado"] == "GENUINO_ANULADO" and "ANULADO" in r["mensaje"]
    pagina = BeautifulSoup(
        _subir(cliente, f"/v/{c}/archivo", original_c).get_data(as_text=True), "html.parser"
    )
    resultado = pagina.select_one("#resultado-archivo")
    assert resultado.get_text(strip=True) == "✘ PDF GENUINO, PERO ANULADO"
    assert "ANULADO" in resultado["class"]
