"""huella del archivo entregado en el resumen

Revision ID: 0004
Revises: 0003

The public summary now shows as ``sha256`` the hash of the PDF the holder was given (the one
first issued) and the re-rendered copy's as ``sha256_con_marca``. Summaries kept ready under the
old meaning (rows whose stored PDF was re-rendered) are emptied: a lookup builds them from the
columns, as for rows from before summaries were kept, until the next change stores them anew.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    certificados = sa.table(
        "certificados",
        sa.column("sha256", sa.String),
        sa.column("sha256_original", sa.String),
        sa.column("resumen", sa.JSON),
    )
    op.execute(
        certificados.update()
        .where(certificados.c.sha256 != certificados.c.sha256_original)
        .values(resumen=sa.null())
    )


def downgrade() -> None:
    pass  # the older code builds an empty summary from the columns too
