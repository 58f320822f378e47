"""UGEL por código (issue 11): instituciones → codigo_ugel + nombre_ugel; lotes → codigo_ugel

Scopes compare the UGEL's code (padrón ESCALE); its name is data. Known names ("UGEL 03",
"UGEL 03 BREÑA") get their code; an unknown one a NULL code, which matches no scope until the
padrón is imported again (shared/ugeles.py).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from shared.migraciones import ugel_por_codigo, ugel_por_nombre

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ugel_por_codigo(op, "instituciones")
    ugel_por_codigo(op, "lotes", nombre=False, indice=False)


def downgrade() -> None:
    ugel_por_nombre(op, "lotes", nombre=False, indice=False)
    ugel_por_nombre(op, "instituciones")
