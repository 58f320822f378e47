"""UGEL por código (issue 11): instituciones.ugel → codigo_ugel + nombre_ugel

Scopes compare the UGEL's code (padrón ESCALE); its name is data. Known names ("UGEL 03",
"UGEL 03 BREÑA") get their code; an unknown one a NULL code, which matches no scope until the
padrón is imported again (shared/ugeles.py).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from shared.migraciones import ugel_por_codigo, ugel_por_nombre

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ugel_por_codigo(op, "instituciones")


def downgrade() -> None:
    ugel_por_nombre(op, "instituciones")
