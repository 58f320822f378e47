"""The Flask side of the metrics: HTTP requests by URL rule, ``/metrics``, the outbox lag."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from flask import Flask, Response, g, request
from sqlalchemy import Engine, MetaData, func, select

from shared import metricas
from shared.db import tablas_infraestructura

log = logging.getLogger("mc.http")


def instalar(app: Flask, servicio: str, extras: Callable[[], Iterable] = tuple) -> None:
    """Count and time every request of ``app``; serve ``/metrics`` (``extras``: more gauges)."""
    metricas.preparar(f"web-{servicio}")

    @app.before_request
    def _inicio():
        g._inicio_metricas = metricas.cronometro()

    @app.after_request
    def _fin(respuesta):
        inicio = g.pop("_inicio_metricas", None)
        # The URL rule, never the path: no document number or code ends up in a label.
        ruta = request.url_rule.rule if request.url_rule is not None else "sin_ruta"
        metricas.HTTP_PETICIONES.labels(
            servicio, ruta, request.method, str(respuesta.status_code)
        ).inc()
        if inicio is not None:
            segundos = metricas.cronometro() - inicio
            metricas.HTTP_DURACION.labels(servicio, ruta, request.method).observe(segundos)
            # The access line: the URL rule (no document number), status and time, with the ids.
            log.info(
                "%s %s %s %.1fms", request.method, ruta, respuesta.status_code, segundos * 1000
            )
        return respuesta

    def _metricas():
        cuerpo, tipo = metricas.exponer(extras())
        return Response(cuerpo, mimetype=tipo.split(";")[0], content_type=tipo)

    app.add_url_rule("/metrics", "metricas", _metricas, methods=["GET"])


def retraso_outbox(servicio: str, engine: Engine) -> list[metricas.Consulta]:
    """Unpublished events and the age of the oldest one (the relay's lag), read per scrape."""
    outbox = tablas_infraestructura(MetaData())["outbox"]

    def leer() -> tuple[int, float]:
        consulta = select(func.count(), func.min(outbox.c.creado_en)).where(
            outbox.c.publicado_en.is_(None)
        )
        with engine.connect() as conn:
            pendientes, mas_antiguo = conn.execute(consulta).one()
        if mas_antiguo is None:
            return pendientes, 0.0
        if mas_antiguo.tzinfo is None:  # SQLite keeps naive UTC
            mas_antiguo = mas_antiguo.replace(tzinfo=UTC)
        return pendientes, (datetime.now(UTC) - mas_antiguo).total_seconds()

    return [
        metricas.Consulta(
            "mc_outbox_pendientes",
            "Eventos del outbox aún sin publicar.",
            ["servicio"],
            lambda: [(servicio, leer()[0])],
        ),
        metricas.Consulta(
            "mc_outbox_antiguedad_segundos",
            "Edad del evento sin publicar más antiguo (0 si no hay ninguno).",
            ["servicio"],
            lambda: [(servicio, leer()[1])],
        ),
    ]
