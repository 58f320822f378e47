"""DRE por código (issue 11): instituciones.dre → codigo_dre + nombre_dre

As the UGEL: the code (padrón ESCALE) would be compared, the name is data. No old name is
mapped to a code (none is compared today): the padrón's next import brings them.

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
    with op.batch_alter_table("instituciones") as batch_op:
        batch_op.add_column(sa.Column("codigo_dre", sa.String(6), nullable=True))
        batch_op.alter_column("dre", new_column_name="nombre_dre")


def downgrade() -> None:
    with op.batch_alter_table("instituciones") as batch_op:
        batch_op.alter_column("nombre_dre", new_column_name="dre")
        batch_op.drop_column("codigo_dre")
