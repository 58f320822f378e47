"""detalle con documento, huella del sello y claves publicas

Revision ID: 0003
Revises: 0002

Rows issued before this revision get empty holder data: their document number cannot unlock
the full details (the masked summary and the PDF hash check still work). Their ready-made
summary (resumen) stays empty and is built from the columns when they are looked up.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claves_publicas",
        sa.Column("kid", sa.String(length=63), nullable=False),
        sa.Column("algoritmo", sa.String(length=20), nullable=False),
        sa.Column("clave_publica", sa.String(length=100), nullable=False),
        sa.Column("valido_desde", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valido_hasta", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activa", sa.Boolean(), nullable=False),
        sa.Column("actualizado_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kid"),
    )
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        for nombre, largo in (("nombres", 200), ("apellidos", 200), ("numero_documento", 20)):
            batch_op.add_column(
                sa.Column(nombre, sa.String(length=largo), server_default="", nullable=False)
            )
        batch_op.add_column(sa.Column("huella", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("resumen", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        for nombre in ("resumen", "huella", "numero_documento", "apellidos", "nombres"):
            batch_op.drop_column(nombre)
    op.drop_table("claves_publicas")
