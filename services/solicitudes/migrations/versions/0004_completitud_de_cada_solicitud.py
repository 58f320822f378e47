"""completitud de cada solicitud (issue 10, defect 2)

Each request is judged against what it declares (grade, year, consolidated), so it keeps its
own completeness; the copy of notas' records keeps the grades and pendientes it is judged by.
Existing requests start SIN INFORMACIÓN (their copies lack the grades): the next change of
the student's record in notas judges them again. Failing closed, not issuing a wrong CE.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("completitudes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grados", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("pendientes", sa.JSON(), nullable=True))
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "completitud",
                sa.String(length=30),
                nullable=False,
                server_default="SIN INFORMACIÓN",
            )
        )
        batch_op.add_column(sa.Column("faltantes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.drop_column("faltantes")
        batch_op.drop_column("completitud")
    with op.batch_alter_table("completitudes", schema=None) as batch_op:
        batch_op.drop_column("pendientes")
        batch_op.drop_column("grados")
