"""catálogo curricular inicial: diseños (planes anteriores al DCN, DCN 2009, CNEB) y sus áreas

Data migration: loads services/notas/catalogo/*.csv as they are shipped with this revision.
Later edits of the catalog are loaded with `python -m services.notas.entrypoints.cli catalogo`.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from services.notas.adapters.catalogo_csv import leer_catalogo

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_disenos = sa.table(
    "disenos_curriculares",
    sa.column("codigo", sa.String),
    sa.column("nombre", sa.String),
    sa.column("modalidad", sa.String),
    sa.column("nivel", sa.String),
    sa.column("anio_inicio", sa.Integer),
    sa.column("anio_fin", sa.Integer),
    sa.column("por_competencias", sa.Boolean),
)
_areas = sa.table(
    "areas_curriculares",
    sa.column("diseno", sa.String),
    sa.column("tipo_area", sa.String),
    sa.column("nombre", sa.String),
    sa.column("orden", sa.Integer),
    sa.column("competencias", sa.JSON),
)


def upgrade() -> None:
    disenos, areas = leer_catalogo()
    op.bulk_insert(_disenos, disenos)
    # The catalog reader speaks today's words; this revision's column was still ``diseno``.
    filas = [
        {**a, "diseno": a.pop("diseno_curricular"), "nombre": " ".join(a["nombre"].split()).upper()}
        for a in areas
    ]
    op.bulk_insert(_areas, filas)


def downgrade() -> None:
    op.execute(_areas.delete())
    op.execute(_disenos.delete())
