"""tablas iniciales de notificaciones

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
        "correos",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("evento_id", sa.String(length=36), nullable=False),
        sa.Column("plantilla", sa.String(length=40), nullable=False),
        sa.Column("destinatario", sa.String(length=254), nullable=False),
        sa.Column("referencia", sa.String(length=40), nullable=False),
        sa.Column("estado", sa.String(length=10), nullable=False),
        sa.Column("intentos", sa.Integer(), nullable=False),
        sa.Column("ultimo_error", sa.Text(), nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enviado_en", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("evento_id", "plantilla", name="uq_correo_evento_plantilla"),
    )
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_correos_estado"), ["estado"], unique=False)
        batch_op.create_index(batch_op.f("ix_correos_referencia"), ["referencia"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correos_referencia"))
        batch_op.drop_index(batch_op.f("ix_correos_estado"))

    op.drop_table("correos")
    eliminar_tablas_infraestructura_v1(op)
