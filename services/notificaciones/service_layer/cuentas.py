"""Emails about staff accounts (from cuentas' events): the one-time link to set a password.

These are not about a request, so they are not kept in the delivery log: the link is a
credential and stays out of our tables. A transient SMTP failure retries the event; a
permanent refusal dead-letters it, where operations see it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from services.notificaciones.adapters.correo import RechazoPermanente
from services.notificaciones.service_layer.dependencias import Dependencias
from shared import correlacion
from shared.consumidor import EventoRecibido
from shared.errores import ErrorDeDominio
from shared.fechas import LIMA

PLANTILLA_ENLACE = "enlace_de_clave"
_ASUNTOS = {
    "PRIMERA_CLAVE": "Mi Certificado: establezca la clave de su cuenta",
    "RECUPERACION": "Mi Certificado: enlace para restablecer su clave",
}


def al_emitir_enlace_de_clave(evento: EventoRecibido, uow, dep: Dependencias) -> None:
    """Email the link to the account's address."""
    datos = evento.payload
    vence = datos["expira_en"]
    if isinstance(vence, str):
        vence = datetime.fromisoformat(vence)
    contexto = {
        "nombre": datos["nombre"],
        "usuario": datos["usuario"],
        "rol": datos["rol"],
        "url": datos["url"],
        "primera": datos["proposito"] == "PRIMERA_CLAVE",
        "vence": vence.astimezone(LIMA).strftime("%d/%m/%Y %H:%M"),
    }
    mensaje = dep.redactor.componer_con(
        PLANTILLA_ENLACE, _ASUNTOS[datos["proposito"]], contexto, datos["correo"]
    )
    mensaje = replace(mensaje, correlation_id=correlacion.actual())
    try:
        with dep.enviador.sesion() as smtp:
            smtp.enviar(mensaje)
    except RechazoPermanente as exc:
        raise ErrorDeDominio(f"el servidor de correo rechazó el enlace: {exc}") from exc
