"""Prometheus metrics of every service, worker and the relay (issue 15).

Multiprocess mode: when ``PROMETHEUS_MULTIPROC_DIR`` is set (before the process starts), each
process group — one service's gunicorn workers, one service's Celery prefork children, the
relay — writes to its own subfolder (``preparar``), and its scrape adds up only that group, so
Prometheus never counts one process twice. Without it, metrics live in the process.

Labels never carry a path, a document number or a code: HTTP requests are labelled with the
URL rule (``/api/solicitudes/seguimiento/<codigo_seguimiento>``), events with their type.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily

from shared.config import puertos
from shared.eventos import ESQUEMAS

log = logging.getLogger(__name__)

VARIABLE_MULTIPROCESO = "PROMETHEUS_MULTIPROC_DIR"
_TIPOS = {tipo for tipo, _ in ESQUEMAS}
_RAIZ = os.environ.get(VARIABLE_MULTIPROCESO)  # as the process started: the groups' parent

HTTP_PETICIONES = Counter(
    "mc_http_peticiones",
    "Peticiones HTTP atendidas, por ruta (regla de URL), método y estado.",
    ["servicio", "ruta", "metodo", "estado"],
)
HTTP_DURACION = Histogram(
    "mc_http_duracion_segundos",
    "Duración de las peticiones HTTP, por ruta y método.",
    ["servicio", "ruta", "metodo"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTOS_REGISTRADOS = Counter(
    "mc_eventos_registrados", "Eventos confirmados en el outbox, por tipo.", ["servicio", "tipo"]
)
EVENTOS_PUBLICADOS = Counter(
    "mc_eventos_publicados",
    "Eventos que el relay entregó al broker, por tipo y servicio destino.",
    ["servicio", "tipo", "destino"],
)
EVENTOS_CONSUMIDOS = Counter(
    "mc_eventos_consumidos",
    "Mensajes recibidos por un consumidor, por tipo y resultado (procesado, duplicado).",
    ["servicio", "tipo", "resultado"],
)
EVENTOS_REINTENTADOS = Counter(
    "mc_eventos_reintentados", "Mensajes que se reintentarán, por tipo.", ["servicio", "tipo"]
)
EVENTOS_DESCARTADOS = Counter(
    "mc_eventos_descartados",
    "Mensajes enviados a mensajes fallidos (dead letters), por tipo.",
    ["servicio", "tipo"],
)
CERTIFICADOS_EMITIDOS = Counter(
    "mc_certificados_emitidos", "Certificados emitidos (confirmados).", ["servicio"]
)
CORREOS_ENVIADOS = Counter(
    "mc_correos_enviados", "Correos aceptados por el servidor SMTP, por plantilla.", ["plantilla"]
)
CORREOS_FALLIDOS = Counter(
    "mc_correos_fallidos",
    "Intentos de correo fallidos, por plantilla y motivo (ERROR_TRANSITORIO, ERROR_PERMANENTE).",
    ["plantilla", "motivo"],
)


def preparar(grupo: str) -> None:
    """This process belongs to ``grupo`` (``web-emision``, ``worker-emision``, ``relay``).

    Call it before the first metric is touched: the files of its values go to the group's folder.
    """
    if _RAIZ:
        carpeta = Path(_RAIZ) / grupo
        carpeta.mkdir(parents=True, exist_ok=True)
        os.environ[VARIABLE_MULTIPROCESO] = str(carpeta)


def tipo_de(valor: object) -> str:
    """An event type as a label: only the known ones, anything else is ``desconocido``."""
    return valor if isinstance(valor, str) and valor in _TIPOS else "desconocido"


def contar_confirmados(servicio: str, tipos: Iterable[str]) -> None:
    """Events just committed with their state (the certificate count comes from here)."""
    for tipo in tipos:
        EVENTOS_REGISTRADOS.labels(servicio, tipo_de(tipo)).inc()
        if tipo == "CertificadoEmitido":
            CERTIFICADOS_EMITIDOS.labels(servicio).inc()


def contar_consumo(servicio: str, sobre: object, resultado: object) -> None:
    """What a consumer did with one message: procesado, duplicado, reintento or descartado."""
    tipo = tipo_de(sobre.get("type") if isinstance(sobre, dict) else None)
    if resultado in ("procesado", "duplicado"):
        EVENTOS_CONSUMIDOS.labels(servicio, tipo, resultado).inc()
    elif resultado == "descartado":
        EVENTOS_DESCARTADOS.labels(servicio, tipo).inc()
    else:
        EVENTOS_REINTENTADOS.labels(servicio, tipo).inc()


def contar_correo(plantilla: str, resultado: str) -> None:
    """One delivery attempt: ENVIADO, or the failure's kind."""
    if resultado == "ENVIADO":
        CORREOS_ENVIADOS.labels(plantilla).inc()
    else:
        CORREOS_FALLIDOS.labels(plantilla, resultado).inc()


class Consulta:
    """A gauge read from the database at scrape time (outbox lag, lote progress)."""

    def __init__(self, nombre: str, ayuda: str, etiquetas: list[str], leer: Callable[[], list]):
        self.nombre, self.ayuda, self.etiquetas, self._leer = nombre, ayuda, etiquetas, leer

    def collect(self):
        familia = GaugeMetricFamily(self.nombre, self.ayuda, labels=self.etiquetas)
        try:
            for *valores, medida in self._leer():
                familia.add_metric([str(v) for v in valores], float(medida))
        except Exception as exc:  # the database is down: the scrape still answers
            log.warning("métrica %s: %s", self.nombre, exc)
        yield familia


def registro(extras: Iterable = ()) -> CollectorRegistry:
    """What one scrape shows: this process group's metrics plus the database gauges."""
    if os.environ.get(VARIABLE_MULTIPROCESO):
        reg = CollectorRegistry()
        multiprocess.MultiProcessCollector(reg)
    else:
        reg = CollectorRegistry()
        reg.register(_Proceso())
    for extra in extras:
        reg.register(extra)
    return reg


class _Proceso:
    """Single-process mode: the default registry's metrics, through a fresh registry."""

    def collect(self):
        yield from REGISTRY.collect()


def exponer(extras: Iterable = ()) -> tuple[bytes, str]:
    """The text exposition format of ``registro(extras)`` and its content type."""
    return generate_latest(registro(extras)), CONTENT_TYPE_LATEST


def puerto_de(servicio: str | None) -> int | None:
    """Where a worker (``servicio``) or the relay (None) serves its metrics; None: nowhere.

    ``MC_METRICAS_PUERTO_BASE`` (default ``MC_PUERTO_BASE`` + 100, so 8100): the relay on the
    base, each service's worker on base + its number (as ``shared.config.puertos``); "0": off.
    """
    base = int(os.environ.get("MC_METRICAS_PUERTO_BASE", "0") or 0) or (
        int(os.environ.get("MC_PUERTO_BASE", "8000")) + 100
    )
    if os.environ.get("MC_METRICAS_PUERTO_BASE") == "0":
        return None
    return base if servicio is None else puertos(base)[servicio]


def servir(grupo: str, servicio: str | None = None, extras: Iterable = ()) -> int | None:
    """A worker's or the relay's metrics on their own port, from a thread; the port, or None.

    A port already taken (a second worker of one service on this host) is logged, not fatal:
    that worker still works, its metrics are in the group's folder for the first to serve.
    """
    preparar(grupo)
    puerto = puerto_de(servicio)
    if puerto is None:
        return None
    direccion = os.environ.get("MC_METRICAS_DIRECCION", "127.0.0.1")
    try:
        start_http_server(puerto, addr=direccion, registry=registro(extras))
    except OSError as exc:
        log.warning("métricas de %s: no se pudo abrir el puerto %s (%s)", grupo, puerto, exc)
        return None
    log.info("métricas de %s en http://%s:%s/metrics", grupo, direccion, puerto)
    return puerto


def proceso_terminado(pid: int) -> None:
    """A child (gunicorn worker, Celery prefork child) exited: drop its live gauges."""
    if _RAIZ and Path(_RAIZ).is_dir():
        for carpeta in [Path(_RAIZ), *(c for c in Path(_RAIZ).iterdir() if c.is_dir())]:
            multiprocess.mark_process_dead(pid, str(carpeta))


def cronometro() -> float:
    return time.perf_counter()
