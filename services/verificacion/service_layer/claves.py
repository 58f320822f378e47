"""verificacion's copy of emision's public keys: seals are checked here, not by calling emision.

Why a copy fetched from ``GET /api/emision/claves`` rather than an event: the keys are public,
few and change only when operations rotate them (a file operation outside any transaction, so
there is no outbox to carry an event from); emision already publishes them for offline
verifiers, and verificacion is one more such verifier. The copy lives in verificacion's own
table, so every process and every restart has it even while emision is down. It is fetched
again when it is older than ``vigencia`` seconds or when a seal names a key it does not know
(a rotation just happened), at most once per ``espera`` seconds per process; a seal naming an
unknown key first re-reads the table, which another process may have refreshed. emision also
announces each rotation (ClaveDeSelloRotada): the worker fetches the keys at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from services.verificacion.adapters.emision import ClienteEmision, EmisionNoDisponible

log = logging.getLogger(__name__)


class CopiaDeClaves:
    """The keys a seal may be checked with, from the local table, refreshed from emision."""

    def __init__(
        self,
        uow_factory: Callable,
        cliente: ClienteEmision,
        vigencia: float = 600.0,
        espera: float = 30.0,
        relectura: float = 60.0,
        reloj: Callable[[], float] = time.monotonic,
    ):
        self._uow_factory = uow_factory
        self._cliente = cliente
        self._vigencia, self._espera, self._relectura = vigencia, espera, relectura
        self._reloj = reloj
        self._cerrojo = threading.Lock()
        self._claves: list[dict] = []
        self._leidas_en: float | None = None  # last read of the local table
        self._pedidas_en: float | None = None  # last attempt to fetch from emision

    def claves(self, kid: str | None = None) -> list[dict]:
        """The keys known now; fetched first when stale or when ``kid`` is not among them."""
        with self._cerrojo:
            ahora = self._reloj()
            if self._leidas_en is None or ahora - self._leidas_en > self._relectura:
                self._leer(ahora)
            falta = kid is not None and all(c["kid"] != kid for c in self._claves)
            if falta and self._leidas_en != ahora:  # another process may have stored it
                self._leer(ahora)
                falta = all(c["kid"] != kid for c in self._claves)
            vencida = self._pedidas_en is None or ahora - self._pedidas_en > self._vigencia
            puede = self._pedidas_en is None or ahora - self._pedidas_en > self._espera
            if (falta or vencida) and puede:
                self._traer(ahora)
            return list(self._claves)

    def refrescar(self) -> list[dict]:
        """Fetch from emision now (a rotation was announced), whatever the waits; the keys."""
        with self._cerrojo:
            self._traer(self._reloj())
            return list(self._claves)

    def _leer(self, ahora: float) -> None:
        with self._uow_factory() as uow:
            self._claves = uow.certificados.claves()
        self._leidas_en = ahora

    def _traer(self, ahora: float) -> None:
        self._pedidas_en = ahora
        try:
            claves = self._cliente.claves()
        except EmisionNoDisponible as exc:
            log.warning("claves públicas: emisión no responde (%s); se usa la copia local", exc)
            return
        if not claves:  # never trade a working copy for nothing
            return
        try:
            with self._uow_factory() as uow:
                uow.certificados.reemplazar_claves(claves, datetime.now(UTC))
                uow.commit()
        except IntegrityError:  # another process stored the same keys at the same moment
            log.info("claves públicas: otro proceso ya las actualizó")
        self._leer(ahora)
