"""verificacion's W3C Bitstring Status Lists: annulled and superseded certificates flip a bit."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

from shared import lista_estado, vc_jose
from tests.integration import datos
from tests.integration.test_emision import _emitir, _pdf


def _credencial(sistema, codigo: str, carpeta) -> dict:
    """The VC inside the issued PDF, verified with emision's published keys."""
    (carpeta / "ce.pdf").write_bytes(_pdf(sistema, codigo))
    subprocess.run(["pdfdetach", "-saveall", "-o", str(carpeta), str(carpeta / "ce.pdf")])
    claves = sistema.clientes["emision"].get("/api/emision/claves").get_json()["claves"]
    return vc_jose.verificar((carpeta / "credencial.jwt").read_text(), claves)[1]


def _bit(sistema, entrada: dict) -> bool:
    """What a verifier reads: the list credential from its URL, its signature, its bit."""
    r = sistema.clientes["verificacion"].get(urlsplit(entrada["statusListCredential"]).path)
    assert r.status_code == 200 and r.mimetype == "application/vc+jwt"
    claves = sistema.clientes["verificacion"].get("/api/verificacion/listas-estado/claves")
    _, lista = vc_jose.verificar(r.get_data(as_text=True), claves.get_json()["claves"])
    assert lista["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    sujeto = lista["credentialSubject"]
    assert sujeto["statusPurpose"] == entrada["statusPurpose"]
    return lista_estado.leer(sujeto["encodedList"], int(entrada["statusListIndex"]))


def test_anular_y_sustituir_cambian_el_bit_de_la_credencial(sistema_pg, tmp_path):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    primero = _emitir(sistema_pg, ie, est)
    anulacion, sustitucion = _credencial(sistema_pg, primero, tmp_path)["credentialStatus"]
    assert (anulacion["statusPurpose"], sustitucion["statusPurpose"]) == ("revocation", "message")
    assert not _bit(sistema_pg, anulacion) and not _bit(sistema_pg, sustitucion)

    datos.registrar_todo(sistema_pg, ie, est)
    segundo = _emitir(sistema_pg, ie, est)  # supersedes the first
    assert _bit(sistema_pg, sustitucion) and not _bit(sistema_pg, anulacion)

    r = sistema_pg.clientes["emision"].post(
        f"/api/emision/certificados/{segundo}/anulacion",
        json={"motivo_anulacion": "Se consignó un año lectivo equivocado."},
        headers=datos.director(ie),
    )
    assert r.status_code == 200
    sistema_pg.entregar()
    (tmp_path / "otro").mkdir()
    revocacion, _ = _credencial(sistema_pg, segundo, tmp_path / "otro")["credentialStatus"]
    assert _bit(sistema_pg, revocacion)
    assert revocacion["statusListIndex"] != anulacion["statusListIndex"]


def test_una_lista_de_estado_desconocida_es_404(sistema):
    r = sistema.clientes["verificacion"].get("/api/verificacion/listas-estado/1/suspension")
    assert r.status_code == 404 and r.get_json()["error"]["codigo"] == "no_encontrado"
