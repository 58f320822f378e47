"""registro de notas completo: padrón con ubigeo y parámetros, talleres, catálogo curricular,
competencias, observaciones, auditoría (solo agregar) e instantáneas versionadas

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auditoria",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("grado", sa.String(length=10), nullable=False),
        sa.Column("anio_lectivo", sa.Integer(), nullable=False),
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("campo", sa.String(length=30), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=True),
        sa.Column("competencia", sa.String(length=300), nullable=True),
        sa.Column("antes", sa.String(length=40), nullable=True),
        sa.Column("despues", sa.String(length=40), nullable=True),
        sa.Column("usuario", sa.String(length=120), nullable=False),
        sa.Column("rol", sa.String(length=30), nullable=False),
        sa.Column("origen", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("registrado_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditoria", schema=None) as batch_op:
        batch_op.create_index(
            "ix_auditoria_estudiante", ["tipo_documento", "numero_documento"], unique=False
        )

    op.create_table(
        "disenos_curriculares",
        sa.Column("codigo", sa.String(length=40), nullable=False),
        sa.Column("nombre", sa.String(length=200), nullable=False),
        sa.Column("modalidad", sa.String(length=3), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("anio_inicio", sa.Integer(), nullable=False),
        sa.Column("anio_fin", sa.Integer(), nullable=True),
        sa.Column("por_competencias", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("codigo"),
    )
    op.create_table(
        "instantaneas_registro",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tipo_documento", sa.String(length=20), nullable=False),
        sa.Column("numero_documento", sa.String(length=20), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("completitud", sa.String(length=30), nullable=False),
        sa.Column("contenido", sa.JSON(), nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "tipo_documento", "numero_documento", "nivel", "version", name="uq_instantanea_version"
        ),
    )
    op.create_table(
        "areas_curriculares",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("diseno", sa.String(length=40), nullable=False),
        sa.Column("tipo_area", sa.String(length=30), nullable=False),
        sa.Column("nombre", sa.String(length=200), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("competencias", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["diseno"],
            ["disenos_curriculares.codigo"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("diseno", "nombre", name="uq_area_curricular"),
    )
    op.create_table(
        "talleres",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("codigo_modular", sa.String(length=7), nullable=False),
        sa.Column("anexo", sa.String(length=1), nullable=False),
        sa.Column("nombre", sa.String(length=200), nullable=False),
        sa.Column("estado", sa.String(length=10), nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dado_de_baja_en", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["codigo_modular", "anexo"],
            ["instituciones.codigo_modular", "instituciones.anexo"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("codigo_modular", "anexo", "nombre", name="uq_taller_nombre"),
    )
    with op.batch_alter_table("calificaciones", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("competencias", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )

    with op.batch_alter_table("grados", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("aplica", sa.Boolean(), server_default=sa.text("true"), nullable=False)
        )
        batch_op.add_column(sa.Column("diseno_curricular", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("observaciones", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.create_index("ix_grados_institucion", ["codigo_modular", "anexo"], unique=False)

    with op.batch_alter_table("instituciones", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("departamento", sa.String(length=80), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("provincia", sa.String(length=80), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("distrito", sa.String(length=80), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("min_areas", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("max_areas", sa.Integer(), server_default=sa.text("10"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("min_talleres", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("max_talleres", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )

    _auditoria_solo_agregar()


_MENSAJE = "auditoria: solo se agregan filas"


def _auditoria_solo_agregar() -> None:
    """The audit trail refuses UPDATE and DELETE in the database itself, not only in the code."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION auditoria_solo_agregar() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{_MENSAJE}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER auditoria_solo_agregar BEFORE UPDATE OR DELETE ON auditoria "
            "FOR EACH ROW EXECUTE FUNCTION auditoria_solo_agregar()"
        )
        op.execute(
            "CREATE TRIGGER auditoria_sin_truncate BEFORE TRUNCATE ON auditoria "
            "FOR EACH STATEMENT EXECUTE FUNCTION auditoria_solo_agregar()"
        )
        return
    for operacion in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER auditoria_sin_{operacion.lower()} BEFORE {operacion} ON auditoria "
            f"BEGIN SELECT RAISE(ABORT, '{_MENSAJE}'); END"
        )


def _quitar_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER auditoria_sin_truncate ON auditoria")
        op.execute("DROP TRIGGER auditoria_solo_agregar ON auditoria")
        op.execute("DROP FUNCTION auditoria_solo_agregar()")
        return
    for operacion in ("update", "delete"):
        op.execute(f"DROP TRIGGER auditoria_sin_{operacion}")


def downgrade() -> None:
    _quitar_triggers()
    with op.batch_alter_table("instituciones", schema=None) as batch_op:
        batch_op.drop_column("max_talleres")
        batch_op.drop_column("min_talleres")
        batch_op.drop_column("max_areas")
        batch_op.drop_column("min_areas")
        batch_op.drop_column("distrito")
        batch_op.drop_column("provincia")
        batch_op.drop_column("departamento")

    with op.batch_alter_table("grados", schema=None) as batch_op:
        batch_op.drop_index("ix_grados_institucion")
        batch_op.drop_column("observaciones")
        batch_op.drop_column("diseno_curricular")
        batch_op.drop_column("aplica")

    with op.batch_alter_table("calificaciones", schema=None) as batch_op:
        batch_op.drop_column("competencias")

    op.drop_table("talleres")
    op.drop_table("areas_curriculares")
    op.drop_table("instantaneas_registro")
    op.drop_table("disenos_curriculares")
    with op.batch_alter_table("auditoria", schema=None) as batch_op:
        batch_op.drop_index("ix_auditoria_estudiante")

    op.drop_table("auditoria")
