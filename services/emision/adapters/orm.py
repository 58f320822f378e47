"""Tables of the emision service and their mapping onto the domain classes."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry

from services.emision.domain.modelo import Certificado, RegistroLocal
from shared.db import FechaUTC, MapeoUnaVez, tablas_infraestructura

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
    Column("numero_solicitud", Integer, nullable=False, unique=True),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("codigo_ugel", String(6), nullable=True),  # the IE's UGEL when it was issued
    Column("version_registro", Integer, nullable=False),
    # What was printed, to re-render it with the watermark when superseded.
    Column("contenido_certificado", JSON, nullable=False),
    Column("huella", String(64), nullable=False),
    Column("kid", String(63), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("emitido_en", FechaUTC(), nullable=False),
    Column("estado", String(12), nullable=False),
    Column("sustituido_por", String(16), nullable=True),
    Column("motivo_anulacion", Text, nullable=True),
    Column("anulado_por", String(120), nullable=True),
    Column("anulado_en", FechaUTC(), nullable=True),
    # Its position in verificacion's status lists (W3C Bitstring Status List), given at issue.
    Column("lista_estado", Integer, nullable=True),
    Column("indice_estado", Integer, nullable=True),
    Index("ix_certificados_estudiante", "tipo_documento", "numero_documento", "nivel"),
    UniqueConstraint("lista_estado", "indice_estado", name="uq_certificados_posicion_estado"),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(RegistroLocal, registros)
    mapeador.map_imperatively(Certificado, certificados)


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
