"""detalle_tecnico: a failed emission's cause, apart from what the citizen reads

EmisionFallida v3 carries the citizen's message (``motivo_falla``) and, for staff, the
technical cause (``detalle_tecnico``). Before it, emision joined both in one text with a
"Detalle técnico:" suffix, and the citizen's tracking page showed it. Rows written then are
split here, in the request and in its history, so the suffix leaves the citizen's page too.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_SEPARADOR = "Detalle técnico:"
# (table, key column, text column the citizen reads)
_TABLAS = (
    ("solicitudes", "numero_solicitud", "detalle_estado"),
    ("historial_estados", "id", "detalle"),
)


def _tabla(nombre: str, clave: str, texto: str) -> sa.Table:
    return sa.table(nombre, sa.column(clave), sa.column(texto), sa.column("detalle_tecnico"))


def upgrade() -> None:
    for nombre, _clave, _texto in _TABLAS:
        op.add_column(nombre, sa.Column("detalle_tecnico", sa.Text(), nullable=True))
    conn = op.get_bind()
    for nombre, clave, texto in _TABLAS:
        t = _tabla(nombre, clave, texto)
        filas = conn.execute(
            sa.select(t.c[clave], t.c[texto]).where(t.c[texto].like(f"%{_SEPARADOR}%"))
        ).all()
        for id_, valor in filas:
            motivo, _, detalle = valor.partition(_SEPARADOR)
            conn.execute(
                sa.update(t)
                .where(t.c[clave] == id_)
                .values({texto: motivo.strip(), "detalle_tecnico": detalle.strip() or None})
            )


def downgrade() -> None:
    conn = op.get_bind()
    for nombre, clave, texto in _TABLAS:
        t = _tabla(nombre, clave, texto)
        filas = conn.execute(
            sa.select(t.c[clave], t.c[texto], t.c.detalle_tecnico).where(
                t.c.detalle_tecnico.is_not(None)
            )
        ).all()
        for id_, valor, detalle in filas:
            conn.execute(
                sa.update(t)
                .where(t.c[clave] == id_)
                .values({texto: f"{valor} {_SEPARADOR} {detalle}"})
            )
    for nombre, _clave, _texto in _TABLAS:
        with op.batch_alter_table(nombre) as batch_op:
            batch_op.drop_column("detalle_tecnico")
