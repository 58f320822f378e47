"""Correlation id and request id: who caused this, carried from the first request to the email.

The correlation id is set once, at the first HTTP request (taken from the gateway's
``X-Correlation-ID`` or ``X-Request-ID``, or made here), and then travels: the unit of work
stamps it on every event it commits, a consumer takes it from the envelope it handles, a Celery
task from its headers. Code reads it with ``actual()``; log records carry it (a logging filter).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

CABECERA_CORRELACION = "X-Correlation-ID"
CABECERA_PETICION = "X-Request-ID"
# A gateway's ids are UUIDs or hex (nginx's $request_id); nothing that could forge a log line
# or a header: letters, digits and . _ : - only.
_VALIDO = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

_correlacion: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_peticion: ContextVar[str | None] = ContextVar("request_id", default=None)
_mensaje: ContextVar[str | None] = ContextVar("message_id", default=None)


def nuevo() -> str:
    """A fresh id (UUID 4)."""
    return str(uuid.uuid4())


def es_valido(valor: object) -> bool:
    """True when ``valor`` can travel as an id (1–128 safe characters)."""
    return isinstance(valor, str) and bool(_VALIDO.match(valor))


def actual() -> str | None:
    """The correlation id of what is being handled now, if any."""
    return _correlacion.get()


def peticion_actual() -> str | None:
    """The id of the HTTP request being served now, if any."""
    return _peticion.get()


def mensaje_actual() -> str | None:
    """The id of the event (or task) being handled now, if any."""
    return _mensaje.get()


@contextmanager
def con_mensaje(message_id: str | None) -> Iterator[None]:
    """Run a block while handling the message ``message_id`` (its id goes to the logs)."""
    token = _mensaje.set(message_id if es_valido(message_id) else None)
    try:
        yield
    finally:
        _mensaje.reset(token)


def fijar(correlation_id: str | None, request_id: str | None = None) -> tuple:
    """Set both ids until ``restablecer`` (for hooks that cannot wrap a block)."""
    return _correlacion.set(correlation_id), _peticion.set(request_id)


def restablecer(tokens: tuple) -> None:
    """Bring back the ids that were current before ``fijar``."""
    _correlacion.reset(tokens[0])
    _peticion.reset(tokens[1])


@contextmanager
def en(correlation_id: str | None, request_id: str | None = None) -> Iterator[None]:
    """Run a block with this correlation id (and request id); the previous ones come back."""
    tokens = fijar(correlation_id, request_id)
    try:
        yield
    finally:
        restablecer(tokens)


class FiltroCorrelacion(logging.Filter):
    """Adds ``correlation_id``, ``request_id`` and ``message_id`` to every record ("-": none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = actual() or "-"
        record.request_id = peticion_actual() or "-"
        record.message_id = mensaje_actual() or "-"
        return True


def instalar_en_logging(logger: logging.Logger | None = None) -> None:
    """Put the filter on every handler of ``logger`` (root by default), once each."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, FiltroCorrelacion) for f in handler.filters):
            handler.addFilter(FiltroCorrelacion())
