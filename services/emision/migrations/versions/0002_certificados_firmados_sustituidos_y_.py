"""certificados firmados, sustituidos y anulados

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
    # Certificates issued before this revision carry no signature: they keep empty values.
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("codigo_modular", sa.String(length=7), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("anexo", sa.String(length=1), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("documento", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(
            sa.Column("huella", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("kid", sa.String(length=63), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("sustituido_por", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("motivo_anulacion", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("anulado_por", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("anulado_en", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.drop_column("anulado_en")
        batch_op.drop_column("anulado_por")
        batch_op.drop_column("motivo_anulacion")
        batch_op.drop_column("sustituido_por")
        batch_op.drop_column("kid")
        batch_op.drop_column("huella")
        batch_op.drop_column("documento")
        batch_op.drop_column("anexo")
        batch_op.drop_column("codigo_modular")
