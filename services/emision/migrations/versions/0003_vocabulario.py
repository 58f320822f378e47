"""vocabulario (issue 11): one word per concept, as docs/glosario.md decides

The request a certificate answers is ``numero_solicitud``; ``numero`` held the same value
(EmisionSolicitada v1 sent it twice) and is dropped. What the certificate printed is
``contenido_certificado`` (was ``documento``, a word that also meant the holder's document),
and inside it the request number is ``numero_solicitud`` too.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _contenidos(columna: str, viejo: str, nuevo: str) -> None:
    """Rename one key inside every stored printed content (JSON), row by row."""
    tabla = sa.table("certificados", sa.column("id", sa.Integer), sa.column(columna, sa.JSON))
    conn = op.get_bind()
    for fila in conn.execute(sa.select(tabla.c.id, tabla.c[columna])).all():
        contenido = dict(fila[1] or {})
        if viejo in contenido:
            contenido[nuevo] = contenido.pop(viejo)
            conn.execute(tabla.update().where(tabla.c.id == fila[0]).values({columna: contenido}))


def upgrade() -> None:
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.alter_column("solicitud_id", new_column_name="numero_solicitud")
        batch_op.alter_column("documento", new_column_name="contenido_certificado")
        batch_op.drop_column("numero")
    _contenidos("contenido_certificado", "numero", "numero_solicitud")


def downgrade() -> None:
    _contenidos("contenido_certificado", "numero_solicitud", "numero")
    with op.batch_alter_table("certificados", schema=None) as batch_op:
        batch_op.add_column(sa.Column("numero", sa.Integer(), nullable=False, server_default="0"))
        batch_op.alter_column("contenido_certificado", new_column_name="documento")
        batch_op.alter_column("numero_solicitud", new_column_name="solicitud_id")
    op.execute("UPDATE certificados SET numero = solicitud_id")
