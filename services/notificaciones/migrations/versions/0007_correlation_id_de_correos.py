"""correlation id de cada correo

Revision ID: 0007
Revises: 0006

Each email keeps the correlation id of the request that caused it (the one its
X-Correlation-ID header carries), so operations can follow a citizen's request from the
first HTTP call to the email. Emails queued before this have none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.add_column(sa.Column("correlation_id", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.drop_column("correlation_id")
