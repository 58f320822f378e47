"""aviso de sustitución y anulación del certificado

Revision ID: 0003
Revises: 0002

The local copy of a request keeps what the holder is told when their certificate is superseded
(the new código virtual) or annulled (the reason), so a resend says the same.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sustituido_por", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("motivo_anulacion", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.drop_column("motivo_anulacion")
        batch_op.drop_column("sustituido_por")
