"""Read side for OPERACIONES: every lote's progress, requests stuck EN EMISIÓN."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.solicitudes.domain.modelo import EMITIDA, EN_EMISION, ERROR
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes


def lotes(uow: UnidadDeTrabajoSolicitudes, pagina: int, por_pagina: int) -> dict:
    """Every lote, newest first, with emitidas / fallidas / en emisión and whether it ended."""
    with uow:
        total, filas, conteos = uow.solicitudes.lotes_recientes(pagina, por_pagina)
        lista = []
        for lote in filas:
            por_estado = conteos[lote.id]
            en_emision = por_estado.get(EN_EMISION, 0)
            lista.append(
                {
                    "lote_id": lote.id,
                    "creado_en": lote.creado_en,
                    "rol": lote.rol,
                    "codigo_modular": lote.codigo_modular,
                    "anexo": lote.anexo,
                    "codigo_ugel": lote.codigo_ugel,
                    "total": lote.total,
                    "emitidas": por_estado.get(EMITIDA, 0),
                    "fallidas": por_estado.get(ERROR, 0),
                    "en_emision": en_emision,
                    "terminado": en_emision == 0,
                }
            )
    return {"pagina": pagina, "por_pagina": por_pagina, "total": total, "lotes": lista}


def atascadas(uow: UnidadDeTrabajoSolicitudes, minutos: int, limite: int) -> dict:
    """Requests EN EMISIÓN for longer than ``minutos`` (no personal data: ids and IE)."""
    ahora = datetime.now(UTC)
    with uow:
        filas = uow.solicitudes.atascadas_en_emision(ahora - timedelta(minutes=minutos), limite)
        solicitudes = [
            {
                "numero_solicitud": s.numero_solicitud,
                "codigo_modular": s.codigo_modular,
                "anexo": s.anexo,
                "lote_id": s.lote_id,
                "emision_ordenada_en": s.emision_ordenada_en,
                "minutos": int((ahora - _utc(s.emision_ordenada_en)).total_seconds() // 60),
            }
            for s in filas
        ]
    return {"minutos": minutos, "solicitudes": solicitudes}


def _utc(momento: datetime) -> datetime:
    return momento if momento.tzinfo else momento.replace(tzinfo=UTC)
