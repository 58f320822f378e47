"""Reads for the operations console: every lote with its progress, requests stuck EN EMISIÓN."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from services.solicitudes.domain.lote import Lote
from services.solicitudes.domain.modelo import EN_EMISION, Solicitud


class ConsultasOperaciones:
    """Mixed into RepositorioSolicitudes (``self.session``)."""

    def lotes_recientes(self, pagina: int, por_pagina: int) -> tuple[int, list, dict]:
        """(total, the page's lotes newest first, {lote_id: {estado: n}})."""
        total = self.session.execute(select(func.count()).select_from(Lote)).scalar()
        lotes = list(
            self.session.scalars(
                select(Lote)
                .order_by(Lote.creado_en.desc())
                .limit(por_pagina)
                .offset((pagina - 1) * por_pagina)
            )
        )
        conteos: dict[str, dict[str, int]] = {lote.id: {} for lote in lotes}
        if lotes:
            filas = self.session.execute(
                select(Solicitud.lote_id, Solicitud.estado, func.count())
                .where(Solicitud.lote_id.in_(list(conteos)))
                .group_by(Solicitud.lote_id, Solicitud.estado)
            )
            for lote_id, estado, n in filas:
                conteos[lote_id][estado] = n
        return total, lotes, conteos

    def atascadas_en_emision(self, antes_de: datetime, limite: int) -> list[Solicitud]:
        """EN EMISIÓN since before ``antes_de``, oldest first (read only)."""
        return list(
            self.session.scalars(
                select(Solicitud)
                .where(Solicitud.estado == EN_EMISION, Solicitud.emision_ordenada_en < antes_de)
                .order_by(Solicitud.emision_ordenada_en)
                .limit(limite)
            )
        )
