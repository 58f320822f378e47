"""Tables of the notas service and their mapping onto the (pure) domain classes."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import registry, relationship

from services.notas.domain.catalogo import AreaCurricular, DisenoCurricular
from services.notas.domain.institucion import Institucion, Taller
from services.notas.domain.modelo import Calificacion, Estudiante, GradoCursado
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
    Column("codigo_dre", String(6), nullable=True),
    Column("nombre_dre", String(120), nullable=False),
    Column("modalidad", String(3), nullable=False),
    Column("niveles", JSON, nullable=False),
    Column("ubigeo", String(6), nullable=False),
    Column("departamento", String(80), nullable=False, server_default=""),
    Column("provincia", String(80), nullable=False, server_default=""),
    Column("distrito", String(80), nullable=False, server_default=""),
    # Parámetros (seed defaults): how many áreas and talleres its certificates may show.
    Column("min_areas", Integer, nullable=False, server_default=text("1")),
    Column("max_areas", Integer, nullable=False, server_default=text("10")),
    Column("min_talleres", Integer, nullable=False, server_default=text("0")),
    Column("max_talleres", Integer, nullable=False, server_default=text("0")),
)

talleres = Table(
    "talleres",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("nombre", String(200), nullable=False),
    Column("estado", String(10), nullable=False),
    Column("creado_en", FechaUTC(), nullable=False),
    Column("dado_de_baja_en", FechaUTC(), nullable=True),
    ForeignKeyConstraint(
        ["codigo_modular", "anexo"], ["instituciones.codigo_modular", "instituciones.anexo"]
    ),
    UniqueConstraint("codigo_modular", "anexo", "nombre", name="uq_taller_nombre"),
)

estudiantes = Table(
    "estudiantes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("id_estudiante", String(24), nullable=False),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nombres", String(120), nullable=False),
    Column("primer_apellido", String(80), nullable=False),
    Column("segundo_apellido", String(80), nullable=False),
    Column("fecha_nacimiento", Date, nullable=False),
    Column("pais", String(60), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("tipo_documento", "numero_documento", name="uq_estudiante_documento"),
    UniqueConstraint("id_estudiante", name="uq_estudiante_id_estudiante"),
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
    Column("aplica", Boolean, nullable=False, server_default=text("true")),
    Column("diseno_curricular", String(40), nullable=True),
    Column("observaciones", JSON, nullable=False, server_default=text("'[]'")),
    UniqueConstraint("estudiante_id", "nivel", "grado", name="uq_grado_estudiante"),
    Index("ix_grados_institucion", "codigo_modular", "anexo"),
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
    Column("competencias", JSON, nullable=False, server_default=text("'[]'")),
)

disenos_curriculares = Table(
    "disenos_curriculares",
    metadata,
    Column("codigo", String(40), primary_key=True),
    Column("nombre", String(200), nullable=False),
    Column("modalidad", String(3), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("anio_inicio", Integer, nullable=False),
    Column("anio_fin", Integer, nullable=True),
    Column("por_competencias", Boolean, nullable=False),
)

areas_curriculares = Table(
    "areas_curriculares",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("diseno_curricular", ForeignKey("disenos_curriculares.codigo"), nullable=False),
    Column("tipo_area", String(30), nullable=False),
    Column("nombre", String(200), nullable=False),
    Column("orden", Integer, nullable=False),
    Column("competencias", JSON, nullable=False),
    UniqueConstraint("diseno_curricular", "nombre", name="uq_area_curricular"),
)

# Append-only: the migration adds triggers that refuse UPDATE and DELETE on it.
auditoria = Table(
    "auditoria",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("grado", String(10), nullable=False),
    Column("anio_lectivo", Integer, nullable=False),
    Column("codigo_modular", String(7), nullable=False),
    Column("anexo", String(1), nullable=False),
    Column("campo", String(30), nullable=False),
    Column("area", String(200), nullable=True),
    Column("competencia", String(300), nullable=True),
    Column("antes", String(40), nullable=True),
    Column("despues", String(40), nullable=True),
    Column("usuario", String(120), nullable=False),
    Column("rol", String(30), nullable=False),
    Column("origen", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("registrado_en", FechaUTC(), nullable=False),
    Index("ix_auditoria_estudiante", "tipo_documento", "numero_documento"),
)

# Every version of every record as it was published: a certificate names the one it printed.
instantaneas = Table(
    "instantaneas_registro",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tipo_documento", String(20), nullable=False),
    Column("numero_documento", String(20), nullable=False),
    Column("nivel", String(20), nullable=False),
    Column("version_registro", Integer, nullable=False),
    Column("completitud", String(30), nullable=False),
    Column("registro", JSON, nullable=False),  # as published (RegistroNotasActualizado)
    Column("creado_en", FechaUTC(), nullable=False),
    UniqueConstraint(
        "tipo_documento",
        "numero_documento",
        "nivel",
        "version_registro",
        name="uq_instantanea_version",
    ),
)


def _mapear(mapeador: registry) -> None:
    """Domain classes onto the tables (the domain itself imports no SQLAlchemy)."""
    mapeador.map_imperatively(Institucion, instituciones)
    mapeador.map_imperatively(Taller, talleres)
    mapeador.map_imperatively(DisenoCurricular, disenos_curriculares)
    mapeador.map_imperatively(AreaCurricular, areas_curriculares)
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
