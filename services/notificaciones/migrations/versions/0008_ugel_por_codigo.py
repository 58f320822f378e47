"""UGEL por código (issue 11): instituciones_locales.ugel → codigo_ugel

Scopes compare the UGEL's code (padrón ESCALE); its name is data. Known names ("UGEL 03",
"UGEL 03 BREÑA") get their code; an unknown one a NULL code, which matches no scope until the
padrón is imported again (shared/ugeles.py).

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from shared.migraciones import ugel_por_codigo, ugel_por_nombre

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ugel_por_codigo(op, "instituciones_locales", nombre=False)


def downgrade() -> None:
    ugel_por_nombre(op, "instituciones_locales", nombre=False)
