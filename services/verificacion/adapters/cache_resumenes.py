"""Ready-made summaries kept in each process, invalidated by PostgreSQL's LISTEN/NOTIFY.

The busiest endpoint answers a code's summary; almost every code never changes after it is
issued. Each web process keeps the summaries it served (bounded, least recently used out) and
listens on its schema's channel: the event handlers that change a certificate (supersede,
annul) send ``pg_notify`` inside their transaction, so the notice leaves on commit — never for
a change that was rolled back — and every process drops that code.

Correctness rules:
- A SUSTITUIDO summary names the newest certificate of its chain, which changes only when a
  later one of the chain is superseded: that supersede notifies every older certificate of
  the chain too (found by ``sustituido_por``). Annulling one changes no other's summary.
- A read that began before a notice may not store what it read (the generation counter).
- While the listening connection is down nothing is served from memory, and what was kept
  is dropped when it comes back (notices may have been missed meanwhile).
Embedded mode (SQLite) has no NOTIFY: no cache there.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict

import psycopg
from sqlalchemy import make_url, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CACHEABLES = frozenset({"VIGENTE", "ANULADO", "SUSTITUIDO"})
_PREFIJO_CANAL = "mc_resumenes_"


def canal(schema: str) -> str:
    """The NOTIFY channel of a schema's read model (an identifier: at most 63 bytes)."""
    return (_PREFIJO_CANAL + schema)[:63]


def avisar_cambio(session: Session, codigo_virtual: str) -> None:
    """Tell every process that ``codigo_virtual`` changed, when this transaction commits."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_notify(left(:prefijo || current_schema(), 63), :codigo)"),
        {"prefijo": _PREFIJO_CANAL, "codigo": codigo_virtual},
    )


class CacheResumenes:
    """Summaries by code, in this process, valid while its listener is connected."""

    def __init__(self, dsn: str, schema: str, maximo: int = 100_000, espera: float = 5.0):
        self._dsn, self._canal = dsn, canal(schema)
        self._maximo, self._espera = maximo, espera
        self._datos: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()
        self._generacion = 0
        self._escuchando = threading.Event()
        self._pid: int | None = None  # the listener runs in the process that serves (forks)
        self._detener = threading.Event()

    # -- the lookup's side ----------------------------------------------------------------
    def generacion(self) -> int | None:
        """A token to pass to ``guardar``; None when nothing may be cached now."""
        self._asegurar_escucha()
        return self._generacion if self._escuchando.is_set() else None

    def obtener(self, codigo: str) -> dict | None:
        """A copy of the kept summary (the caller may change it), or None."""
        if not self._escuchando.is_set():
            return None
        with self._lock:
            resumen = self._datos.get(codigo)
            if resumen is None:
                return None
            self._datos.move_to_end(codigo)
        return dict(resumen)

    def guardar(self, codigo: str, resumen: dict, generacion: int | None) -> None:
        """Keep ``resumen`` if no notice arrived since ``generacion`` was taken."""
        if generacion is None or resumen.get("estado") not in CACHEABLES:
            return
        with self._lock:
            if generacion != self._generacion or not self._escuchando.is_set():
                return
            self._datos[codigo] = dict(resumen)
            self._datos.move_to_end(codigo)
            while len(self._datos) > self._maximo:
                self._datos.popitem(last=False)

    # -- the listener's side ----------------------------------------------------------------
    def invalidar(self, codigo: str) -> None:
        with self._lock:
            self._generacion += 1
            self._datos.pop(codigo, None)

    def vaciar(self) -> None:
        with self._lock:
            self._generacion += 1
            self._datos.clear()

    def detener(self) -> None:
        self._detener.set()

    def _asegurar_escucha(self) -> None:
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._escuchando.clear()
            self._datos.clear()  # copied from a parent by fork: not this process's to trust
        threading.Thread(target=self._escuchar, name="cache-resumenes", daemon=True).start()

    def _escuchar(self) -> None:
        while not self._detener.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f'LISTEN "{self._canal}"')
                    self.vaciar()  # notices may have been missed while not listening
                    self._escuchando.set()
                    while not self._detener.is_set():
                        for aviso in conn.notifies(timeout=self._espera):
                            self.invalidar(aviso.payload)
            except Exception as exc:  # the database went away: serve from it, not from memory
                log.warning("caché de resúmenes sin aviso de cambios (%s); se reintenta", exc)
            finally:
                self._escuchando.clear()
                self.vaciar()
            self._detener.wait(self._espera)


def para(config) -> CacheResumenes | None:
    """The cache of a service process on PostgreSQL; None in embedded mode (no NOTIFY)."""
    if config.embebido or not config.db_schema:
        return None
    url = make_url(config.database_url).set(drivername="postgresql")
    return CacheResumenes(url.render_as_string(hide_password=False), config.db_schema)
