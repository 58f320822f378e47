"""Unit of work of the cuentas service."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.cuentas.adapters import orm
from services.cuentas.adapters.repositorio import (
    RepositorioAuditoria,
    RepositorioContadores,
    RepositorioCuentas,
    RepositorioEnlaces,
    RepositorioInstituciones,
    RepositorioSesiones,
)
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoCuentas(UnidadDeTrabajo):
    cuentas: RepositorioCuentas
    instituciones: RepositorioInstituciones
    sesiones: RepositorioSesiones
    enlaces: RepositorioEnlaces
    contadores: RepositorioContadores
    auditoria: RepositorioAuditoria

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "cuentas", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.cuentas = RepositorioCuentas(session)
        self.instituciones = RepositorioInstituciones(session)
        self.sesiones = RepositorioSesiones(session)
        self.enlaces = RepositorioEnlaces(session)
        self.contadores = RepositorioContadores(session)
        self.auditoria = RepositorioAuditoria(session)
