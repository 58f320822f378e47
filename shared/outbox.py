"""Outbox relay: publishes committed events to each subscriber's queue, then marks them sent.

A crash after publishing and before marking sends the event again later; consumers are
idempotent, so delivery is at least once and its effect exactly once.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import Engine, MetaData, Table, select, update

from shared.db import tablas_infraestructura
from shared.eventos import suscriptores

log = logging.getLogger(__name__)


class Publicador(Protocol):
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
            for fila in filas:
                for destino in suscriptores(fila.type):
                    self._publicador.enviar(destino, fila.sobre)
            if filas:
                conn.execute(
                    update(o)
                    .where(o.c.id.in_([f.id for f in filas]))
                    .values(publicado_en=datetime.now(UTC), intentos=o.c.intentos + 1)
                )
        return len(filas)


def correr(relays: list[Relay], detener: threading.Event, intervalo: float = 0.2) -> None:
    """Loop over the relays until ``detener`` is set; each failing one backs off on its own."""
    espera = {r.servicio: 0.0 for r in relays}
    proximo = {r.servicio: 0.0 for r in relays}
    while not detener.is_set():
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
