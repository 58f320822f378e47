"""Operaciones rotates the QR seal's key over HTTP: new certificates use the new key, the
ones issued before still verify (the retired key stays published with its window)."""

from __future__ import annotations

import pytest

from shared.sello import Sello
from tests.integration import datos
from tests.integration.verificacion.conftest import contenido_qr, emitir

pytestmark = pytest.mark.integration


def _sello(sistema, codigo: str) -> str:
    return contenido_qr(sistema, codigo).partition("?s=")[2]


def _comprobar(sistema, sello: str) -> dict:
    r = sistema.clientes["verificacion"].post("/api/verificacion/sellos", json={"sello": sello})
    assert r.status_code == 200, r.get_json()
    return r.get_json()["sello"]


def test_rotar_la_clave_del_sello_y_los_certificados_anteriores_siguen_verificando(sistema_v):
    emision = sistema_v.clientes["emision"]
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_v, ie, est)
    anterior = _sello(sistema_v, emitir(sistema_v, ie, est))
    assert _comprobar(sistema_v, anterior)["resultado"] == "AUTENTICO"

    r = emision.get("/api/emision/operaciones/claves", headers=datos.operaciones())
    assert r.status_code == 200
    antes = r.get_json()
    [activa] = [c for c in antes["claves"] if c["activa"]]
    assert activa["kid"] == Sello.desempaquetar(anterior).kid
    assert antes["certificado_pdf"]["sujeto"].startswith("Common Name: Mi Certificado")

    r = emision.post("/api/emision/operaciones/claves/rotacion", headers=datos.operaciones())
    assert r.status_code == 200, r.get_json()
    nueva = r.get_json()["kid"]
    assert nueva != activa["kid"]
    assert "siguen verificándose" in r.get_json()["mensaje"]
    despues = emision.get("/api/emision/operaciones/claves", headers=datos.operaciones())
    claves = {c["kid"]: c for c in despues.get_json()["claves"]}
    assert claves[nueva]["activa"] and claves[nueva]["valido_hasta"] is None
    assert not claves[activa["kid"]]["activa"] and claves[activa["kid"]]["valido_hasta"]

    # Issued before: still authentic. Issued after: sealed with the new key.
    assert _comprobar(sistema_v, anterior)["resultado"] == "AUTENTICO"
    otro = datos.estudiante()
    datos.registrar_todo(sistema_v, ie, otro)
    posterior = _sello(sistema_v, emitir(sistema_v, ie, otro))
    assert Sello.desempaquetar(posterior).kid == nueva
    # verificacion heard of the rotation (ClaveDeSelloRotada) and fetched the new key at once:
    # the new seal is authentic without waiting for its copy to age.
    assert _comprobar(sistema_v, posterior)["resultado"] == "AUTENTICO"
    publicadas = sistema_v.clientes["verificacion"].get("/api/verificacion/claves").get_json()
    assert {c["kid"] for c in publicadas["claves"]} >= {nueva, activa["kid"]}


def test_solo_operaciones_ve_y_rota_las_claves(sistema_v):
    emision = sistema_v.clientes["emision"]
    for cabecera in (datos.oaciged(), datos.director(datos.institucion())):
        r = emision.post("/api/emision/operaciones/claves/rotacion", headers=cabecera)
        assert r.status_code == 403
        assert r.get_json()["error"]["mensaje"] == "Su rol no tiene acceso a esta operación."
        assert emision.get("/api/emision/operaciones/claves", headers=cabecera).status_code == 403
    assert emision.post("/api/emision/operaciones/claves/rotacion").status_code == 401
