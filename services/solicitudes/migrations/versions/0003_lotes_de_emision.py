"""lotes de emision

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lotes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("creado_por", sa.String(length=120), nullable=False),
        sa.Column("rol", sa.String(length=20), nullable=False),
        sa.Column("codigo_modular", sa.String(length=7), nullable=True),
        sa.Column("anexo", sa.String(length=1), nullable=True),
        sa.Column("ugel", sa.String(length=120), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lote_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_solicitudes_lote_id"), ["lote_id"], unique=False)
        batch_op.create_foreign_key("fk_solicitudes_lote_id_lotes", "lotes", ["lote_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.drop_constraint("fk_solicitudes_lote_id_lotes", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_solicitudes_lote_id"))
        batch_op.drop_column("lote_id")

    op.drop_table("lotes")
