"""Tables of the verificacion service and their mapping onto the domain classes."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.orm import registry

from services.verificacion.domain.modelo import CertificadoVerificable
from shared.db import FechaUTC, MapeoUnaVez, tablas_infraestructura

metadata = MetaData()
TABLAS_INFRA = tablas_infraestructura(metadata)

certificados = Table(
    "certificados",
    metadata,
    Column("codigo_virtual", String(16), primary_key=True),
    Column("estado", String(15), nullable=False),
    Column("nombre_enmascarado", String(200), nullable=False),
    Column("documento_enmascarado", String(20), nullable=False),
    Column("tipo_documento", String(20), nullable=False),
    Column("nombre_institucion", String(200), nullable=False),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("modalidad", String(3), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("grados", JSON, nullable=False),
    Column("emitido_en", FechaUTC(), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("sha256_original", String(64), nullable=False),
    Column("sustituido_por", String(16), nullable=True),
    Column("motivo_anulacion", Text, nullable=True),
    Column("anulado_en", FechaUTC(), nullable=True),
    # Unmasked holder data: only for whoever also gives the document number.
    Column("nombres", String(200), nullable=False, server_default=""),
    Column("apellidos", String(200), nullable=False, server_default=""),
    Column("numero_documento", String(20), nullable=False, server_default=""),
    Column("huella", String(64), nullable=True),
    # The public summary, kept ready by the domain on every change: one column per lookup.
    Column("resumen", JSON, nullable=True),
    # Its position in the W3C Bitstring Status Lists this service publishes (given by emision).
    Column("lista_estado", Integer, nullable=True),
    Column("indice_estado", Integer, nullable=True),
    Index("ix_certificados_lista_estado", "lista_estado", "estado"),
    # Who a certificate superseded: a supersede tells their kept summaries (the chain's newest).
    Index("ix_certificados_sustituido_por", "sustituido_por"),
)

# verificacion's own copy of emision's published public keys: seals are checked locally.
claves_publicas = Table(
    "claves_publicas",
    metadata,
    Column("kid", String(63), primary_key=True),
    Column("algoritmo", String(20), nullable=False),
    Column("clave_publica", String(100), nullable=False),
    Column("valido_desde", FechaUTC(), nullable=False),
    Column("valido_hasta", FechaUTC(), nullable=True),
    Column("activa", Boolean, nullable=False),
    Column("actualizado_en", FechaUTC(), nullable=False),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(CertificadoVerificable, certificados)


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
