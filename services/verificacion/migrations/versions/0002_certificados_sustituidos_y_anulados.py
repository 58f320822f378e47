"""certificados sustituidos y anulados

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sha256_original", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("sustituido_por", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("motivo_anulacion", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("anulado_en", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.drop_column("anulado_en")
        batch_op.drop_column("motivo_anulacion")
        batch_op.drop_column("sustituido_por")
        batch_op.drop_column("sha256_original")
