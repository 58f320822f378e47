"""Unit of work of the notificaciones service."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.notificaciones.adapters import orm
from services.notificaciones.domain.modelo import Correo
from shared.unit_of_work import UnidadDeTrabajo


class RepositorioCorreos:
    def __init__(self, session: Session):
        self.session = session

    def agregar(self, correo: Correo) -> None:
        self.session.add(correo)
        self.session.flush()

    def de_evento(self, evento_id: str, plantilla: str) -> Correo | None:
        consulta = select(Correo).where(
            Correo.evento_id == evento_id, Correo.plantilla == plantilla
        )
        return self.session.scalars(consulta).first()


class UnidadDeTrabajoNotificaciones(UnidadDeTrabajo):
    correos: RepositorioCorreos

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "notificaciones", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.correos = RepositorioCorreos(session)
