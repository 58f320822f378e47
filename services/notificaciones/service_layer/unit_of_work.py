"""Unit of work of the notificaciones service (its repositories: adapters/repositorio.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.notificaciones.adapters import orm
from services.notificaciones.adapters.repositorio import (
    RepositorioCorreos,
    RepositorioInstituciones,
    RepositorioSolicitudes,
)
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoNotificaciones(UnidadDeTrabajo):
    correos: RepositorioCorreos
    solicitudes: RepositorioSolicitudes
    instituciones: RepositorioInstituciones

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "notificaciones", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.correos = RepositorioCorreos(session)
        self.solicitudes = RepositorioSolicitudes(session)
        self.instituciones = RepositorioInstituciones(session)
