"""UGEL por código (issue 11): cuentas.ugel → codigo_ugel; instituciones → código + nombre

Scopes compare the UGEL's code (padrón ESCALE); its name is data. Known names ("UGEL 03",
"UGEL 03 BREÑA") get their code; an unknown one a NULL code, which matches no scope until the
padrón is imported again (shared/ugeles.py).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from shared.migraciones import ugel_por_codigo, ugel_por_nombre

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_cuentas_ugel", table_name="cuentas")
    op.drop_index("ix_instituciones_ugel", table_name="instituciones")
    ugel_por_codigo(op, "cuentas", nombre=False)
    ugel_por_codigo(op, "instituciones")


def downgrade() -> None:
    ugel_por_nombre(op, "instituciones")
    ugel_por_nombre(op, "cuentas", nombre=False)
    op.create_index("ix_instituciones_ugel", "instituciones", ["ugel"])
    op.create_index("ix_cuentas_ugel", "cuentas", ["ugel"])
