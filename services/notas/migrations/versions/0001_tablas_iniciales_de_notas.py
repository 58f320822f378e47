"""tablas iniciales de notas

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from shared.migraciones import crear_tablas_infraestructura_v1, eliminar_tablas_infraestructura_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    crear_tablas_infraestructura_v1(op)
    op.create_table(
        "estudiantes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nombres", sa.String(length=120), nullable=False),
        sa.Column("primer_apellido", sa.String(length=80), nullable=False),
        sa.Column("segundo_apellido", sa.String(length=80), nullable=False),
        sa.Column("fecha_nacimiento", sa.Date(), nullable=False),
        sa.Column("pais", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tipo_documento", "numero_documento", name="uq_estudiante_documento"),
    )
    op.create_table(
        "instituciones",
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("nombre", sa.String(length=200), nullable=False),
        sa.Column("estado", sa.String(length=10), nullable=False),
        sa.Column("ugel", sa.String(length=120), nullable=False),
        sa.Column("dre", sa.String(length=120), nullable=False),
        sa.Column("modalidad", sa.String(length=3), nullable=False),
        sa.Column("niveles", sa.JSON(), nullable=False),
        sa.Column("ubigeo", sa.String(length=6), nullable=False),
        sa.PrimaryKeyConstraint("codigo_modular", "anexo"),
    )
    op.create_table(
        "grados",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("estudiante_id", sa.Integer(), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("modalidad", sa.String(length=3), nullable=False),
        sa.Column("grado", sa.String(length=10), nullable=False),
        sa.Column("anio_lectivo", sa.Integer(), nullable=False),
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("situacion_final", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(["estudiante_id"], ["estudiantes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("estudiante_id", "nivel", "grado", name="uq_grado_estudiante"),
    )
    op.create_table(
        "calificaciones",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("grado_id", sa.Integer(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("tipo_area", sa.String(length=30), nullable=False),
        sa.Column("calificacion", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(["grado_id"], ["grados.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("calificaciones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calificaciones_grado_id"), ["grado_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calificaciones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calificaciones_grado_id"))

    op.drop_table("calificaciones")
    op.drop_table("grados")
    op.drop_table("instituciones")
    op.drop_table("estudiantes")
    eliminar_tablas_infraestructura_v1(op)
