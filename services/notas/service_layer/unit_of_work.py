"""Unit of work of the notas service."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.notas.adapters import orm
from services.notas.adapters.repositorio import RepositorioEstudiantes, RepositorioInstituciones
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoNotas(UnidadDeTrabajo):
    instituciones: RepositorioInstituciones
    estudiantes: RepositorioEstudiantes

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "notas", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.instituciones = RepositorioInstituciones(session)
        self.estudiantes = RepositorioEstudiantes(session)
