"""Unit of work of the verificacion service."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.verificacion.adapters import orm
from services.verificacion.domain.modelo import CertificadoVerificable
from shared.unit_of_work import UnidadDeTrabajo


class RepositorioVerificacion:
    def __init__(self, session: Session):
        self.session = session

    def obtener(self, codigo_virtual: str, bloquear: bool = False) -> CertificadoVerificable | None:
        """One certificate; ``bloquear`` when an event is about to change it."""
        return self.session.get(CertificadoVerificable, codigo_virtual, with_for_update=bloquear)

    def agregar(self, certificado: CertificadoVerificable) -> None:
        self.session.add(certificado)


class UnidadDeTrabajoVerificacion(UnidadDeTrabajo):
    certificados: RepositorioVerificacion

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "verificacion", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.certificados = RepositorioVerificacion(session)
