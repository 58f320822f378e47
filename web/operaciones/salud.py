"""What the health page reads: each service's health check and /metrics, the relay's metrics.

Read over HTTP as the gateway exposes them, parsed with prometheus-client's parser: the
outbox (unpublished events, age of the oldest) from each service, each queue's depth from the
relay. Whatever does not answer is reported as such, never as a crash of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests
from prometheus_client.parser import text_string_to_metric_families

from shared.config import SERVICIOS

TIEMPO = 3.0  # seconds per probe: the page answers even when a process hangs


@dataclass
class EstadoServicio:
    servicio: str
    estado: str = "no responde"
    base_de_datos: str = "—"
    broker: str = "—"
    outbox_pendientes: float | None = None
    outbox_antiguedad: float | None = None


@dataclass
class Salud:
    servicios: list[EstadoServicio]
    colas: dict[str, float] = field(default_factory=dict)
    relay: str = "no responde"

    @property
    def todo_bien(self) -> bool:
        """Every service ok and the relay answering."""
        return self.relay == "ok" and all(s.estado == "ok" for s in self.servicios)


def muestras(texto: str, nombre: str, etiqueta: str) -> dict[str, float]:
    """The values of metric ``nombre`` by the label ``etiqueta``."""
    valores = {}
    for familia in text_string_to_metric_families(texto):
        if familia.name == nombre:
            for m in familia.samples:
                valores[m.labels.get(etiqueta, "")] = m.value
    return valores


def _servicio(http: requests.Session, servicio: str, url: str, url_metricas: str) -> EstadoServicio:
    estado = EstadoServicio(servicio)
    try:
        datos = http.get(f"{url}/api/{servicio}/health", timeout=TIEMPO).json()
        estado.estado = datos.get("estado", "error")
        estado.base_de_datos = datos.get("base_de_datos", "—")
        estado.broker = datos.get("broker", "—")
        respuesta = http.get(url_metricas, timeout=TIEMPO)
        respuesta.raise_for_status()  # a gateway's 404 page is not metrics
        texto = respuesta.text
    except (requests.RequestException, ValueError):
        return estado
    estado.outbox_pendientes = muestras(texto, "mc_outbox_pendientes", "servicio").get(servicio)
    estado.outbox_antiguedad = muestras(texto, "mc_outbox_antiguedad_segundos", "servicio").get(
        servicio
    )
    return estado


def leer(
    urls: dict[str, str], url_relay: str | None, urls_metricas: dict[str, str] | None = None
) -> Salud:
    """Probe every service (its /metrics at ``urls_metricas``, else beside its API) and the
    relay."""
    metricas = {s: (urls_metricas or {}).get(s) or f"{urls[s]}/metrics" for s in SERVICIOS}
    with requests.Session() as http:
        salud = Salud([_servicio(http, s, urls[s], metricas[s]) for s in SERVICIOS])
        if url_relay:
            try:
                texto = http.get(url_relay, timeout=TIEMPO).text
                salud.colas = muestras(texto, "mc_cola_mensajes", "cola")
                salud.relay = "ok"
            except (requests.RequestException, ValueError):
                pass
    return salud
