"""tablas iniciales de verificacion

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
        sa.Column("codigo_virtual", sa.String(length=16), nullable=False),
        sa.Column("estado", sa.String(length=15), nullable=False),
        sa.Column("nombre_enmascarado", sa.String(length=200), nullable=False),
        sa.Column("documento_enmascarado", sa.String(length=20), nullable=False),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("nombre_institucion", sa.String(length=200), nullable=False),
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("modalidad", sa.String(length=3), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("grados", sa.JSON(), nullable=False),
        sa.Column("emitido_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("codigo_virtual"),
    )


def downgrade() -> None:
    op.drop_table("certificados")
    eliminar_tablas_infraestructura_v1(op)
