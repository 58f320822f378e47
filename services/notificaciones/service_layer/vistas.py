"""Read side of the notificaciones service: the resend dialog, failed mail, a delivery log."""

from __future__ import annotations

from services.notificaciones.adapters.repositorio import FiltroFallidos
from services.notificaciones.domain.modelo import RETRASADO, Correo
from services.notificaciones.service_layer.autorizacion import autorizar
from services.notificaciones.service_layer.unit_of_work import UnidadDeTrabajoNotificaciones
from shared.auth import Usuario
from shared.documentos import enmascarar_correo
from shared.errores import NoEncontrado
from shared.identificadores import agrupar


def correo_de_solicitud(
    uow: UnidadDeTrabajoNotificaciones, usuario: Usuario, numero_solicitud: int
) -> dict:
    """What the director's «Reenvío de correo electrónico» dialog shows."""
    with uow:
        copia = uow.solicitudes.obtener(numero_solicitud)
        if copia is None:
            raise NoEncontrado(
                f"No existe la solicitud N.° {numero_solicitud:08d}.", "numero_solicitud"
            )
        autorizar(uow, usuario, copia)
        return {
            "numero_solicitud": copia.numero_solicitud,
            "tipo_documento": copia.tipo_documento,
            "numero_documento": copia.numero_documento,
            "nombre_estudiante": f"{copia.apellidos}, {copia.nombres}",
            "nivel": copia.nivel,
            "nombre_institucion": copia.nombre_institucion,
            "estado": copia.estado,
            "correo": copia.correo,  # the director sees the registered address, as today
            "plantilla": copia.plantilla_actual,
            "correos": [_fila(c) for c in uow.correos.de_solicitud(numero_solicitud)],
        }


def fallidos(
    uow: UnidadDeTrabajoNotificaciones, filtro: FiltroFallidos, pagina: int, por_pagina: int
) -> dict:
    """Failed emails for operations, newest failure first."""
    with uow:
        filas, total = uow.correos.fallidos(filtro, pagina, por_pagina)
        return {
            "pagina": pagina,
            "por_pagina": por_pagina,
            "total": total,
            "correos": [_fila(c) for c in filas],
        }


def retrasados(uow: UnidadDeTrabajoNotificaciones, pagina: int, por_pagina: int) -> dict:
    """Late emails for operations: failed transiently, retried until their deadline."""
    with uow:
        filas, total = uow.correos.retrasados(pagina, por_pagina)
        return {
            "pagina": pagina,
            "por_pagina": por_pagina,
            "total": total,
            "correos": [_fila(c) for c in filas],
        }


def correo(uow: UnidadDeTrabajoNotificaciones, correo_id: int) -> dict:
    """One email and its delivery log, attempt by attempt."""
    with uow:
        c = uow.correos.obtener(correo_id)
        if c is None:
            raise NoEncontrado(f"No existe el correo {correo_id}.", "correo_id")
        return {
            **_fila(c),
            "historial": [
                {
                    "intento": i.intento,
                    "en": i.en,
                    "destinatario": enmascarar_correo(i.destinatario),
                    "resultado": i.resultado,
                    "detalle": i.detalle,
                }
                for i in c.historial
            ],
        }


def _fila(c: Correo) -> dict:
    """One email as staff see it: the address masked, the reason in full."""
    return {
        "correo_id": c.id,
        "plantilla": c.plantilla,
        "destinatario": enmascarar_correo(c.destinatario),
        "tipo_destinatario": c.tipo_destinatario,
        "numero_solicitud": c.numero_solicitud,
        "referencia": agrupar(c.referencia) if len(c.referencia) == 16 else c.referencia,
        "codigo_modular": c.codigo_modular,
        "anexo": c.anexo,
        "origen": c.origen,
        "estado": c.estado,
        "intentos": c.intentos,
        "motivo_falla": c.ultimo_error,
        "creado_en": c.creado_en,
        "enviado_en": c.enviado_en,
        "fallido_en": c.fallido_en,
        "proximo_intento_en": c.proximo_intento_en if c.estado == RETRASADO else None,
        "plazo_hasta": c.plazo_hasta,
    }
