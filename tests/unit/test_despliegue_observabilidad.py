"""deploy/ (issue 15): the scrape targets, alert rules and dashboard match what the code serves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client.metrics import MetricWrapperBase

from shared import metricas
from shared.config import SERVICIOS, puertos

RAIZ = Path(__file__).resolve().parent.parent.parent
DEPLOY = RAIZ / "deploy"
_NOMBRE = re.compile(r"\bmc_[a-z_]+")
# Read from the database at scrape time (shared/metricas_web.py, solicitudes' flask_app.py).
CONSULTAS = {
    "mc_outbox_pendientes",
    "mc_outbox_antiguedad_segundos",
    "mc_lote_solicitudes",
    "mc_cola_mensajes",  # shared/bus.py, on the relay's endpoint
}


def _servidas() -> set[str]:
    """Every series name the code can expose (counters with _total, histograms' parts)."""
    nombres = set(CONSULTAS)
    for valor in vars(metricas).values():
        if not isinstance(valor, MetricWrapperBase):
            continue
        for familia in valor.describe():
            for sufijo in ("", "_total", "_bucket", "_sum", "_count", "_created"):
                nombres.add(familia.name + sufijo)
    return nombres


def _expresiones() -> list[str]:
    alertas = yaml.safe_load((DEPLOY / "prometheus" / "alertas.yml").read_text())
    tablero = json.loads((DEPLOY / "grafana" / "dashboards" / "mi-certificado.json").read_text())
    return [r["expr"] for g in alertas["groups"] for r in g["rules"]] + [
        t["expr"] for p in tablero["panels"] for t in p["targets"]
    ]


def test_alertas_y_tablero_solo_usan_metricas_que_existen():
    servidas = _servidas()
    usadas = {n for expr in _expresiones() for n in _NOMBRE.findall(expr)}
    assert usadas - servidas == set()
    # The figures issue 15 asks for are all on the dashboard or in an alert.
    for nombre in (
        "mc_http_peticiones_total",
        "mc_http_duracion_segundos_bucket",
        "mc_eventos_publicados_total",
        "mc_eventos_consumidos_total",
        "mc_eventos_reintentados_total",
        "mc_eventos_descartados_total",
        "mc_outbox_antiguedad_segundos",
        "mc_certificados_emitidos_total",
        "mc_correos_enviados_total",
        "mc_correos_fallidos_total",
        "mc_lote_solicitudes",
        "mc_cola_mensajes",
    ):
        assert nombre in usadas, nombre


def test_hay_una_alerta_por_cada_riesgo_del_issue():
    alertas = yaml.safe_load((DEPLOY / "prometheus" / "alertas.yml").read_text())
    por_nombre = {r["alert"]: r["expr"] for g in alertas["groups"] for r in g["rules"]}
    assert set(por_nombre) == {
        "OutboxAtrasado",
        "MensajesEnFallidos",
        "CorreosFallandoMucho",
        "ErroresHttp5xx",
    }
    assert "mc_outbox_antiguedad_segundos" in por_nombre["OutboxAtrasado"]
    assert 'estado=~"5.."' in por_nombre["ErroresHttp5xx"]


def test_prometheus_raspa_cada_servicio_worker_y_el_relay_en_sus_puertos():
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    objetivos = {
        j["job_name"]: {t for s in j["static_configs"] for t in s["targets"]}
        for j in config["scrape_configs"]
    }
    compose = yaml.safe_load((RAIZ / "docker-compose.yml").read_text())
    base = int(compose["x-entorno"]["MC_METRICAS_PUERTO_BASE"])
    assert objetivos["web"] == {f"{s}:8000" for s in SERVICIOS}
    assert objetivos["worker"] == {f"{s}-worker:{p}" for s, p in puertos(base).items()}
    assert objetivos["relay"] == {f"relay:{base}"}
    for objetivo in set().union(*objetivos.values()):
        assert objetivo.split(":")[0] in compose["services"], objetivo
    assert {"prometheus", "grafana"} <= set(compose["services"])
