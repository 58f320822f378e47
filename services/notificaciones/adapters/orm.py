"""Tables of the notificaciones service and their mapping onto the domain classes."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import registry

from services.notificaciones.domain.modelo import Correo
from shared.db import MapeoUnaVez, tablas_infraestructura

metadata = MetaData()
TABLAS_INFRA = tablas_infraestructura(metadata)

correos = Table(
    "correos",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("evento_id", String(36), nullable=False),
    Column("plantilla", String(40), nullable=False),
    Column("destinatario", String(254), nullable=False),
    Column("referencia", String(40), nullable=False, index=True),
    Column("estado", String(10), nullable=False, index=True),
    Column("intentos", Integer, nullable=False),
    Column("ultimo_error", Text, nullable=False),
    Column("creado_en", DateTime(timezone=True), nullable=False),
    Column("enviado_en", DateTime(timezone=True), nullable=True),
    UniqueConstraint("evento_id", "plantilla", name="uq_correo_evento_plantilla"),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(Correo, correos)


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
