"""reconciliacion de emision

Revision ID: 0005
Revises: 0004

When emission was last ordered and how often the reconciliation sweeper asked again. Requests
already EN EMISIÓN get "now", so they are reconciled a full window after this upgrade.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("emision_ordenada_en", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("reenvios_emision", sa.Integer(), nullable=False, server_default="0")
        )
    solicitudes = sa.table(
        "solicitudes", sa.column("estado", sa.String), sa.column("emision_ordenada_en")
    )
    op.execute(
        solicitudes.update()
        .where(solicitudes.c.estado == "EN EMISIÓN")
        .values(emision_ordenada_en=sa.func.current_timestamp())
    )


def downgrade() -> None:
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.drop_column("reenvios_emision")
        batch_op.drop_column("emision_ordenada_en")
