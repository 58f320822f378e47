"""Queue depth for the relay's /metrics (issue 15), asked of a real Redis broker."""

from __future__ import annotations

import uuid

import pytest
from kombu import Connection
from prometheus_client.parser import text_string_to_metric_families

from shared import metricas
from shared.bus import profundidad_de_colas
from shared.config import Config

pytestmark = pytest.mark.integration


def test_la_profundidad_de_cada_cola_se_lee_del_broker(redis_url):
    config = Config.desde_entorno("solicitudes", {"BROKER_URL": redis_url})
    llena, vacia = f"cola-{uuid.uuid4().hex[:8]}", f"cola-{uuid.uuid4().hex[:8]}"
    with Connection(redis_url) as conexion:
        cola = conexion.SimpleQueue(llena)
        for i in range(3):
            cola.put({"orden": i})
        cola.close()
    try:
        texto = metricas.exponer([profundidad_de_colas(config, (llena, vacia))])[0].decode()
    finally:
        with Connection(redis_url) as conexion:
            conexion.SimpleQueue(llena).clear()
    [familia] = [f for f in text_string_to_metric_families(texto) if f.name == "mc_cola_mensajes"]
    assert {m.labels["cola"]: m.value for m in familia.samples} == {llena: 3.0, vacia: 0.0}
