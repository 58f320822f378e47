"""El rol que ordenó la emisión, guardado en la solicitud

A reconciliation's resend of an unanswered emission order named no issuing role, so the
Verifiable Credential issued from it lacked the role in its evidence. The order keeps it now.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("solicitudes", sa.Column("rol_emisor", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("solicitudes", "rol_emisor")
