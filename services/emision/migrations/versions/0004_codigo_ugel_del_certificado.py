"""codigo_ugel del certificado: the IE's UGEL when it was issued

A UGEL specialist issues for the closed IEs of their UGEL and reads (PDF, content) what was
issued there; emision compares the certificate's ``codigo_ugel`` with the specialist's. The
certificates issued before this column have NULL, which matches no UGEL.

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
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.add_column(sa.Column("codigo_ugel", sa.String(6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.drop_column("codigo_ugel")
