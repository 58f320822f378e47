"""vocabulario (issue 11): one word per concept, as docs/glosario.md decides

The request number is ``numero_solicitud`` in both tables; the copy's ``numero`` column held
the same value as its key (CertificadoEmitido v1 carried it twice) and is dropped.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.drop_index("ix_correos_solicitud_id")
        batch_op.alter_column("solicitud_id", new_column_name="numero_solicitud")
    with op.batch_alter_table("correos", schema=None) as batch_op:  # SQLite: after the rename
        batch_op.create_index("ix_correos_numero_solicitud", ["numero_solicitud"], unique=False)
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.alter_column("solicitud_id", new_column_name="numero_solicitud")
        batch_op.drop_column("numero")


def downgrade() -> None:
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.add_column(sa.Column("numero", sa.Integer(), nullable=True))
        batch_op.alter_column("numero_solicitud", new_column_name="solicitud_id")
    op.execute("UPDATE solicitudes_locales SET numero = solicitud_id")
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.drop_index("ix_correos_numero_solicitud")
        batch_op.alter_column("numero_solicitud", new_column_name="solicitud_id")
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.create_index("ix_correos_solicitud_id", ["solicitud_id"], unique=False)
