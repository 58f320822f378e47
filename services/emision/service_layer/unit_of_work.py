"""Unit of work of the emision service."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.emision.adapters import orm
from services.emision.adapters.repositorio import RepositorioEmision
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoEmision(UnidadDeTrabajo):
    emision: RepositorioEmision

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "emision", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.emision = RepositorioEmision(session)
