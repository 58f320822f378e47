"""vocabulario (issue 11): one word per concept, as docs/glosario.md decides

The request number is ``numero_solicitud`` everywhere, also as the primary key of its own
table and in the history's foreign key; the citizen's motive is ``motivo_solicitud`` (a
rejection's motive is ``motivo_rechazo``). Renames only: every row keeps its values.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# SQLite rebuilds historial_estados: its unnamed foreign key is named here so it can be swapped
# for one that points to the renamed key (PostgreSQL follows a renamed column by itself).
_FK = {"fk": "fk_%(table_name)s_%(column_0_name)s"}


def _historial(viejo: str, nuevo: str, referido: str) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("historial_estados", naming_convention=_FK) as batch_op:
        batch_op.drop_index(f"ix_historial_estados_{viejo}")
        if sqlite:
            batch_op.drop_constraint(f"fk_historial_estados_{viejo}", type_="foreignkey")
        batch_op.alter_column(viejo, new_column_name=nuevo)
    with op.batch_alter_table("historial_estados") as batch_op:
        if sqlite:
            batch_op.create_foreign_key(
                f"fk_historial_estados_{nuevo}",
                "solicitudes",
                [nuevo],
                [referido],
                ondelete="CASCADE",
            )
        batch_op.create_index(f"ix_historial_estados_{nuevo}", [nuevo], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.alter_column("id", new_column_name="numero_solicitud")
        batch_op.alter_column("motivo", new_column_name="motivo_solicitud")
    _historial("solicitud_id", "numero_solicitud", "numero_solicitud")


def downgrade() -> None:
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.alter_column("motivo_solicitud", new_column_name="motivo")
        batch_op.alter_column("numero_solicitud", new_column_name="id")
    _historial("numero_solicitud", "solicitud_id", "id")
