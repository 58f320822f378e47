"""Tables of the notas service and their mapping onto the (pure) domain classes."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from services.notas.domain.modelo import Calificacion, Estudiante, GradoCursado, Institucion
from shared.db import MapeoUnaVez, tablas_infraestructura

metadata = MetaData()
TABLAS_INFRA = tablas_infraestructura(metadata)

instituciones = Table(
    "instituciones",
    metadata,
    Column("codigo_modular", String(7), primary_key=True),
    Column("anexo", String(1), primary_key=True),
    Column("nombre", String(200), nullable=False),
    Column("estado", String(10), nullable=False),
    Column("ugel", String(120), nullable=False),
    Column("dre", String(120), nullable=False),
    Column("modalidad", String(3), nullable=False),
    Column("niveles", JSON, nullable=False),
    Column("ubigeo", String(6), nullable=False),
)

estudiantes = Table(
    "estudiantes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nombres", String(120), nullable=False),
    Column("primer_apellido", String(80), nullable=False),
    Column("segundo_apellido", String(80), nullable=False),
    Column("fecha_nacimiento", Date, nullable=False),
    Column("pais", String(60), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("tipo_documento", "numero_documento", name="uq_estudiante_documento"),
)

grados = Table(
    "grados",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("estudiante_id", ForeignKey("estudiantes.id", ondelete="CASCADE"), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("modalidad", String(3), nullable=False),
    Column("grado", String(10), nullable=False),
    Column("anio_lectivo", Integer, nullable=False),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("situacion_final", String(30), nullable=True),
    UniqueConstraint("estudiante_id", "nivel", "grado", name="uq_grado_estudiante"),
)

calificaciones = Table(
    "calificaciones",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("grado_id", ForeignKey("grados.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("orden", Integer, nullable=False),
    Column("area", String(200), nullable=False),
    Column("tipo_area", String(30), nullable=False),
    Column("calificacion", String(3), nullable=True),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(Institucion, instituciones)
    mapeador.map_imperatively(Calificacion, calificaciones)
    mapeador.map_imperatively(
        GradoCursado,
        grados,
        properties={
            "calificaciones": relationship(
                Calificacion, cascade="all, delete-orphan", order_by=calificaciones.c.orden
            )
        },
    )
    mapeador.map_imperatively(
        Estudiante,
        estudiantes,
        # Two directors saving the same student at once: the second gets a conflict,
        # instead of silently overwriting the first.
        version_id_col=estudiantes.c.version,
        version_id_generator=False,
        properties={
            "grados": relationship(GradoCursado, cascade="all, delete-orphan", order_by=grados.c.id)
        },
    )


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
