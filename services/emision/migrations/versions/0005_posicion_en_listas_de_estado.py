"""posición en las listas de estado: where each certificate's status is read (issue 18)

A certificate gets, at issue, a random free position (``indice_estado``) in a numbered list
(``lista_estado``) of verificacion's W3C Bitstring Status Lists; its Verifiable Credential
carries it as credentialStatus. Certificates issued before have NULL: their VC has no status.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lista_estado", sa.Integer, nullable=True))
        batch_op.add_column(sa.Column("indice_estado", sa.Integer, nullable=True))
        batch_op.create_unique_constraint(
            "uq_certificados_posicion_estado", ["lista_estado", "indice_estado"]
        )


def downgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.drop_constraint("uq_certificados_posicion_estado", type_="unique")
        batch_op.drop_column("indice_estado")
        batch_op.drop_column("lista_estado")
