"""tablas iniciales de emision

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
        "certificados",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("codigo_virtual", sa.String(length=16), nullable=False),
        sa.Column("solicitud_id", sa.Integer(), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("version_registro", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("emitido_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("estado", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("codigo_virtual"),
        sa.UniqueConstraint("solicitud_id"),
    )
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.create_index(
            "ix_certificados_estudiante",
            ["tipo_documento", "numero_documento", "nivel"],
            unique=False,
        )

    op.create_table(
        "registros",
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("completitud", sa.String(length=30), nullable=False),
        sa.Column("estudiante", sa.JSON(), nullable=False),
        sa.Column("registro", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("tipo_documento", "numero_documento", "nivel"),
    )


def downgrade() -> None:
    op.drop_table("registros")
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.drop_index("ix_certificados_estudiante")

    op.drop_table("certificados")
    eliminar_tablas_infraestructura_v1(op)
