"""tablas iniciales de solicitudes

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
        "completitudes",
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("completitud", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tipo_documento", "numero_documento", "nivel"),
    )
    op.create_table(
        "instituciones",
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("nombre", sa.String(length=200), nullable=False),
        sa.Column("estado", sa.String(length=10), nullable=False),
        sa.Column("ugel", sa.String(length=120), nullable=False),
        sa.Column("modalidad", sa.String(length=3), nullable=False),
        sa.Column("niveles", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("codigo_modular", "anexo"),
    )
    op.create_table(
        "solicitudes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("codigo_seguimiento", sa.String(length=16), nullable=False),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nombres", sa.String(length=120), nullable=False),
        sa.Column("primer_apellido", sa.String(length=80), nullable=False),
        sa.Column("segundo_apellido", sa.String(length=80), nullable=False),
        sa.Column("fecha_nacimiento", sa.Date(), nullable=False),
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("ultimo_anio", sa.Integer(), nullable=False),
        sa.Column("ultimo_grado", sa.String(length=10), nullable=False),
        sa.Column("motivo", sa.String(length=30), nullable=False),
        sa.Column("motivo_otro", sa.String(length=150), nullable=False),
        sa.Column("correo", sa.String(length=254), nullable=False),
        sa.Column("celular", sa.String(length=15), nullable=False),
        sa.Column("ruta", sa.String(length=10), nullable=False),
        sa.Column("estado", sa.String(length=15), nullable=False),
        sa.Column("detalle_estado", sa.Text(), nullable=False),
        sa.Column("codigo_virtual", sa.String(length=16), nullable=True),
        sa.Column("creada_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("codigo_seguimiento"),
    )
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_solicitudes_cola", ["codigo_modular", "anexo", "estado"], unique=False
        )
        batch_op.create_index(
            "ix_solicitudes_documento", ["tipo_documento", "numero_documento"], unique=False
        )

    op.create_table(
        "historial_estados",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("solicitud_id", sa.Integer(), nullable=False),
        sa.Column("estado", sa.String(length=15), nullable=False),
        sa.Column("por", sa.String(length=120), nullable=False),
        sa.Column("detalle", sa.Text(), nullable=False),
        sa.Column("en", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["solicitud_id"], ["solicitudes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("historial_estados", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_historial_estados_solicitud_id"), ["solicitud_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("historial_estados", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_historial_estados_solicitud_id"))

    op.drop_table("historial_estados")
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.drop_index("ix_solicitudes_documento")
        batch_op.drop_index("ix_solicitudes_cola")

    op.drop_table("solicitudes")
    op.drop_table("instituciones")
    op.drop_table("completitudes")
    eliminar_tablas_infraestructura_v1(op)
