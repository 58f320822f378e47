"""Unit of work of the verificacion service."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.verificacion.adapters import orm
from services.verificacion.adapters.repositorio import RepositorioVerificacion
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoVerificacion(UnidadDeTrabajo):
    certificados: RepositorioVerificacion

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "verificacion", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.certificados = RepositorioVerificacion(session)
