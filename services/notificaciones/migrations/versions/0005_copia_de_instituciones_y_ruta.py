"""copia local de instituciones y ruta de cada solicitud

Revision ID: 0005
Revises: 0004

Who may resend a request's email (its IE's director, the UGEL of a closed IE, OACIGED for
studies up to 1985) is decided with the request's route and a local copy of each IE (state
and UGEL), both kept from events.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instituciones_locales",
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("estado", sa.String(length=10), nullable=False),
        sa.Column("ugel", sa.String(length=120), nullable=False),
        sa.Column("actualizado_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("codigo_modular", "anexo"),
    )
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ruta", sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.drop_column("ruta")
    op.drop_table("instituciones_locales")
