"""Unit of work of the solicitudes service."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.solicitudes.adapters import orm
from services.solicitudes.adapters.repositorio import RepositorioCopias, RepositorioSolicitudes
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoSolicitudes(UnidadDeTrabajo):
    solicitudes: RepositorioSolicitudes
    copias: RepositorioCopias

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "solicitudes", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.solicitudes = RepositorioSolicitudes(session)
        self.copias = RepositorioCopias(session)
