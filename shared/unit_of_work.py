"""Unit of work: one transaction that holds a state change and the events it causes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

from marshmallow import ValidationError
from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from shared import correlacion, metricas
from shared.eventos import Evento, esquema_de
from shared.mensajes import Mensaje


class UnidadDeTrabajo:
    """SQLAlchemy unit of work; services subclass it and add their repositories in _repos()."""

    session: Session

    def __init__(self, session_factory: sessionmaker, servicio: str, tablas: dict[str, Table]):
        self._session_factory = session_factory
        self.servicio = servicio
        self.tablas = tablas
        self._outbox = tablas["outbox"]
        self._procesados = tablas["mensajes_procesados"]
        self._pendientes: list[Evento] = []
        self._agregados: dict[int, object] = {}

    def __enter__(self):
        self.session = self._session_factory()
        self._pendientes = []
        self._agregados = {}  # strong references: the session's identity map holds weak ones
        event.listen(self.session, "loaded_as_persistent", self._ver)
        event.listen(self.session, "transient_to_pending", self._ver)
        self._repos(self.session)
        return self

    def __exit__(self, *exc_info):
        self.session.rollback()
        self.session.close()
        self._agregados = {}

    def _ver(self, _session: Session, objeto) -> None:
        """Remember an aggregate this transaction loaded or added (it may record events)."""
        if hasattr(objeto, "sacar_eventos"):
            self._agregados[id(objeto)] = objeto

    def _repos(self, session: Session) -> None:
        """Create the service's repositories on ``session``."""

    def olvidar_lecturas(self) -> None:
        """Fresh repositories: what they kept for the transaction (a batch's preload) is gone."""
        self._repos(self.session)

    def publicar(self, evento: Evento | Mensaje, id: str | None = None) -> None:
        """Queue an event; it is written to the outbox by commit(), in the same transaction.

        ``id`` fixes a typed event's id (one that may be sent again, e.g. CertificadoEmitido).
        """
        if isinstance(evento, Mensaje):
            evento = a_evento(evento, id)
        esquema = esquema_de((evento.type, evento.version))
        if esquema is None:
            raise ValueError(f"evento sin esquema: {evento.type} v{evento.version}")
        errores = esquema.validate(evento.payload)
        if errores:
            raise ValidationError(errores)
        self._pendientes.append(evento)

    def commit(self) -> None:
        """Write pending events to the outbox and commit state and outbox together."""
        for evento in self.recoger_eventos():
            self.publicar(evento)
        self._pendientes = [_con_correlacion(e) for e in self._pendientes]
        if self._pendientes:
            self.session.execute(
                insert(self._outbox),
                [
                    {
                        "id": e.id,
                        "type": e.type,
                        "version": e.version,
                        "sobre": e.sobre(self.servicio),
                        "creado_en": e.occurred_at,
                        "intentos": 0,
                    }
                    for e in self._pendientes
                ],
            )
        self.session.commit()
        metricas.contar_confirmados(self.servicio, [e.type for e in self._pendientes])
        self._pendientes = []

    def recoger_eventos(self) -> list[Mensaje]:
        """The events recorded by the aggregates this transaction saw (loaded or added)."""
        vistos = {id(o): o for o in self.session.identity_map.values()} | self._agregados
        return [
            e
            for agregado in vistos.values()
            if hasattr(agregado, "sacar_eventos")
            for e in agregado.sacar_eventos()
        ]

    def republicar(self, evento_id: str) -> bool:
        """Mark an already-published event unsent: the relay sends the same envelope again.

        For reconciliation: consumers that handled it see a duplicate, those whose copy the
        broker lost handle it now. False when this outbox has no such event.
        """
        resultado = self.session.execute(
            update(self._outbox).where(self._outbox.c.id == evento_id).values(publicado_en=None)
        )
        return resultado.rowcount > 0

    @contextmanager
    def parcial(self) -> Iterator[None]:
        """A savepoint: what the block changes and publishes is kept, or undone, as one.

        A batch consumer runs each message in one; the events it causes are stamped with the
        correlation id in force now (its message's), not the batch's at commit.
        """
        antes = len(self._pendientes)
        try:
            with self.session.begin_nested():
                yield
                for evento in self.recoger_eventos():
                    self.publicar(evento)
                self.session.flush()  # its writes fail here, inside its savepoint
        except BaseException:
            self.recoger_eventos()  # what its aggregates recorded goes with it
            del self._pendientes[antes:]
            raise
        self._pendientes[antes:] = [_con_correlacion(e) for e in self._pendientes[antes:]]

    @contextmanager
    def contiguo(self) -> Iterator[None]:
        """As ``parcial`` without a savepoint: one message of a batch that, if any of its
        messages fails, is undone whole (``shared.consumidor``), so its writes wait for the
        batch's one flush. Its events are stamped with its own correlation id."""
        antes = len(self._pendientes)
        yield
        for evento in self.recoger_eventos():
            self.publicar(evento)
        self._pendientes[antes:] = [_con_correlacion(e) for e in self._pendientes[antes:]]

    def rollback(self) -> None:
        """Undo the transaction; the events its aggregates recorded are dropped with it."""
        self.recoger_eventos()
        self.session.rollback()
        self._pendientes = []

    def ya_procesado(self, mensaje_id: str) -> bool:
        """True when this consumer already handled the message (a redelivery)."""
        fila = self.session.execute(
            select(self._procesados.c.mensaje_id).where(self._procesados.c.mensaje_id == mensaje_id)
        ).first()
        return fila is not None

    def ya_procesados(self, mensaje_ids: list[str]) -> set[str]:
        """Which of these messages this consumer already handled: one round trip for a batch."""
        if not mensaje_ids:
            return set()
        columna = self._procesados.c.mensaje_id
        filas = self.session.execute(select(columna).where(columna.in_(mensaje_ids)))
        return {fila[0] for fila in filas}

    def marcar_procesados(self, mensajes: list[tuple[str, str]]) -> None:
        """Record a batch's messages (id, type) as handled, in one statement."""
        if mensajes:
            ahora = datetime.now(UTC)
            self.session.execute(
                insert(self._procesados),
                [{"mensaje_id": i, "type": t, "procesado_en": ahora} for i, t in mensajes],
            )

    def marcar_procesado(self, mensaje_id: str, tipo: str) -> None:
        """Record the message as handled, in the handler's own transaction."""
        self.session.execute(
            insert(self._procesados),
            {"mensaje_id": mensaje_id, "type": tipo, "procesado_en": datetime.now(UTC)},
        )


def a_evento(mensaje: Mensaje, id: str | None = None) -> Evento:
    """The outbox entry of a typed event: its type, version and wire payload."""
    extra = {"id": id} if id else {}
    return Evento(mensaje.tipo, mensaje.payload(), mensaje.version, **extra)


def _con_correlacion(evento: Evento) -> Evento:
    """The event stamped with the correlation id of what caused it (the request, the message)."""
    if evento.correlation_id or correlacion.actual() is None:
        return evento
    return replace(evento, correlation_id=correlacion.actual())
