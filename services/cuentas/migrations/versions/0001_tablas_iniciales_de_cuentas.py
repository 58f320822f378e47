"""tablas iniciales de cuentas: cuentas, padrón local, sesiones, enlaces, fallos, auditoría

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from shared.migraciones import crear_tablas_infraestructura_v1, eliminar_tablas_infraestructura_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_CUANDO = sa.DateTime(timezone=True)


def upgrade() -> None:
    crear_tablas_infraestructura_v1(op)
    op.create_table(
        "cuentas",
        sa.Column("usuario", sa.String(20), primary_key=True),
        sa.Column("nombres", sa.String(120), nullable=False),
        sa.Column("apellidos", sa.String(160), nullable=False),
        sa.Column("correo", sa.String(254), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("codigo_modular", sa.String(7), nullable=True),
        sa.Column("anexo", sa.String(1), nullable=True),
        sa.Column("niveles", sa.JSON, nullable=False),
        sa.Column("ugel", sa.String(120), nullable=True),
        sa.Column("activa", sa.Boolean, nullable=False),
        sa.Column("clave_hash", sa.String(200), nullable=True),
        sa.Column("totp_secreto", sa.String(64), nullable=True),
        sa.Column("totp_pendiente", sa.String(64), nullable=True),
        sa.Column("totp_ultimo_paso", sa.Integer, nullable=False),
        sa.Column("creada_en", _CUANDO, nullable=False),
        sa.Column("creada_por", sa.String(20), nullable=False),
        sa.Column("desactivada_en", _CUANDO, nullable=True),
        sa.Column("desactivada_por", sa.String(20), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_cuentas_rol", "cuentas", ["rol"])
    op.create_index("ix_cuentas_ugel", "cuentas", ["ugel"])
    op.create_table(
        "instituciones",
        sa.Column("codigo_modular", sa.String(7), primary_key=True),
        sa.Column("anexo", sa.String(1), primary_key=True),
        sa.Column("nombre", sa.String(200), nullable=False),
        sa.Column("estado", sa.String(10), nullable=False),
        sa.Column("ugel", sa.String(120), nullable=False),
        sa.Column("modalidad", sa.String(3), nullable=False),
        sa.Column("niveles", sa.JSON, nullable=False),
    )
    op.create_index("ix_instituciones_ugel", "instituciones", ["ugel"])
    op.create_table(
        "sesiones",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("familia", sa.String(36), nullable=False),
        sa.Column("usuario", sa.String(20), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("creada_en", _CUANDO, nullable=False),
        sa.Column("expira_en", _CUANDO, nullable=False),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("usada_en", _CUANDO, nullable=True),
        sa.Column("revocada_en", _CUANDO, nullable=True),
    )
    op.create_index("ix_sesiones_familia", "sesiones", ["familia"])
    op.create_index("ix_sesiones_usuario", "sesiones", ["usuario"])
    op.create_table(
        "enlaces",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("usuario", sa.String(20), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("proposito", sa.String(20), nullable=False),
        sa.Column("creado_en", _CUANDO, nullable=False),
        sa.Column("expira_en", _CUANDO, nullable=False),
        sa.Column("usado_en", _CUANDO, nullable=True),
        sa.Column("anulado_en", _CUANDO, nullable=True),
    )
    op.create_index("ix_enlaces_usuario", "enlaces", ["usuario"])
    op.create_table(
        "contadores_de_fallos",
        sa.Column("tipo", sa.String(12), primary_key=True),
        sa.Column("clave", sa.String(120), primary_key=True),
        sa.Column("fallos", sa.Integer, nullable=False),
        sa.Column("ultimo_fallo", _CUANDO, nullable=True),
        sa.Column("bloqueado_hasta", _CUANDO, nullable=True),
    )
    op.create_table(
        "auditoria",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ocurrido_en", _CUANDO, nullable=False),
        sa.Column("accion", sa.String(40), nullable=False),
        sa.Column("usuario", sa.String(20), nullable=True),
        sa.Column("actor", sa.String(20), nullable=True),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("detalle", sa.JSON, nullable=False),
        sa.Column("mensaje", sa.Text, nullable=False),
    )
    op.create_index("ix_auditoria_ocurrido_en", "auditoria", ["ocurrido_en"])
    op.create_index("ix_auditoria_usuario", "auditoria", ["usuario"])
    _auditoria_solo_agregar()


_MENSAJE = "auditoria de cuentas: solo se agregan filas"


def _auditoria_solo_agregar() -> None:
    """The audit refuses UPDATE and DELETE in the database itself, not only in the code."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION auditoria_cuentas_solo_agregar() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{_MENSAJE}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER auditoria_solo_agregar BEFORE UPDATE OR DELETE ON auditoria "
            "FOR EACH ROW EXECUTE FUNCTION auditoria_cuentas_solo_agregar()"
        )
        op.execute(
            "CREATE TRIGGER auditoria_sin_truncate BEFORE TRUNCATE ON auditoria "
            "FOR EACH STATEMENT EXECUTE FUNCTION auditoria_cuentas_solo_agregar()"
        )
        return
    for operacion in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER auditoria_sin_{operacion.lower()} BEFORE {operacion} ON auditoria "
            f"BEGIN SELECT RAISE(ABORT, '{_MENSAJE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER auditoria_sin_truncate ON auditoria")
        op.execute("DROP TRIGGER auditoria_solo_agregar ON auditoria")
        op.execute("DROP FUNCTION auditoria_cuentas_solo_agregar()")
    else:
        for operacion in ("update", "delete"):
            op.execute(f"DROP TRIGGER auditoria_sin_{operacion}")
    for tabla in ("auditoria", "contadores_de_fallos", "enlaces", "sesiones", "instituciones"):
        op.drop_table(tabla)
    op.drop_table("cuentas")
    eliminar_tablas_infraestructura_v1(op)
