"""índice de sustituido_por: a supersede finds the older certificates of its chain

A superseded certificate's summary names the newest of its chain, so when a certificate is
superseded the summaries kept of every older one in its chain are dropped too: they are found
by ``sustituido_por``, which this index makes a lookup instead of a scan.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.create_index("ix_certificados_sustituido_por", ["sustituido_por"])


def downgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.drop_index("ix_certificados_sustituido_por")
