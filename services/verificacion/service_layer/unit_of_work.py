"""Unit of work of the verificacion service."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from services.verificacion.adapters import cache_resumenes, orm
from services.verificacion.adapters.cache_resumenes import CacheResumenes
from services.verificacion.adapters.repositorio import (
    Lecturas,
    RepositorioVerificacion,
    ResumenesPostgres,
    leer_en_postgres,
)
from shared.unit_of_work import UnidadDeTrabajo

log = logging.getLogger(__name__)
T = TypeVar("T")


class UnidadDeTrabajoVerificacion(UnidadDeTrabajo):
    certificados: RepositorioVerificacion
    # The process's kept summaries (real mode); None: every lookup reads the database.
    resumenes: CacheResumenes | None = None

    def __init__(self, session_factory: sessionmaker, resumenes: CacheResumenes | None = None):
        orm.iniciar_mapeos()
        super().__init__(session_factory, "verificacion", orm.TABLAS_INFRA)
        self.resumenes = resumenes
        self._cambiados: list[str] = []

    def avisar_cambio(self, codigo_virtual: str) -> None:
        """Every process drops its kept summary of this certificate once this commits.

        The notice (NOTIFY) reaches the other processes a moment after the commit; this
        process's own cache is cleared at commit, so what it answers next is already new.
        """
        cache_resumenes.avisar_cambio(self.session, codigo_virtual)
        self._cambiados.append(codigo_virtual)

    def __enter__(self):
        self._cambiados = []
        return super().__enter__()

    def commit(self) -> None:
        super().commit()
        cambiados, self._cambiados = self._cambiados, []
        if self.resumenes is not None:
            for codigo in cambiados:
                self.resumenes.invalidar(codigo)

    def _repos(self, session: Session) -> None:
        self.certificados = RepositorioVerificacion(session)

    def leer(self, consulta: Callable[[Lecturas], T]) -> T:
        """Run a read on one pooled connection without an ORM session (the lookup hot path).

        On PostgreSQL each SELECT stands alone (autocommit): no BEGIN/ROLLBACK round trips.
        Not on SQLite, where every transaction starts with BEGIN IMMEDIATE (shared.db).
        verificacion's engine does not ping on checkout (a round trip per lookup): a read that
        meets a connection the server closed is run once more on a fresh one.
        """
        engine = self._session_factory.kw["bind"]
        for intento in (1, 2):
            try:
                with engine.connect() as conexion:
                    if conexion.dialect.name == "postgresql":
                        conexion = conexion.execution_options(isolation_level="AUTOCOMMIT")
                    return consulta(Lecturas(conexion))
            except DBAPIError as exc:
                if intento == 2 or not exc.connection_invalidated:
                    raise
                log.warning("lectura: conexión cerrada por el servidor; se reintenta una vez")
        raise AssertionError("inalcanzable")

    def leer_resumenes(self, consulta: Callable[[Lecturas | ResumenesPostgres], T]) -> T:
        """Summaries by code, on the cheapest path the engine has (see ResumenesPostgres)."""
        engine = self._session_factory.kw["bind"]
        if engine.dialect.name != "postgresql":
            return self.leer(consulta)
        return leer_en_postgres(engine, consulta)
