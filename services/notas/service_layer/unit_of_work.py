"""Unit of work of the notas service."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.notas.adapters import orm
from services.notas.adapters.repositorio import (
    RepositorioAuditoria,
    RepositorioCatalogo,
    RepositorioEstudiantes,
    RepositorioInstantaneas,
    RepositorioInstituciones,
    RepositorioTalleres,
)
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoNotas(UnidadDeTrabajo):
    instituciones: RepositorioInstituciones
    talleres: RepositorioTalleres
    catalogo: RepositorioCatalogo
    estudiantes: RepositorioEstudiantes
    auditoria: RepositorioAuditoria
    instantaneas: RepositorioInstantaneas

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "notas", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.instituciones = RepositorioInstituciones(session)
        self.talleres = RepositorioTalleres(session)
        self.catalogo = RepositorioCatalogo(session)
        self.estudiantes = RepositorioEstudiantes(session)
        self.auditoria = RepositorioAuditoria(session)
        self.instantaneas = RepositorioInstantaneas(session)
