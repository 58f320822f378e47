"""Metrics (issue 15): labels carry the URL rule and the event type, never a path or a code."""

from __future__ import annotations

from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from shared import metricas, metricas_web


def _muestras(texto: str) -> dict[tuple[str, tuple], float]:
    return {
        (m.name, tuple(sorted(m.labels.items()))): m.value
        for familia in text_string_to_metric_families(texto)
        for m in familia.samples
    }


def _app() -> Flask:
    app = Flask("prueba")
    metricas_web.instalar(app, "pruebas")

    @app.get("/api/pruebas/seguimiento/<codigo>")
    def ver(codigo):
        return {"codigo": codigo}, 404 if codigo.startswith("X") else 200

    return app


def test_una_peticion_se_cuenta_por_su_regla_de_url_nunca_por_su_ruta():
    cliente = _app().test_client()
    antes = _muestras(cliente.get("/metrics").text)
    for codigo in ("7K3M9QXD2HVBN4TS", "XXXX", "72527431"):
        cliente.get(f"/api/pruebas/seguimiento/{codigo}")
    texto = cliente.get("/metrics").text
    despues = _muestras(texto)
    regla = "/api/pruebas/seguimiento/<codigo>"

    def cuenta(muestras, estado):
        etiquetas = {"servicio": "pruebas", "ruta": regla, "metodo": "GET", "estado": estado}
        return muestras.get(("mc_http_peticiones_total", tuple(sorted(etiquetas.items()))), 0)

    assert cuenta(despues, "200") - cuenta(antes, "200") == 2
    assert cuenta(despues, "404") - cuenta(antes, "404") == 1
    assert "72527431" not in texto and "7K3M9QXD2HVBN4TS" not in texto
    assert 'mc_http_duracion_segundos_bucket{le="0.005",metodo="GET"' in texto


def test_el_consumo_cuenta_cada_resultado_por_tipo_y_un_tipo_extrano_no_crea_etiquetas():
    def valor(nombre, **etiquetas):
        texto = metricas.exponer()[0].decode()
        return _muestras(texto).get((nombre, tuple(sorted(etiquetas.items()))), 0)

    base = {"servicio": "pruebas", "tipo": "CertificadoEmitido"}
    antes = valor("mc_eventos_consumidos_total", **base, resultado="procesado")
    metricas.contar_consumo("pruebas", {"type": "CertificadoEmitido"}, "procesado")
    metricas.contar_consumo("pruebas", {"type": "<script>"}, "descartado")
    assert valor("mc_eventos_consumidos_total", **base, resultado="procesado") == antes + 1
    assert valor("mc_eventos_descartados_total", servicio="pruebas", tipo="desconocido") >= 1
    assert "<script>" not in metricas.exponer()[0].decode()
