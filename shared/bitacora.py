"""Structured logs: one JSON object per line, with the service and the ids that tie them up.

Every line carries ``servicio``, ``correlation_id`` (the first request's, carried through every
event, task and email), ``request_id`` (this HTTP request, ``X-Request-ID`` from the gateway)
and ``message_id`` (the event or task being handled). Addresses are masked as in the mail log
(``v****@example.pe``): a log is read by more people than the mailbox.
``MC_LOG_FORMATO=texto`` keeps the plain one-line format for a developer's terminal.
"""

from __future__ import annotations

import logging
import os
import re
import sys

from flask import current_app, has_app_context
from pythonjsonlogger.json import JsonFormatter

from shared import correlacion
from shared.documentos import enmascarar_correo

_CORREO = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# PostgreSQL's DETAIL repeats a row's values ("Key (tipo_documento, numero_documento)=(DNI, …)").
_DETALLE_PG = re.compile(r"(Key \([^)]*\)=\()[^)]*(\))")


def enmascarar(texto: str) -> str:
    """Addresses masked, the values of a database error's DETAIL hidden."""
    texto = _DETALLE_PG.sub(r"\1***\2", texto)
    return _CORREO.sub(lambda m: enmascarar_correo(m[0]), texto) if "@" in texto else texto


CAMPOS = ("servicio", "correlation_id", "request_id", "message_id")
_TEXTO = "%(asctime)s %(servicio)s %(name)s %(levelname)s [%(correlation_id)s] %(message)s"


class FiltroServicio(logging.Filter):
    """Names the service on every record; masks e-mail addresses in the message."""

    def __init__(self, servicio: str):
        super().__init__()
        self.servicio = servicio

    def filter(self, record: logging.LogRecord) -> bool:
        record.servicio = _servicio_actual() or self.servicio
        mensaje = record.getMessage()
        limpio = enmascarar(mensaje)
        if limpio != mensaje:
            record.msg, record.args = limpio, ()
        return True


class JsonSoloCampos(JsonFormatter):
    """Only the listed fields (and a traceback): never a library's extras, such as Celery's
    ``data`` with a task's arguments — a student's document number and address."""

    def add_fields(self, log_data, record, message_dict) -> None:
        for campo in self._required_fields:
            log_data[self._get_rename(campo)] = record.__dict__.get(campo)
        for campo in ("exc_info", "stack_info"):
            if message_dict.get(campo):
                log_data[campo] = enmascarar(message_dict[campo])


def _servicio_actual() -> str | None:
    """The service whose request or task this is (several share a process in embedded mode)."""
    if not has_app_context():
        return None
    contexto = current_app.extensions.get("mc")
    return getattr(getattr(contexto, "config", None), "servicio", None)


def formateador(json: bool = True) -> logging.Formatter:
    """JSON with the standard fields and the four ids, or the one-line text format."""
    if not json:
        return logging.Formatter(_TEXTO)
    return JsonSoloCampos(
        ["asctime", "levelname", "name", "message", *CAMPOS],
        rename_fields={"asctime": "fecha", "levelname": "nivel", "name": "logger"},
        json_ensure_ascii=False,
    )


def formateador_del_entorno() -> logging.Formatter:
    """The formatter ``MC_LOG_FORMATO`` asks for (JSON unless "texto"): for dictConfig users."""
    return formateador(os.environ.get("MC_LOG_FORMATO", "json") != "texto")


class SalidaDeErrores(logging.StreamHandler):
    """The process's stderr as it was at start; if that stream is closed later (a test runner
    swaps and closes captured streams), the current one. Not the current one always: a Celery
    worker replaces sys.stderr with a proxy that logs what is written, a loop."""

    def __init__(self):
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self.stream, "closed", False):  # not setStream: it flushes the closed one
            self.stream = sys.stderr if not getattr(sys.stderr, "closed", False) else sys.__stderr__
        super().emit(record)


def configurar(servicio: str, nivel: int = logging.INFO, formato: str | None = None) -> None:
    """Root logging of this process: one handler to stderr, JSON lines (once per process).

    ``formato`` "texto" is the default of a command run by a person; ``MC_LOG_FORMATO`` wins.
    """
    raiz = logging.getLogger()
    for handler in raiz.handlers:
        if getattr(handler, "_mc_bitacora", False):
            return
    handler = SalidaDeErrores()  # where basicConfig wrote: stdout is for a command's output
    handler._mc_bitacora = True
    elegido = os.environ.get("MC_LOG_FORMATO") or formato or "json"
    handler.setFormatter(formateador(elegido != "texto"))
    handler.addFilter(correlacion.FiltroCorrelacion())
    handler.addFilter(FiltroServicio(servicio))
    raiz.addHandler(handler)
    raiz.setLevel(nivel)
    # fontTools logs each table of each font subset at INFO (~60 lines per PDF renderer).
    logging.getLogger("fontTools").setLevel(max(nivel, logging.WARNING))
