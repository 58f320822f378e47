"""Outbox relay: publishes committed events to each subscriber's queue, then marks them sent.

A crash after publishing and before marking sends the event again later; consumers are
idempotent, so delivery is at least once and its effect exactly once.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import Engine, MetaData, Table, select, update

from shared import metricas
from shared.db import tablas_infraestructura
from shared.eventos import suscriptores

log = logging.getLogger(__name__)


class Publicador(Protocol):
    """Sends envelopes; may also offer ``en_lote()``, a block whose sends go out together."""

    def enviar(self, servicio_destino: str, sobre: dict) -> None: ...


class Relay:
    """Relays one service's outbox."""

    def __init__(self, servicio: str, engine: Engine, publicador: Publicador, lote: int = 200):
        self.servicio = servicio
        self._engine = engine
        self._publicador = publicador
        self._lote = lote
        self._outbox: Table = tablas_infraestructura(MetaData())["outbox"]

    def publicar_pendientes(self) -> int:
        """Publish up to one batch of unsent events; returns how many were published."""
        o = self._outbox
        consulta = (
            select(o.c.id, o.c.type, o.c.sobre)
            .where(o.c.publicado_en.is_(None))
            .order_by(o.c.creado_en)
            .limit(self._lote)
            .with_for_update(skip_locked=True)  # several relays of one service may run
        )
        with self._engine.begin() as conn:
            filas = conn.execute(consulta).all()
            en_lote = getattr(self._publicador, "en_lote", None)
            with en_lote() if filas and en_lote else nullcontext():  # one pipeline per batch
                for fila in filas:
                    for destino in suscriptores(fila.type):
                        self._publicador.enviar(destino, fila.sobre)
            if filas:
                conn.execute(
                    update(o)
                    .where(o.c.id.in_([f.id for f in filas]))
                    .values(publicado_en=datetime.now(UTC), intentos=o.c.intentos + 1)
                )
        for fila in filas:  # committed: these left for good
            for destino in suscriptores(fila.type):
                metricas.EVENTOS_PUBLICADOS.labels(self.servicio, fila.type, destino).inc()
        return len(filas)


class Barrido(Protocol):
    """A periodic sweep of one service (due email retries, reconciliation of stuck orders)."""

    servicio: str

    def barrer(self) -> int: ...


def correr(
    relays: list[Relay],
    detener: threading.Event,
    intervalo: float = 0.2,
    barridos: list[Barrido] = (),
    intervalo_barrido: float = 5.0,
) -> None:
    """Loop over the relays until ``detener`` is set; each failing one backs off on its own.

    Every ``intervalo_barrido`` seconds the sweepers run too, in the same loop: one process to
    run (`mc relay`, which `mc run` starts), not another daemon to remember.
    """
    espera = {r.servicio: 0.0 for r in relays}
    proximo = {r.servicio: 0.0 for r in relays}
    proximo_barrido = 0.0
    while not detener.is_set():
        if barridos and time.monotonic() >= proximo_barrido:
            _barrer(barridos)
            proximo_barrido = time.monotonic() + intervalo_barrido
        publicados = 0
        for relay in relays:
            if time.monotonic() < proximo[relay.servicio]:
                continue
            try:
                publicados += relay.publicar_pendientes()
                espera[relay.servicio] = 0.0
            except Exception as exc:  # its broker or database is down: nothing marked sent
                espera[relay.servicio] = min(max(espera[relay.servicio] * 2, intervalo), 10.0)
                proximo[relay.servicio] = time.monotonic() + espera[relay.servicio]
                log.warning(
                    "relay %s: no se pudo publicar (%s); reintento en %.1fs",
                    relay.servicio,
                    exc,
                    espera[relay.servicio],
                )
        if not publicados:
            detener.wait(intervalo)


def _barrer(barridos: list[Barrido]) -> None:
    for barrido in barridos:
        try:
            barrido.barrer()
        except Exception as exc:  # its database or broker is down: the next round tries again
            log.warning("barrido de %s: %s", barrido.servicio, exc)
