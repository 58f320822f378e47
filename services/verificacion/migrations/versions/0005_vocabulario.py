"""vocabulario (issue 11): a current certificate is VIGENTE, as in emision

verificacion said VALIDO where emision says VIGENTE; one word now (docs/glosario.md). The
summaries kept ready carry the old state and the old field names (estudiante, documento,
institucion, codigo_modular joined with its anexo): they are emptied, and a lookup builds them
from the columns until the next change stores them anew (as migration 0004 did).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_CERTIFICADOS = sa.table(
    "certificados", sa.column("estado", sa.String), sa.column("resumen", sa.JSON)
)


def _cambiar(viejo: str, nuevo: str) -> None:
    c = _CERTIFICADOS.c
    op.execute(_CERTIFICADOS.update().where(c.estado == viejo).values(estado=nuevo))
    op.execute(_CERTIFICADOS.update().values(resumen=sa.null()))


def upgrade() -> None:
    _cambiar("VALIDO", "VIGENTE")


def downgrade() -> None:
    _cambiar("VIGENTE", "VALIDO")
