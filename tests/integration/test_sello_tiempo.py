"""PAdES B-T on PostgreSQL: a TSA that does not answer delays the certificate, never loses it.

The emision app's signer is pointed at a TSA served over HTTP (tests/tsa_local.py). While the
TSA is down the emission order is retried by the consumer (the workers' code path, with
their retry bound) and nothing is issued; once it answers, the retry issues the certificate
with its signature timestamp. Annulling over HTTP with the TSA down answers 503, nothing changed.
"""

from __future__ import annotations

import io

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from services.emision.adapters.firma_pdf import cargar_firmante, cliente_tsa
from services.emision.service_layer.handlers import MOTIVO_FALLA_TECNICA
from shared.consumidor import Reintentar, procesar_mensaje
from tests.integration import datos
from tests.integration.test_emision import _emitir, _pdf, _verificar
from tests.tsa_local import TsaLocal, puerto_libre


@pytest.fixture
def con_tsa(sistema_pg, monkeypatch):
    """The emision app signing with a TSA over HTTP (B-T), restored after the test."""
    app = sistema_pg.apps["emision"]
    carpeta = app.extensions["mc"].config.firma_dir
    with TsaLocal(carpeta / "pades", puerto_libre(5), None) as tsa:
        firmante = cargar_firmante(carpeta, tsa=cliente_tsa(tsa.url))
        monkeypatch.setattr(app.extensions["emision"].renderizador, "firmante", firmante)
        yield tsa


def _ordenes_de_emision(sistema, monkeypatch) -> list[dict]:
    """Catch the emission orders on their way to emision (the rest are delivered as usual)."""
    capturadas: list[dict] = []
    enviar = sistema.publicador.enviar

    def desviar(destino: str, sobre: dict) -> None:
        if destino == "emision" and sobre["type"] == "EmisionSolicitada":
            capturadas.append(sobre)
        else:
            enviar(destino, sobre)

    monkeypatch.setattr(sistema.publicador, "enviar", desviar)
    return capturadas


def _consumir(sistema, sobre: dict, intento: int):
    """emision's consumer on one message, with the workers' retry bound (not the harness's 0)."""
    app = sistema.apps["emision"]
    ctx = app.extensions["mc"]
    with app.app_context():
        return procesar_mensaje(sobre, ctx.manejadores, ctx.uow_factory, intento, 8)


def _sello_de_tiempo(sistema, pdf: bytes):
    config = sistema.apps["emision"].extensions["mc"].config
    ca = load_cert_from_pemder(str(config.firma_dir / "pades" / "ca.pem"))
    (firma,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    contexto = ValidationContext(trust_roots=[ca])
    estado = validate_pdf_signature(firma, contexto, contexto)
    assert estado.bottom_line
    return estado.timestamp_validity


def test_con_la_tsa_caida_la_emision_se_reintenta_y_luego_sale_con_sello(
    sistema_pg, con_tsa, monkeypatch
):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    ordenes = _ordenes_de_emision(sistema_pg, monkeypatch)
    sol = sistema_pg.clientes["solicitudes"]
    creada = datos.solicitar_y_ordenar(sistema_pg, ie, est)
    sistema_pg.entregar()
    (orden,) = ordenes
    seguimiento = f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}"

    con_tsa.modo = "falla"
    resultado = _consumir(sistema_pg, orden, intento=0)
    assert isinstance(resultado, Reintentar), resultado
    assert "TSA" in resultado.motivo and resultado.motivo.startswith("ErrorTransitorio")
    sistema_pg.entregar()
    estado = sol.get(seguimiento).get_json()
    assert estado["estado"] == "EN EMISIÓN" and not estado.get("codigo_virtual"), estado

    con_tsa.modo = "concede"  # the TSA is back: the retried message issues the certificate
    assert _consumir(sistema_pg, orden, intento=1) == "procesado"
    sistema_pg.entregar()
    estado = sol.get(seguimiento).get_json()
    assert estado["estado"] == "EMITIDA", estado
    sello_tiempo = _sello_de_tiempo(sistema_pg, _pdf(sistema_pg, estado["codigo_virtual"]))
    assert sello_tiempo is not None and sello_tiempo.valid and sello_tiempo.trusted


def test_anular_con_la_tsa_caida_responde_503_y_no_cambia_nada(sistema_pg, con_tsa):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    codigo = _emitir(sistema_pg, ie, est)
    assert _sello_de_tiempo(sistema_pg, _pdf(sistema_pg, codigo)).valid

    con_tsa.modo = "niega"
    r = sistema_pg.clientes["emision"].post(
        f"/api/emision/certificados/{codigo}/anulacion",
        json={"motivo_anulacion": "Se consignó un año lectivo equivocado."},
        headers=datos.director(ie),
    )
    assert r.status_code == 503, r.get_json()
    error = r.get_json()["error"]
    assert error["codigo"] == "servicio_no_disponible"
    assert "Intente nuevamente" in error["mensaje"]
    sistema_pg.entregar()
    assert _verificar(sistema_pg, codigo)["estado"] == "VIGENTE"


def test_agotados_los_reintentos_la_solicitud_queda_en_error_y_se_vuelve_a_ordenar(
    sistema_pg, con_tsa
):
    """The harness dead-letters at the first failure, as a worker does past MAX_REINTENTOS."""
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    sol = sistema_pg.clientes["solicitudes"]
    creada = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()
    orden = {"numeros_solicitud": [creada["numero_solicitud"]]}
    seguimiento = f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}"

    con_tsa.modo = "falla"
    r = sol.post("/api/solicitudes/emisiones", json=orden, headers=datos.director(ie))
    assert r.status_code == 202, r.get_json()
    sistema_pg.entregar()
    estado = sol.get(seguimiento).get_json()
    assert estado["estado"] == "ERROR", estado
    assert estado["detalle"] == MOTIVO_FALLA_TECNICA and "TSA" not in estado["detalle"]
    staff = sol.get(
        f"/api/solicitudes/solicitudes/{creada['numero_solicitud']}", headers=datos.director(ie)
    )
    assert "TSA" in staff.get_json()["detalle_tecnico"]

    con_tsa.modo = "concede"
    r = sol.post("/api/solicitudes/emisiones", json=orden, headers=datos.director(ie))
    assert r.status_code == 202, r.get_json()
    sistema_pg.entregar()
    estado = sol.get(seguimiento).get_json()
    assert estado["estado"] == "EMITIDA", estado
    assert _sello_de_tiempo(sistema_pg, _pdf(sistema_pg, estado["codigo_virtual"])).valid
