"""The email sweeper: queues every email whose next attempt is due (run by `mc relay`).

Waiting retries live in the database, not as broker countdowns: a worker holds nothing for
hours (Redis' visibility timeout stays short) and a task the broker lost or refused is queued
again once its lease runs out. Two sweepers never take the same email (SKIP LOCKED).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from services.notificaciones.domain.modelo import PoliticaReintentos
from services.notificaciones.service_layer.handlers import TAMANO_LOTE

log = logging.getLogger(__name__)


class BarridoCorreos:
    """One sweep: claim the due emails (lease), commit, then queue them in batches."""

    servicio = "notificaciones"

    def __init__(
        self,
        uow_factory: Callable[[], object],
        encolar: Callable[[list[int]], None],
        politica: PoliticaReintentos,
        limite: int = 1000,
    ):
        self._uow_factory = uow_factory
        self._encolar = encolar
        self._politica = politica
        self._limite = limite

    def barrer(self, ahora: datetime | None = None) -> int:
        """Queue the due emails; how many were queued."""
        ahora = ahora or datetime.now(UTC)
        with self._uow_factory() as uow:
            correos = uow.correos.vencidos(ahora, self._limite)
            for correo in correos:
                correo.reclamar(ahora, self._politica.arriendo)
            ids = [c.id for c in correos]
            uow.commit()
        encolados = 0
        for i in range(0, len(ids), TAMANO_LOTE):
            lote = ids[i : i + TAMANO_LOTE]
            try:
                self._encolar(lote)
            except Exception as exc:  # broker down: the lease runs out, a later sweep retries
                log.warning("barrido: no se pudo encolar %s correos (%s)", len(lote), exc)
                break
            encolados += len(lote)
        if encolados:
            log.info("barrido: %s correos encolados para otro intento", encolados)
        return encolados


def politica_de(config) -> PoliticaReintentos:
    """The retry policy the settings ask for (CORREO_PLAZO, CORREO_ESPERA_*)."""
    return PoliticaReintentos(
        plazo=config.correo_plazo,
        base=config.correo_espera_base,
        tope=config.correo_espera_maxima,
    )
