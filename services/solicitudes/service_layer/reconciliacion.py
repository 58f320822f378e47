"""Reconciliation: an emission order with no answer is sent again, then set to ERROR.

A broker that loses its queues (restart without persistence, a failover) loses orders and
answers alike. Every sweep (run by `mc relay`) takes the requests EN EMISIÓN for longer than
``RECONCILIAR_EMISION_TRAS`` and writes a new EmisionSolicitada to the outbox; emision issues
once per request and, for one already issued, publishes its CertificadoEmitido again. After
``MAX_REENVIOS_EMISION`` unanswered resends the request is ERROR, which staff see in the lote
and may order again or reject.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from services.solicitudes.service_layer.atencion import emision_solicitada

log = logging.getLogger(__name__)


class ReconciliacionEmision:
    servicio = "solicitudes"

    def __init__(
        self, uow_factory: Callable[[], object], tras: float, max_reenvios: int, limite: int = 500
    ):
        self._uow_factory = uow_factory
        self._tras = tras
        self._max_reenvios = max_reenvios
        self._limite = limite

    def barrer(self, ahora: datetime | None = None) -> int:
        """Resend (or give up on) the unanswered orders; how many were handled."""
        ahora = ahora or datetime.now(UTC)
        with self._uow_factory() as uow:
            atascadas = uow.solicitudes.sin_respuesta_de_emision(
                ahora - timedelta(seconds=self._tras), self._limite
            )
            reenviadas = 0
            for solicitud in atascadas:
                completitud = uow.copias.completitud(
                    solicitud.tipo_documento, solicitud.numero_documento, solicitud.nivel
                )
                if completitud is None:
                    solicitud.reenvios_emision = self._max_reenvios  # nothing to send: ERROR
                if solicitud.reordenar_sin_respuesta(self._max_reenvios):
                    por = _quien_ordeno(solicitud)
                    uow.publicar(emision_solicitada(solicitud, completitud, uow, por))
                    reenviadas += 1
            uow.commit()
        if atascadas:
            log.warning(
                "reconciliación: %s órdenes de emisión sin respuesta; %s reenviadas, %s en ERROR",
                len(atascadas),
                reenviadas,
                len(atascadas) - reenviadas,
            )
        return len(atascadas)


def _quien_ordeno(solicitud) -> str:
    """Who ordered the emission being resent (the last move to EN EMISIÓN)."""
    for cambio in reversed(solicitud.historial):
        if cambio.estado == solicitud.estado and cambio.por != "reconciliacion":
            return cambio.por
    return "reconciliacion"


def crear(config) -> ReconciliacionEmision:
    """The sweeper of ``config`` as `mc relay` runs it."""
    from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
    from shared.db import crear_engine, crear_session_factory

    fabrica = crear_session_factory(crear_engine(config))
    return ReconciliacionEmision(
        lambda: UnidadDeTrabajoSolicitudes(fabrica),
        config.reconciliar_emision_tras,
        config.max_reenvios_emision,
    )
