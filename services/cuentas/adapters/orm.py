"""Tables of the cuentas service and their mapping onto the (pure) domain classes."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import registry

from services.cuentas.domain.bloqueo import Contador
from services.cuentas.domain.modelo import Cuenta, Enlace, InstitucionLocal, Sesion
from shared.db import FechaUTC, MapeoUnaVez, tablas_infraestructura

metadata = MetaData()
TABLAS_INFRA = tablas_infraestructura(metadata)

cuentas = Table(
    "cuentas",
    metadata,
    Column("usuario", String(20), primary_key=True),  # the staff member's document number
    Column("nombres", String(120), nullable=False),
    Column("apellidos", String(160), nullable=False),
    Column("correo", String(254), nullable=False),
    Column("rol", String(20), nullable=False, index=True),
    Column("codigo_modular", String(7), nullable=True),
    Column("anexo", String(1), nullable=True),
    Column("niveles", JSON, nullable=False),
    Column("codigo_ugel", String(6), nullable=True, index=True),
    Column("activa", Boolean, nullable=False),
    Column("clave_hash", String(200), nullable=True),
    Column("totp_secreto", String(64), nullable=True),
    Column("totp_pendiente", String(64), nullable=True),
    Column("totp_ultimo_paso", Integer, nullable=False),
    Column("creada_en", FechaUTC(), nullable=False),
    Column("creada_por", String(20), nullable=False),
    Column("desactivada_en", FechaUTC(), nullable=True),
    Column("desactivada_por", String(20), nullable=True),
    Column("version", Integer, nullable=False),
)

instituciones = Table(
    "instituciones",
    metadata,
    Column("codigo_modular", String(7), primary_key=True),
    Column("anexo", String(1), primary_key=True),
    Column("nombre", String(200), nullable=False),
    Column("estado", String(10), nullable=False),
    Column("codigo_ugel", String(6), nullable=True, index=True),
    Column("nombre_ugel", String(120), nullable=False),
    Column("modalidad", String(3), nullable=False),
    Column("niveles", JSON, nullable=False),
)

sesiones = Table(
    "sesiones",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("familia", String(36), nullable=False, index=True),
    Column("usuario", String(20), nullable=False, index=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("creada_en", FechaUTC(), nullable=False),
    Column("expira_en", FechaUTC(), nullable=False),
    Column("ip", String(64), nullable=True),
    Column("usada_en", FechaUTC(), nullable=True),
    Column("revocada_en", FechaUTC(), nullable=True),
)

enlaces = Table(
    "enlaces",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("usuario", String(20), nullable=False, index=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("proposito", String(20), nullable=False),
    Column("creado_en", FechaUTC(), nullable=False),
    Column("expira_en", FechaUTC(), nullable=False),
    Column("usado_en", FechaUTC(), nullable=True),
    Column("anulado_en", FechaUTC(), nullable=True),
)

contadores = Table(
    "contadores_de_fallos",
    metadata,
    Column("tipo", String(12), primary_key=True),
    Column("clave", String(120), primary_key=True),
    Column("fallos", Integer, nullable=False),
    Column("ultimo_fallo", FechaUTC(), nullable=True),
    Column("bloqueado_hasta", FechaUTC(), nullable=True),
)

# Append-only: the database refuses UPDATE and DELETE (triggers in the migration).
auditoria = Table(
    "auditoria",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ocurrido_en", FechaUTC(), nullable=False, index=True),
    Column("accion", String(40), nullable=False),
    Column("usuario", String(20), nullable=True, index=True),
    Column("actor", String(20), nullable=True),
    Column("ip", String(64), nullable=True),
    Column("detalle", JSON, nullable=False),
    Column("mensaje", Text, nullable=False),
)


def _mapear(mapeador: registry) -> None:
    mapeador.map_imperatively(
        Cuenta, cuentas, version_id_col=cuentas.c.version, version_id_generator=False
    )
    mapeador.map_imperatively(InstitucionLocal, instituciones)
    mapeador.map_imperatively(Sesion, sesiones)
    mapeador.map_imperatively(Enlace, enlaces)
    mapeador.map_imperatively(Contador, contadores)


iniciar_mapeos = MapeoUnaVez(metadata, _mapear)
