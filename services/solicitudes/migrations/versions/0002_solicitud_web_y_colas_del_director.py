"""solicitud web completa y colas del director

Identity registry tables, «Habilitar solicitud» per IE, who attends each request (atiende),
the applicant (estudiante/apoderado), terms accepted, origin and the superseded código
virtual; the last grade of each student for «Estudiantes actuales».

Existing requests are backfilled (atiende = ruta, origen WEB, estudiante). The unique index
allows one open request per student and IE: if old data has two, resolve them first.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of the open states (never import the model into a migration).
ABIERTA = "estado IN ('PENDIENTE', 'EN EMISIÓN', 'ERROR')"


def upgrade() -> None:
    op.create_table(
        "configuraciones_ie",
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("habilitar_solicitud", sa.Boolean(), nullable=False),
        sa.Column("actualizado_por", sa.String(length=120), nullable=False),
        sa.Column("actualizado_en", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("codigo_modular", "anexo"),
    )
    op.create_table(
        "personas_registradas",
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nombres", sa.String(length=120), nullable=False),
        sa.Column("primer_apellido", sa.String(length=80), nullable=False),
        sa.Column("segundo_apellido", sa.String(length=80), nullable=False),
        sa.Column("fecha_nacimiento", sa.Date(), nullable=False),
        sa.Column("pais", sa.String(length=60), nullable=False),
        sa.Column("fallecido", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("tipo_documento", "numero_documento"),
    )
    op.create_table(
        "vinculos_registrados",
        sa.Column("apoderado_tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("apoderado_numero_documento", sa.String(length=20), nullable=False),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("vinculo", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint(
            "apoderado_tipo_documento",
            "apoderado_numero_documento",
            "tipo_documento",
            "numero_documento",
        ),
    )
    with op.batch_alter_table("completitudes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nombres", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("primer_apellido", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("segundo_apellido", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("codigo_modular", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("anexo", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("ultimo_anio", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ultimo_grado", sa.String(length=10), nullable=True))
        batch_op.create_index("ix_completitudes_ie", ["codigo_modular", "anexo"], unique=False)

    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pais", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "tipo_persona", sa.String(length=10), nullable=False, server_default="ESTUDIANTE"
            )
        )
        batch_op.add_column(
            sa.Column("apoderado_tipo_documento", sa.String(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("apoderado_numero_documento", sa.String(length=20), nullable=True)
        )
        batch_op.add_column(sa.Column("apoderado_nombres", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("apoderado_apellidos", sa.String(length=161), nullable=True))
        batch_op.add_column(sa.Column("primer_anio", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("atiende", sa.String(length=10), nullable=False, server_default="IE")
        )
        batch_op.add_column(
            sa.Column("origen", sa.String(length=20), nullable=False, server_default="WEB")
        )
        batch_op.add_column(
            sa.Column("codigo_virtual_anterior", sa.String(length=16), nullable=True)
        )
        batch_op.add_column(sa.Column("terminos_version", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("terminos_aceptados_en", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.alter_column(
            "ruta",
            existing_type=sa.VARCHAR(length=10),
            type_=sa.String(length=12),
            existing_nullable=False,
        )
        batch_op.create_index("ix_solicitudes_atiende", ["atiende", "estado"], unique=False)
        batch_op.create_index(
            "ux_solicitudes_abierta",
            ["tipo_documento", "numero_documento", "codigo_modular", "anexo"],
            unique=True,
            postgresql_where=sa.text(ABIERTA),
            sqlite_where=sa.text(ABIERTA),
        )

    # Requests of the walking skeleton were attended by whoever their route named.
    op.execute("UPDATE solicitudes SET atiende = ruta")
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        for columna in ("pais", "tipo_persona", "atiende", "origen"):
            batch_op.alter_column(columna, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("solicitudes", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_solicitudes_abierta",
            postgresql_where=sa.text(ABIERTA),
            sqlite_where=sa.text(ABIERTA),
        )
        batch_op.drop_index("ix_solicitudes_atiende")
        batch_op.alter_column(
            "ruta",
            existing_type=sa.String(length=12),
            type_=sa.VARCHAR(length=10),
            existing_nullable=False,
        )
        batch_op.drop_column("terminos_aceptados_en")
        batch_op.drop_column("terminos_version")
        batch_op.drop_column("codigo_virtual_anterior")
        batch_op.drop_column("origen")
        batch_op.drop_column("atiende")
        batch_op.drop_column("primer_anio")
        batch_op.drop_column("apoderado_apellidos")
        batch_op.drop_column("apoderado_nombres")
        batch_op.drop_column("apoderado_numero_documento")
        batch_op.drop_column("apoderado_tipo_documento")
        batch_op.drop_column("tipo_persona")
        batch_op.drop_column("pais")

    with op.batch_alter_table("completitudes", schema=None) as batch_op:
        batch_op.drop_index("ix_completitudes_ie")
        batch_op.drop_column("ultimo_grado")
        batch_op.drop_column("ultimo_anio")
        batch_op.drop_column("anexo")
        batch_op.drop_column("codigo_modular")
        batch_op.drop_column("segundo_apellido")
        batch_op.drop_column("primer_apellido")
        batch_op.drop_column("nombres")

    op.drop_table("vinculos_registrados")
    op.drop_table("personas_registradas")
    op.drop_table("configuraciones_ie")
