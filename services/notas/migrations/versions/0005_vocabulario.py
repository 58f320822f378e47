"""vocabulario (issue 11): diseno_curricular, and the published registro and its version

``areas_curriculares.diseno`` → ``diseno_curricular``; a published snapshot is the
``registro`` (was ``contenido``) of version ``version_registro`` (was ``version``, a word the
event envelope also uses), and inside each stored snapshot the key is renamed the same way.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _renombrar(datos: dict, viejo: str, nuevo: str) -> dict:
    """The snapshot with ``viejo`` renamed, at its top and in its grades object ``registro``."""
    datos = dict(datos)
    if viejo in datos:
        datos[nuevo] = datos.pop(viejo)
    if isinstance(datos.get("registro"), dict):
        datos["registro"] = _renombrar(datos["registro"], viejo, nuevo)
    return datos


def _claves(columna: str, viejo: str, nuevo: str) -> None:
    """Rename one key inside every stored snapshot (JSON), row by row."""
    tabla = sa.table(
        "instantaneas_registro", sa.column("id", sa.Integer), sa.column(columna, sa.JSON)
    )
    conn = op.get_bind()
    for fila in conn.execute(sa.select(tabla.c.id, tabla.c[columna])).all():
        registro = _renombrar(fila[1] or {}, viejo, nuevo)
        if registro != fila[1]:
            conn.execute(tabla.update().where(tabla.c.id == fila[0]).values({columna: registro}))


def upgrade() -> None:
    with op.batch_alter_table("areas_curriculares") as batch_op:
        batch_op.alter_column("diseno", new_column_name="diseno_curricular")
    with op.batch_alter_table("instantaneas_registro") as batch_op:
        batch_op.alter_column("contenido", new_column_name="registro")
        batch_op.alter_column("version", new_column_name="version_registro")
    _claves("registro", "version", "version_registro")


def downgrade() -> None:
    _claves("registro", "version_registro", "version")
    with op.batch_alter_table("instantaneas_registro") as batch_op:
        batch_op.alter_column("version_registro", new_column_name="version")
        batch_op.alter_column("registro", new_column_name="contenido")
    with op.batch_alter_table("areas_curriculares") as batch_op:
        batch_op.alter_column("diseno_curricular", new_column_name="diseno")
