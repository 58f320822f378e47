"""Delivering queued emails: one SMTP connection per batch, every attempt in the delivery log.

Both paths use this: the event consumer (first attempt) and the ``notificaciones.enviar_correos``
task behind resends, replays and the sweeper's retries. A transient failure schedules the next
attempt in the database (``Correo.proximo_intento_en``); ``barrido`` queues what is due.
Each email is locked while it is sent and its outcome committed at once, so two senders of one
email take turns and the second finds it already sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from services.notificaciones.adapters.correo import MensajeSaliente, RechazoPermanente
from services.notificaciones.domain.modelo import (
    CERTIFICADO,
    ENVIADO,
    FALLIDO,
    INTENTO_ENVIADO,
    INTENTO_PERMANENTE,
    INTENTO_TRANSITORIO,
    Correo,
)
from services.notificaciones.service_layer.dependencias import Dependencias
from services.notificaciones.service_layer.unit_of_work import UnidadDeTrabajoNotificaciones
from shared import metricas
from shared.documentos import enmascarar_correo
from shared.errores import ErrorDeDominio, ErrorTransitorio
from shared.mensajes import CorreoEnviado, CorreoFallido

log = logging.getLogger(__name__)


def enviar(uow: UnidadDeTrabajoNotificaciones, ids: Iterable[int], dep: Dependencias) -> list[int]:
    """Attempt each queued email once over one connection; the ids worth another attempt."""
    pdfs: dict[str, bytes] = {}
    reintentar: list[int] = []
    with dep.enviador.sesion() as smtp:
        for correo_id in ids:
            correo = uow.correos.bloquear(correo_id)
            if correo is not None and correo.en_cola:
                _intentar(uow, correo, smtp, dep, pdfs)
                if correo.reintentar:
                    reintentar.append(correo.id)
            uow.commit()  # the outcome is kept (and the lock released) before the next one
    return reintentar


def _intentar(uow, correo: Correo, smtp, dep: Dependencias, pdfs: dict) -> None:
    try:
        smtp.enviar(_componer(uow, correo, dep, pdfs))
    except (RechazoPermanente, ErrorDeDominio) as exc:
        resultado, detalle = INTENTO_PERMANENTE, _texto(exc)
    except ErrorTransitorio as exc:
        resultado, detalle = INTENTO_TRANSITORIO, str(exc)
    else:
        resultado, detalle = INTENTO_ENVIADO, "aceptado por el servidor SMTP"
    correo.registrar_intento(resultado, detalle, dep.politica)
    metricas.contar_correo(correo.plantilla, resultado)
    # Addresses masked, never a body: logs are read by more people than the mailbox is.
    log.info(
        "correo %s (%s) a %s, intento %s: %s — %s",
        correo.id,
        correo.plantilla,
        enmascarar_correo(correo.destinatario),
        correo.intentos,
        correo.estado,
        detalle,
    )
    if correo.estado in (ENVIADO, FALLIDO):
        uow.publicar(_evento_final(correo))


def _texto(exc: Exception) -> str:
    return exc.mensaje if isinstance(exc, ErrorDeDominio) else str(exc)


def _componer(uow, correo: Correo, dep: Dependencias, pdfs: dict) -> MensajeSaliente:
    copia = uow.solicitudes.obtener(correo.numero_solicitud)
    if copia is None:
        raise ErrorDeDominio(f"No hay datos de la solicitud N.° {correo.numero_solicitud:08d}.")
    pdf = None
    if correo.plantilla == CERTIFICADO and dep.adjuntar_pdf:
        if copia.codigo_virtual not in pdfs:  # the apoderado's copy reuses the download
            pdfs[copia.codigo_virtual] = dep.descargar_pdf(copia.codigo_virtual)
        pdf = pdfs[copia.codigo_virtual]
    mensaje = dep.redactor.componer(correo.plantilla, copia, correo.destinatario, pdf)
    return replace(mensaje, correlation_id=correo.correlation_id)


def _evento_final(correo: Correo) -> CorreoEnviado | CorreoFallido:
    datos = {"correo_id": correo.id, "plantilla": correo.plantilla, "referencia": correo.referencia}
    if correo.estado == ENVIADO:
        return CorreoEnviado(**datos)
    return CorreoFallido(**datos, motivo_falla=correo.ultimo_error)
