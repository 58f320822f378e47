"""Outbox relay: publishes committed events to each subscriber's queue, then marks them sent.

A crash after publishing and before marking sends the event again later; consumers are
idempotent, so delivery is at least once and its effect exactly once.
"""

from __future__ import annotations

import logging
import threading
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

    def pendientes(self) -> int:
        """How many events wait to be published."""
        with self._engine.connect() as conn:
            filas = conn.execute(
                select(self._outbox.c.id).where(self._outbox.c.publicado_en.is_(None))
            )
            return len(filas.all())


def correr(relays: list[Relay], detener: threading.Event, intervalo: float = 0.2) -> None:
    """Loop over the relays until ``detener`` is set; a broker outage backs off and retries."""
    espera = intervalo
    while not detener.is_set():
        publicados = 0
        try:
            for relay in relays:
                publicados += relay.publicar_pendientes()
            espera = intervalo
        except Exception as exc:  # broker or database down: nothing is marked sent, retry
            log.warning("relay: no se pudo publicar (%s); reintento en %.1fs", exc, espera)
            espera = min(espera * 2, 10.0)
        if not publicados:
            detener.wait(espera)
