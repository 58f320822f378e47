"""Queue depth for the relay's /metrics (issue 15), asked of a real Redis broker."""

from __future__ import annotations

import pytest
from kombu import Connection
from prometheus_client.parser import text_string_to_metric_families

from shared import metricas
from shared.bus import profundidad_de_colas
from shared.config import SERVICIOS, Config

pytestmark = pytest.mark.integration


def test_la_profundidad_de_cada_cola_se_lee_del_broker(redis_url):
    config = Config.desde_entorno("solicitudes", {"BROKER_URL": redis_url})
    with Connection(redis_url) as conexion:
        cola = conexion.SimpleQueue("emision")
        for i in range(3):
            cola.put({"orden": i})
        cola.close()
    try:
        texto = metricas.exponer([profundidad_de_colas(config, SERVICIOS)])[0].decode()
    finally:
        with Connection(redis_url) as conexion:
            conexion.SimpleQueue("emision").clear()
    [familia] = [f for f in text_string_to_metric_families(texto) if f.name == "mc_cola_mensajes"]
    por_cola = {m.labels["cola"]: m.value for m in familia.samples}
    assert por_cola == {**dict.fromkeys(SERVICIOS, 0.0), "emision": 3.0}
