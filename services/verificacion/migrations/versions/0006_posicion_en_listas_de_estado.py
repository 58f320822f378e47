"""posición en las listas de estado: verificacion publishes W3C Bitstring Status Lists

CertificadoEmitido now carries the certificate's position (``lista_estado``, ``indice_estado``)
that emision wrote into its Verifiable Credential; the lists are built from these columns and
the state. Rows from before have NULL and appear in no list.

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
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lista_estado", sa.Integer, nullable=True))
        batch_op.add_column(sa.Column("indice_estado", sa.Integer, nullable=True))
        batch_op.create_index("ix_certificados_lista_estado", ["lista_estado", "estado"])


def downgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.drop_index("ix_certificados_lista_estado")
        batch_op.drop_column("indice_estado")
        batch_op.drop_column("lista_estado")
