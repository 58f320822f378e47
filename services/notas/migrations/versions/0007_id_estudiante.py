"""id_estudiante: the staff API names a student by a random id, never by their document

The routes were /estudiantes/<tipo_documento>/<numero_documento>/…: the document reached every
access log and gateway on the way. Each student gets a random 22-character id (128 bits),
existing ones too.

Revision ID: 0007
Revises: 0006
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("estudiantes") as batch_op:
        batch_op.add_column(sa.Column("id_estudiante", sa.String(24), nullable=True))
    conexion = op.get_bind()
    estudiantes = sa.table("estudiantes", sa.column("id", sa.Integer), sa.column("id_estudiante"))
    ids = conexion.execute(sa.select(estudiantes.c.id)).scalars().all()
    for id_ in ids:
        conexion.execute(
            estudiantes.update()
            .where(estudiantes.c.id == id_)
            .values(id_estudiante=secrets.token_urlsafe(16))
        )
    with op.batch_alter_table("estudiantes") as batch_op:
        batch_op.alter_column("id_estudiante", existing_type=sa.String(24), nullable=False)
        batch_op.create_unique_constraint("uq_estudiante_id_estudiante", ["id_estudiante"])


def downgrade() -> None:
    with op.batch_alter_table("estudiantes") as batch_op:
        batch_op.drop_constraint("uq_estudiante_id_estudiante", type_="unique")
        batch_op.drop_column("id_estudiante")
