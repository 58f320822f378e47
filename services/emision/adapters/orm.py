"""Tables of the emision service and their mapping onto the domain classes."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table
from sqlalchemy.orm import registry

from services.emision.domain.modelo import Certificado, RegistroLocal
from shared.db import MapeoUnaVez, tablas_infraestructura

metadata = MetaData()
TABLAS_INFRA = tablas_infraestructura(metadata)

registros = Table(
    "registros",
    metadata,
    Column("tipo_documento", String(20), primary_key=True),
    Column("numero_documento", String(20), primary_key=True),
    Column("nivel", String(20), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("completitud", String(30), nullable=False),
    Column("estudiante", JSON, nullable=False),
    Column("registro", JSON, nullable=False),
)

certificados = Table(
    "certificados",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("codigo_virtual", String(16), nullable=False, unique=True),
    # One certificate per request: a redelivered emission order finds it and stops.
    Column("solicitud_id", Integer, nullable=False, unique=True),
    Column("numero", Integer, nullable=False),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("version_registro", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("emitido_en", DateTime(timezone=True), nullable=False),
    Column("estado", String(12), nullable=False),
    Index("ix_certificados_estudiante", "tipo_documento", "numero_documento", "nivel"),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(RegistroLocal, registros)
    mapeador.map_imperatively(Certificado, certificados)


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
