"""Tables of the notificaciones service and their mapping onto the domain classes."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from services.notificaciones.domain.modelo import (
    Correo,
    InstitucionLocal,
    IntentoDeEnvio,
    SolicitudLocal,
)
from shared.db import FechaUTC, MapeoUnaVez, tablas_infraestructura

metadata = MetaData()
TABLAS_INFRA = tablas_infraestructura(metadata)

correos = Table(
    "correos",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("evento_id", String(36), nullable=False),
    Column("plantilla", String(40), nullable=False),
    Column("numero_solicitud", Integer, nullable=False, index=True),
    Column("destinatario", String(254), nullable=False),
    Column("tipo_destinatario", String(12), nullable=False),
    Column("referencia", String(40), nullable=False, index=True),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("origen", String(10), nullable=False),
    Column("solicitado_por", String(120), nullable=True),
    Column("estado", String(10), nullable=False, index=True),
    Column("intentos", Integer, nullable=False),
    Column("intentos_ronda", Integer, nullable=False),
    Column("ultimo_error", Text, nullable=False),
    Column("creado_en", FechaUTC(), nullable=False),
    Column("enviado_en", FechaUTC(), nullable=True),
    Column("fallido_en", FechaUTC(), nullable=True, index=True),
    Column("reenviado_por", String(120), nullable=True),
    Column("reenviado_en", FechaUTC(), nullable=True),
    # The retry schedule: when the next attempt is due, and until when transient ones retry.
    Column("proximo_intento_en", FechaUTC(), nullable=True, index=True),
    Column("plazo_hasta", FechaUTC(), nullable=True),
    Column("correlation_id", String(128), nullable=True),  # None: queued before it was kept
    # One email per event, template and intended recipient: a redelivered event finds it.
    UniqueConstraint(
        "evento_id", "plantilla", "tipo_destinatario", name="uq_correo_evento_destinatario"
    ),
    Index("ix_correos_ie", "codigo_modular", "anexo"),
)

intentos_envio = Table(
    "intentos_envio",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("correo_id", ForeignKey("correos.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("intento", Integer, nullable=False),
    Column("destinatario", String(254), nullable=False),
    Column("resultado", String(20), nullable=False),
    Column("detalle", Text, nullable=False),
    Column("en", FechaUTC(), nullable=False),
    # Two senders racing on one email would number the same attempt: the second cannot commit.
    UniqueConstraint("correo_id", "intento", name="uq_intento_correo"),
)

solicitudes_locales = Table(
    "solicitudes_locales",
    metadata,
    Column("numero_solicitud", Integer, primary_key=True, autoincrement=False),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("estado", String(10), nullable=False),
    Column("codigo_seguimiento", String(16), nullable=True),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nombres", String(120), nullable=False),
    Column("apellidos", String(160), nullable=False),
    Column("nombre_institucion", String(200), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("correo", String(254), nullable=False),
    Column("correo_apoderado", String(254), nullable=True),
    Column("motivo_rechazo", Text, nullable=True),
    Column("codigo_virtual", String(16), nullable=True, index=True),
    Column("url_verificacion", String(300), nullable=True),
    Column("sustituido_por", String(16), nullable=True),
    Column("motivo_anulacion", Text, nullable=True),
    Column("actualizado_en", FechaUTC(), nullable=False),
    Column("ruta", String(12), nullable=True),  # IE, UGEL, OACIGED or CONSOLIDADA
    Index("ix_solicitudes_locales_ie", "codigo_modular", "anexo"),
)

instituciones_locales = Table(
    "instituciones_locales",
    metadata,
    Column("codigo_modular", String(7), primary_key=True),
    Column("anexo", String(1), primary_key=True),
    Column("estado", String(10), nullable=False),
    Column("codigo_ugel", String(6), nullable=True, index=True),
    Column("actualizado_en", FechaUTC(), nullable=False),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(IntentoDeEnvio, intentos_envio)
    mapeador.map_imperatively(
        Correo,
        correos,
        properties={
            "historial": relationship(
                IntentoDeEnvio,
                cascade="all, delete-orphan",
                order_by=intentos_envio.c.intento,
                lazy="selectin",
            )
        },
    )
    mapeador.map_imperatively(SolicitudLocal, solicitudes_locales)
    mapeador.map_imperatively(InstitucionLocal, instituciones_locales)


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
