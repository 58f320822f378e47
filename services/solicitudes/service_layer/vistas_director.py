"""Read side for staff: the queues (pendientes, rechazadas, emitidas, semi-automática),
«Estudiantes actuales» and «Búsqueda de estudiantes».

Every queue is scoped first by who asks (``autorizacion.alcance``), then by the user's filters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from services.solicitudes.domain.identidad import DatosPersona, RegistroIdentidad
from services.solicitudes.domain.identidad import verificar_persona as _verificar
from services.solicitudes.domain.modelo import (
    EMITIDA,
    EN_EMISION,
    ERROR,
    PENDIENTE,
    RECHAZADA,
)
from services.solicitudes.domain.ruta import (
    RUTA_CONSOLIDADA,
    RUTA_OACIGED,
    quien_atiende_ahora,
)
from services.solicitudes.service_layer import autorizacion
from services.solicitudes.service_layer.atencion import COMPLETA, configuracion_como_dict
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from services.solicitudes.service_layer.vistas import fila
from shared.auth import Usuario
from shared.errores import ErrorDeDominio, NoEncontrado
from shared.identificadores import agrupar


@dataclass(frozen=True)
class Cola:
    estados: tuple[str, ...]
    solo_completas: bool = False
    recientes_primero: bool = False


COLAS = {
    "pendientes": Cola((PENDIENTE, EN_EMISION, ERROR)),
    "rechazadas": Cola((RECHAZADA,), recientes_primero=True),
    "emitidas": Cola((EMITIDA,), recientes_primero=True),
    # Only what can be issued at once: complete data, not yet ordered (or failed).
    "semiautomatica": Cola((PENDIENTE, ERROR), solo_completas=True),
}


def cola(uow: UnidadDeTrabajoSolicitudes, usuario: Usuario, nombre: str, filtros: dict) -> dict:
    """One page of a queue with each request's data completeness."""
    definicion = COLAS[nombre]
    pagina, por_pagina = filtros["pagina"], filtros["por_pagina"]
    with uow:
        filtro = replace(
            autorizacion.alcance(
                uow, usuario, filtros.get("codigo_modular"), filtros.get("anexo", "0")
            ),
            estados=tuple(e for e in definicion.estados if e == filtros.get("estado", e)),
            completitud=COMPLETA if definicion.solo_completas else filtros.get("completitud"),
            numero_documento=filtros.get("numero_documento"),
            texto=filtros.get("texto"),
            sin_parte_oaciged=definicion.solo_completas,
            recientes_primero=definicion.recientes_primero,
        )
        filas, total = uow.solicitudes.listar(filtro, pagina, por_pagina)
        return {
            "pagina": pagina,
            "por_pagina": por_pagina,
            "total": total,
            "solicitudes": [_fila_de_cola(nombre, s, c) for s, c in filas],
        }


def cifras(
    uow: UnidadDeTrabajoSolicitudes, usuario: Usuario, codigo_modular: str | None, anexo: str
) -> dict:
    """Inicio's counts of the person's queues, from one grouped query.

    «Información completa» counts what «Solicitudes para emisión semi-automática» lists (not yet
    ordered or failed, complete data, not waiting for OACIGED's part).
    """
    pendientes = COLAS["pendientes"]
    semiautomatica = COLAS["semiautomatica"]
    with uow:
        filtro = replace(
            autorizacion.alcance(uow, usuario, codigo_modular, anexo), estados=pendientes.estados
        )
        grupos = uow.solicitudes.contar_por_estado(filtro)
    parte_oaciged = filtro.atiende == RUTA_OACIGED

    def contar(condicion) -> int:
        return sum(n for clave, n in grupos.items() if condicion(*clave))

    return {
        "pendientes": contar(lambda estado, _c, _r: estado == PENDIENTE),
        "informacion_completa": contar(
            lambda estado, completitud, ruta: (
                estado in semiautomatica.estados
                and completitud == COMPLETA
                and not (parte_oaciged and ruta == RUTA_CONSOLIDADA)
            )
        ),
        "en_emision": contar(lambda estado, _c, _r: estado == EN_EMISION),
        "fallidas": contar(lambda estado, _c, _r: estado == ERROR),
    }


def _fila_de_cola(nombre: str, s, completitud: str) -> dict:
    resultado = fila(s, completitud)
    if nombre == "rechazadas":
        resultado["motivo_rechazo"] = s.detalle_estado
        resultado["rechazada_en"] = s.historial[-1].en
        resultado["rechazada_por"] = s.historial[-1].por
    if nombre == "emitidas":
        resultado["codigo_virtual"] = agrupar(s.codigo_virtual)
        resultado["emitido_en"] = s.emitido_en
    return resultado


def configuracion(
    uow: UnidadDeTrabajoSolicitudes, usuario: Usuario, codigo_modular: str, anexo: str
) -> dict:
    """«Habilitar solicitud» of an IE the user may configure."""
    with uow:
        autorizacion.alcance(uow, usuario, codigo_modular, anexo)
        ie = uow.copias.institucion(codigo_modular, anexo)
        if ie is None:
            raise NoEncontrado(f"No existe la institución educativa {codigo_modular}-{anexo}.")
        return configuracion_como_dict(ie, uow.copias.configuracion(codigo_modular, anexo))


def estudiantes_actuales(uow: UnidadDeTrabajoSolicitudes, usuario: Usuario, filtros: dict) -> dict:
    """Students whose last registered grade was studied at the director's IE."""
    with uow:
        filtro = autorizacion.alcance(
            uow, usuario, filtros.get("codigo_modular"), filtros.get("anexo", "0")
        )
        if not filtro.codigo_modular:
            raise ErrorDeDominio("Indique el código modular de la institución.", "codigo_modular")
        filas, total = uow.copias.estudiantes_de_ie(
            filtro.codigo_modular, filtro.anexo, filtros["pagina"], filtros["por_pagina"]
        )
        return {
            "pagina": filtros["pagina"],
            "por_pagina": filtros["por_pagina"],
            "total": total,
            "estudiantes": [
                {
                    "tipo_documento": c.tipo_documento,
                    "numero_documento": c.numero_documento,
                    "apellidos_y_nombres": (
                        f"{c.primer_apellido or ''} {c.segundo_apellido or ''}".strip()
                        + f", {c.nombres or ''}"
                    ),
                    "nivel": c.nivel,
                    "ultimo_anio": c.ultimo_anio,
                    "ultimo_grado": c.ultimo_grado,
                    "completitud": c.completitud,
                }
                for c in filas
            ],
        }


def buscar_estudiante(
    uow: UnidadDeTrabajoSolicitudes,
    registro: RegistroIdentidad,
    usuario: Usuario,
    estudiante: DatosPersona,
) -> dict:
    """«Búsqueda de estudiantes»: the typed data checked, what exists for this student."""
    persona = _verificar(registro, estudiante)
    with uow:
        emitidas = [
            s
            for s in uow.solicitudes.emitidas_de(persona.tipo_documento, persona.numero_documento)
            if _lo_atiende(usuario, s, uow.copias.institucion(s.codigo_modular, s.anexo))
        ]
        completitudes = uow.copias.completitudes_de(
            persona.tipo_documento, persona.numero_documento
        )
        respuesta = {
            "tipo_documento": persona.tipo_documento,
            "numero_documento": persona.numero_documento,
            "completitud": {c.nivel: c.completitud for c in completitudes},
            "certificado_emitido": None,
        }
        if emitidas:
            respuesta["certificado_emitido"] = _certificado(emitidas[0])
            respuesta["mensaje"] = (
                "El estudiante ya cuenta con un certificado emitido. ¿Desea generar la "
                "solicitud a partir de la información de este Certificado de Estudios?"
            )
        return respuesta


def _certificado(ultima) -> dict:
    return {
        "numero_solicitud": ultima.numero_solicitud,
        "codigo_virtual": agrupar(ultima.codigo_virtual),
        "emitido_en": ultima.emitido_en,
        "nivel": ultima.nivel,
        "ultimo_anio": ultima.ultimo_anio,
        "ultimo_grado": ultima.ultimo_grado,
    }


def _lo_atiende(usuario: Usuario, s, ie) -> bool:
    return ie is not None and autorizacion.puede_atender(
        usuario, quien_atiende_ahora(s.ruta, ie), ie
    )
