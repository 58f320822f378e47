"""reintentos con plazo

Revision ID: 0004
Revises: 0003

Each queued email carries when its next attempt is due and the deadline of its retries: the
schedule lives in the database, and a sweeper queues what is due (no long broker countdowns).
Emails already queued become due at once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("proximo_intento_en", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("plazo_hasta", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_correos_proximo_intento_en"), ["proximo_intento_en"], unique=False
        )
    correos = sa.table(
        "correos",
        sa.column("estado", sa.String),
        sa.column("creado_en", sa.DateTime),
        sa.column("proximo_intento_en", sa.DateTime),
    )
    op.execute(
        correos.update()
        .where(correos.c.estado.in_(["PENDIENTE", "REENVIANDO"]))
        .values(proximo_intento_en=correos.c.creado_en)
    )


def downgrade() -> None:
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correos_proximo_intento_en"))
        batch_op.drop_column("plazo_hasta")
        batch_op.drop_column("proximo_intento_en")
