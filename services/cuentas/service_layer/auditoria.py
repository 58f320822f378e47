"""The append-only audit of cuentas: every sign-in, failure, lockout and change."""

from __future__ import annotations

from datetime import datetime

# What happened (column ``accion``).
INICIO_SESION = "INICIO_SESION"
FALLO_INICIO = "FALLO_INICIO"
INTENTO_BLOQUEADO = "INTENTO_BLOQUEADO"
BLOQUEO = "BLOQUEO"
SESION_RENOVADA = "SESION_RENOVADA"
RENOVACION_REUTILIZADA = "RENOVACION_REUTILIZADA"
SESION_CERRADA = "SESION_CERRADA"
CUENTA_CREADA = "CUENTA_CREADA"
CUENTA_DESACTIVADA = "CUENTA_DESACTIVADA"
CUENTA_REACTIVADA = "CUENTA_REACTIVADA"
ENLACE_EMITIDO = "ENLACE_EMITIDO"
CLAVE_ESTABLECIDA = "CLAVE_ESTABLECIDA"
CLAVE_CAMBIADA = "CLAVE_CAMBIADA"
FALLO_CAMBIO_CLAVE = "FALLO_CAMBIO_CLAVE"
TOTP_CONFIGURADO = "TOTP_CONFIGURADO"


def auditar(
    uow,
    ahora: datetime,
    accion: str,
    mensaje: str,
    usuario: str | None = None,
    actor: str | None = None,
    ip: str | None = None,
    **detalle,
) -> None:
    """Append one row, in the same transaction as the change it records."""
    uow.auditoria.registrar(
        {
            "ocurrido_en": ahora,
            "accion": accion,
            "usuario": usuario[:20] if usuario else None,
            "actor": actor,
            "ip": ip,
            "detalle": detalle,
            "mensaje": mensaje,
        }
    )
