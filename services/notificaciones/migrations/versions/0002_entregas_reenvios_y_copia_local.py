"""entregas, reenvios y copia local de solicitudes

Revision ID: 0002
Revises: 0001

Each email now belongs to a request (kept locally from events), names its intended recipient
and keeps every attempt in ``intentos_envio``. Rows written by 0001's code get neutral values
(solicitud 0, no IE) so the new NOT NULL columns can be added to a table that has data.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Values for rows that existed before this revision; dropped as defaults right after.
_RELLENO = {
    "solicitud_id": "0",
    "tipo_destinatario": "SOLICITANTE",
    "codigo_modular": "",
    "anexo": "",
    "origen": "EVENTO",
    "intentos_ronda": "0",
}


def upgrade() -> None:
    op.create_table(
        "solicitudes_locales",
        sa.Column("solicitud_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("estado", sa.String(length=10), nullable=False),
        sa.Column("codigo_seguimiento", sa.String(length=16), nullable=True),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nombres", sa.String(length=120), nullable=False),
        sa.Column("apellidos", sa.String(length=160), nullable=False),
        sa.Column("nombre_institucion", sa.String(length=200), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("correo", sa.String(length=254), nullable=False),
        sa.Column("correo_apoderado", sa.String(length=254), nullable=True),
        sa.Column("motivo_rechazo", sa.Text(), nullable=True),
        sa.Column("codigo_virtual", sa.String(length=16), nullable=True),
        sa.Column("numero", sa.Integer(), nullable=True),
        sa.Column("url_verificacion", sa.String(length=300), nullable=True),
        sa.Column("actualizado_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("solicitud_id"),
    )
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_solicitudes_locales_codigo_virtual"), ["codigo_virtual"], unique=False
        )
        batch_op.create_index(
            "ix_solicitudes_locales_ie", ["codigo_modular", "anexo"], unique=False
        )

    op.create_table(
        "intentos_envio",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("correo_id", sa.Integer(), nullable=False),
        sa.Column("intento", sa.Integer(), nullable=False),
        sa.Column("destinatario", sa.String(length=254), nullable=False),
        sa.Column("resultado", sa.String(length=20), nullable=False),
        sa.Column("detalle", sa.Text(), nullable=False),
        sa.Column("en", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["correo_id"], ["correos.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("correo_id", "intento", name="uq_intento_correo"),
    )
    with op.batch_alter_table("intentos_envio", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intentos_envio_correo_id"), ["correo_id"], unique=False
        )

    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("solicitud_id", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "tipo_destinatario",
                sa.String(length=12),
                nullable=False,
                server_default="SOLICITANTE",
            )
        )
        batch_op.add_column(
            sa.Column("codigo_modular", sa.String(length=7), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("anexo", sa.String(length=1), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("origen", sa.String(length=10), nullable=False, server_default="EVENTO")
        )
        batch_op.add_column(sa.Column("solicitado_por", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("intentos_ronda", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("fallido_en", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reenviado_por", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("reenviado_en", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint("uq_correo_evento_plantilla", type_="unique")
        batch_op.create_index(batch_op.f("ix_correos_fallido_en"), ["fallido_en"], unique=False)
        batch_op.create_index("ix_correos_ie", ["codigo_modular", "anexo"], unique=False)
        batch_op.create_index(batch_op.f("ix_correos_solicitud_id"), ["solicitud_id"], unique=False)
        batch_op.create_unique_constraint(
            "uq_correo_evento_destinatario", ["evento_id", "plantilla", "tipo_destinatario"]
        )
    with op.batch_alter_table("correos", schema=None) as batch_op:
        for columna in _RELLENO:
            batch_op.alter_column(columna, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("correos", schema=None) as batch_op:
        batch_op.drop_constraint("uq_correo_evento_destinatario", type_="unique")
        batch_op.drop_index(batch_op.f("ix_correos_solicitud_id"))
        batch_op.drop_index("ix_correos_ie")
        batch_op.drop_index(batch_op.f("ix_correos_fallido_en"))
        batch_op.create_unique_constraint("uq_correo_evento_plantilla", ["evento_id", "plantilla"])
        for columna in (
            "reenviado_en",
            "reenviado_por",
            "fallido_en",
            "intentos_ronda",
            "solicitado_por",
            "origen",
            "anexo",
            "codigo_modular",
            "tipo_destinatario",
            "solicitud_id",
        ):
            batch_op.drop_column(columna)

    with op.batch_alter_table("intentos_envio", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intentos_envio_correo_id"))
    op.drop_table("intentos_envio")
    with op.batch_alter_table("solicitudes_locales", schema=None) as batch_op:
        batch_op.drop_index("ix_solicitudes_locales_ie")
        batch_op.drop_index(batch_op.f("ix_solicitudes_locales_codigo_virtual"))
    op.drop_table("solicitudes_locales")
