"""Read side of the solicitudes service."""

from __future__ import annotations

from services.solicitudes.domain.modelo import EN_EMISION, ERROR, PENDIENTE, RUTA_IE
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.documentos import enmascarar_correo
from shared.errores import NoEncontrado
from shared.identificadores import agrupar


def seguimiento(uow: UnidadDeTrabajoSolicitudes, codigo: str, url_verificacion: str) -> dict:
    """What a citizen sees of their request with its tracking code."""
    with uow:
        s = uow.solicitudes.por_seguimiento(codigo)
        if s is None:
            raise NoEncontrado("No existe una solicitud con ese código de seguimiento.")
        respuesta = {
            "numero": s.id,
            "estado": s.estado,
            "detalle": s.detalle_estado,
            "creada_en": s.creada_en,
            "correo": enmascarar_correo(s.correo),
            "historial": [{"estado": c.estado, "en": c.en} for c in s.historial],
        }
        if s.codigo_virtual:
            respuesta["codigo_virtual"] = agrupar(s.codigo_virtual)
            respuesta["url_verificacion"] = f"{url_verificacion}/v/{agrupar(s.codigo_virtual)}"
        return respuesta


def pendientes(
    uow: UnidadDeTrabajoSolicitudes, usuario: Usuario, pagina: int, por_pagina: int
) -> dict:
    """The director's queue: their IE's requests still to be issued, with completeness."""
    with uow:
        filas, total = uow.solicitudes.cola(
            usuario.codigo_modular,
            usuario.anexo,
            RUTA_IE,
            (PENDIENTE, EN_EMISION, ERROR),
            pagina,
            por_pagina,
        )
        completas = uow.copias.completitudes(
            [(f.tipo_documento, f.numero_documento, f.nivel) for f in filas]
        )
        return {
            "pagina": pagina,
            "por_pagina": por_pagina,
            "total": total,
            "solicitudes": [
                _fila(f, completas.get((f.tipo_documento, f.numero_documento, f.nivel)))
                for f in filas
            ],
        }


def _fila(s, completitud) -> dict:
    return {
        "numero": s.id,
        "apellidos_y_nombres": f"{s.primer_apellido} {s.segundo_apellido}, {s.nombres}".replace(
            "  ", " "
        ),
        "tipo_documento": s.tipo_documento,
        "numero_documento": s.numero_documento,
        "nivel": s.nivel,
        "ultimo_anio": s.ultimo_anio,
        "fecha_solicitud": s.creada_en,
        "estado": s.estado,
        "detalle": s.detalle_estado,
        "completitud": completitud.completitud if completitud else "SIN INFORMACIÓN",
        "correo": s.correo,
    }
