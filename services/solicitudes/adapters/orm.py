"""Tables of the solicitudes service and their mapping onto the domain classes."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import registry, relationship

from services.solicitudes.domain.copias import CompletitudLocal, ConfiguracionIE, InstitucionLocal
from services.solicitudes.domain.lote import Lote
from services.solicitudes.domain.modelo import ABIERTOS, CambioDeEstado, Solicitud
from shared.db import FechaUTC, MapeoUnaVez, tablas_infraestructura

metadata = MetaData()
TABLAS_INFRA = tablas_infraestructura(metadata)

instituciones = Table(
    "instituciones",
    metadata,
    Column("codigo_modular", String(7), primary_key=True),
    Column("anexo", String(1), primary_key=True),
    Column("nombre", String(200), nullable=False),
    Column("estado", String(10), nullable=False),
    Column("codigo_ugel", String(6), nullable=True, index=True),  # NULL: an unmapped old name
    Column("nombre_ugel", String(120), nullable=False),
    Column("modalidad", String(3), nullable=False),
    Column("niveles", JSON, nullable=False),
)

completitudes = Table(
    "completitudes",
    metadata,
    Column("tipo_documento", String(20), primary_key=True),
    Column("numero_documento", String(20), primary_key=True),
    Column("nivel", String(20), primary_key=True),
    Column("completitud", String(30), nullable=False),
    Column("version", Integer, nullable=False),
    # Who the student is and where their last registered grade was (Estudiantes actuales).
    Column("nombres", String(120), nullable=True),
    Column("primer_apellido", String(80), nullable=True),
    Column("segundo_apellido", String(80), nullable=True),
    Column("codigo_modular", String(7), nullable=True),
    Column("anexo", String(1), nullable=True),
    Column("ultimo_anio", Integer, nullable=True),
    Column("ultimo_grado", String(10), nullable=True),
    # Grado and año of each printed grade, and what the record lacks (requests are judged
    # against them: shared/cobertura.py). Absent in copies made before migration 0004.
    Column("grados", JSON, nullable=True),
    Column("pendientes", JSON, nullable=True),
    Index("ix_completitudes_ie", "codigo_modular", "anexo"),
)

configuraciones_ie = Table(
    "configuraciones_ie",
    metadata,
    Column("codigo_modular", String(7), primary_key=True),
    Column("anexo", String(1), primary_key=True),
    Column("habilitar_solicitud", Boolean, nullable=False),
    Column("actualizado_por", String(120), nullable=False),
    Column("actualizado_en", FechaUTC(), nullable=True),
)

# The identity registry (RENIEC / Migraciones) as a table loaded from CSV.
personas_registradas = Table(
    "personas_registradas",
    metadata,
    Column("tipo_documento", String(20), primary_key=True),
    Column("numero_documento", String(20), primary_key=True),
    Column("nombres", String(120), nullable=False),
    Column("primer_apellido", String(80), nullable=False),
    Column("segundo_apellido", String(80), nullable=False),
    Column("fecha_nacimiento", Date, nullable=False),
    Column("pais", String(60), nullable=False),
    Column("fallecido", Boolean, nullable=False),
)

vinculos_registrados = Table(
    "vinculos_registrados",
    metadata,
    Column("apoderado_tipo_documento", String(20), primary_key=True),
    Column("apoderado_numero_documento", String(20), primary_key=True),
    Column("tipo_documento", String(20), primary_key=True),
    Column("numero_documento", String(20), primary_key=True),
    Column("vinculo", String(10), nullable=False),
)

_ABIERTA = "estado IN (" + ", ".join(f"'{e}'" for e in ABIERTOS) + ")"

solicitudes = Table(
    "solicitudes",
    metadata,
    Column("numero_solicitud", Integer, primary_key=True, autoincrement=True),
    Column("codigo_seguimiento", String(16), nullable=False, unique=True),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nombres", String(120), nullable=False),
    Column("primer_apellido", String(80), nullable=False),
    Column("segundo_apellido", String(80), nullable=False),
    Column("fecha_nacimiento", Date, nullable=False),
    Column("pais", String(60), nullable=False),
    Column("tipo_persona", String(10), nullable=False),
    Column("apoderado_tipo_documento", String(20), nullable=True),
    Column("apoderado_numero_documento", String(20), nullable=True),
    Column("apoderado_nombres", String(120), nullable=True),
    Column("apoderado_apellidos", String(161), nullable=True),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("primer_anio", Integer, nullable=True),
    Column("ultimo_anio", Integer, nullable=False),
    Column("ultimo_grado", String(10), nullable=False),
    Column("motivo_solicitud", String(30), nullable=False),
    Column("motivo_otro", String(150), nullable=False),
    Column("correo", String(254), nullable=False),
    Column("celular", String(15), nullable=False),
    Column("ruta", String(12), nullable=False),
    Column("atiende", String(10), nullable=False),
    Column("origen", String(20), nullable=False),
    Column("estado", String(15), nullable=False),
    Column("detalle_estado", Text, nullable=False),
    Column("detalle_tecnico", Text, nullable=True),  # a failure's cause, for staff only
    Column("codigo_virtual", String(16), nullable=True),
    Column("lote_id", String(32), ForeignKey("lotes.id"), nullable=True, index=True),
    Column("emision_ordenada_en", FechaUTC(), nullable=True),
    Column("reenvios_emision", Integer, nullable=False, default=0),
    Column("rol_emisor", String(20), nullable=True),
    Column("codigo_virtual_anterior", String(16), nullable=True),
    Column("terminos_version", String(20), nullable=True),
    Column("terminos_aceptados_en", FechaUTC(), nullable=True),
    Column("creada_en", FechaUTC(), nullable=False),
    # The record judged against what this request declares, and what it lacks.
    Column("completitud", String(30), nullable=False, server_default="SIN INFORMACIÓN"),
    Column("faltantes", JSON, nullable=True),
    # Covers the queues' filters and Inicio's grouped counts (index-only scans).
    Index(
        "ix_solicitudes_cola",
        "codigo_modular",
        "anexo",
        "atiende",
        "estado",
        "completitud",
        "ruta",
    ),
    Index("ix_solicitudes_documento", "tipo_documento", "numero_documento"),
    Index("ix_solicitudes_atiende", "atiende", "estado"),
    # One open request per student and IE, even when two submissions race.
    Index(
        "ux_solicitudes_abierta",
        "tipo_documento",
        "numero_documento",
        "codigo_modular",
        "anexo",
        unique=True,
        postgresql_where=text(_ABIERTA),
        sqlite_where=text(_ABIERTA),
    ),
)

lotes = Table(
    "lotes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("creado_por", String(120), nullable=False),
    Column("rol", String(20), nullable=False),
    Column("codigo_modular", String(7), nullable=True),
    Column("anexo", String(1), nullable=True),
    Column("codigo_ugel", String(6), nullable=True),
    Column("total", Integer, nullable=False),
    Column("creado_en", FechaUTC(), nullable=False),
)

historial = Table(
    "historial_estados",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "numero_solicitud",
        ForeignKey("solicitudes.numero_solicitud", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("estado", String(15), nullable=False),
    Column("por", String(120), nullable=False),
    Column("detalle", Text, nullable=False),
    Column("detalle_tecnico", Text, nullable=True),
    Column("en", FechaUTC(), nullable=False),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(InstitucionLocal, instituciones)
    mapeador.map_imperatively(CompletitudLocal, completitudes)
    mapeador.map_imperatively(ConfiguracionIE, configuraciones_ie)
    mapeador.map_imperatively(CambioDeEstado, historial)
    mapeador.map_imperatively(Lote, lotes)
    mapeador.map_imperatively(
        Solicitud,
        solicitudes,
        properties={
            "historial": relationship(
                CambioDeEstado,
                cascade="all, delete-orphan",
                order_by=historial.c.id,
                lazy="selectin",
            )
        },
    )


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
