"""Unit of work of the verificacion service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from services.verificacion.adapters import orm
from services.verificacion.adapters.repositorio import Lecturas, RepositorioVerificacion
from shared.unit_of_work import UnidadDeTrabajo


class UnidadDeTrabajoVerificacion(UnidadDeTrabajo):
    certificados: RepositorioVerificacion

    def __init__(self, session_factory: sessionmaker):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "verificacion", orm.TABLAS_INFRA)

    def _repos(self, session: Session) -> None:
        self.certificados = RepositorioVerificacion(session)

    @contextmanager
    def lectura(self) -> Iterator[Lecturas]:
        """Reads only, on one pooled connection without an ORM session (the lookup hot path).

        On PostgreSQL each SELECT stands alone (autocommit): no BEGIN/ROLLBACK round trips.
        Not on SQLite, where every transaction starts with BEGIN IMMEDIATE (shared.db).
        """
        engine = self._session_factory.kw["bind"]
        with engine.connect() as conexion:
            if conexion.dialect.name == "postgresql":
                conexion = conexion.execution_options(isolation_level="AUTOCOMMIT")
            yield Lecturas(conexion)
