"""Read side for citizens: búsqueda de institución, terms, tracking; and a request's detail."""

from __future__ import annotations

from services.solicitudes.domain import terminos
from services.solicitudes.domain.modelo import MOTIVOS, Solicitud
from services.solicitudes.service_layer.autorizacion import autorizar
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.documentos import enmascarar_correo
from shared.errores import NoEncontrado
from shared.identificadores import agrupar


def buscar_instituciones(uow: UnidadDeTrabajoSolicitudes, texto: str) -> list[dict]:
    """Step 1: IEs by name or código modular, saying whether they receive web requests."""
    with uow:
        ies = uow.copias.buscar_instituciones(texto)
        configuraciones = uow.copias.configuraciones([(i.codigo_modular, i.anexo) for i in ies])
        return [
            {
                "codigo_modular": ie.codigo_modular,
                "anexo": ie.anexo,
                "nombre": ie.nombre,
                "estado": ie.estado,
                "codigo_ugel": ie.codigo_ugel,
                "nombre_ugel": ie.nombre_ugel,
                "modalidad": ie.modalidad,
                "niveles": list(ie.niveles),
                "habilitar_solicitud": bool(
                    (c := configuraciones.get((ie.codigo_modular, ie.anexo)))
                    and c.habilitar_solicitud
                ),
            }
            for ie in ies
        ]


def terminos_vigentes() -> dict:
    """Step 2: the terms the citizen must accept, with the version they will send back."""
    return {"version": terminos.VERSION, "texto": terminos.TEXTO}


def motivos() -> list[dict]:
    return [{"codigo": k, "descripcion": v} for k, v in MOTIVOS.items()]


def seguimiento(uow: UnidadDeTrabajoSolicitudes, codigo: str, url_verificacion: str) -> dict:
    """What a citizen sees of their request with its tracking code (never a technical
    detail: that is for staff)."""
    with uow:
        s = uow.solicitudes.por_seguimiento(codigo)
        if s is None:
            raise NoEncontrado("No existe una solicitud con ese código de seguimiento.")
        respuesta = {
            "numero_solicitud": s.numero_solicitud,
            "estado": s.estado,
            "detalle": s.detalle_estado,
            "creada_en": s.creada_en,
            "correo": enmascarar_correo(s.correo),
            "historial": [
                {"estado": c.estado, "en": c.en, "detalle": c.detalle} for c in s.historial
            ],
        }
        respuesta.update(_codigos(s, url_verificacion))
        return respuesta


def detalle(
    uow: UnidadDeTrabajoSolicitudes,
    numero_solicitud: int,
    usuario: Usuario,
    url_verificacion: str,
) -> dict:
    """A request as staff see it: every datum and its history with who and when."""
    with uow:
        s = uow.solicitudes.obtener(numero_solicitud)
        if s is None:
            raise NoEncontrado(
                f"No existe la solicitud N.° {numero_solicitud:08d}.", "numero_solicitud"
            )
        autorizar(usuario, s, uow.copias.institucion(s.codigo_modular, s.anexo))
        return {**fila(s, s.completitud), **_solicitud_completa(s), **_codigos(s, url_verificacion)}


def _solicitud_completa(s: Solicitud) -> dict:
    return {
        "codigo_modular": s.codigo_modular,
        "anexo": s.anexo,
        "ruta": s.ruta,
        "atiende": s.atiende,
        "origen": s.origen,
        "tipo_persona": s.tipo_persona,
        "apoderado": (
            {
                "tipo_documento": s.apoderado_tipo_documento,
                "numero_documento": s.apoderado_numero_documento,
                "nombres": s.apoderado_nombres,
                "apellidos": s.apoderado_apellidos,
            }
            if s.apoderado_numero_documento
            else None
        ),
        "fecha_nacimiento": s.fecha_nacimiento,
        "pais": s.pais,
        "primer_anio": s.primer_anio,
        "motivo_solicitud": s.motivo_solicitud,
        "motivo_otro": s.motivo_otro,
        "celular": s.celular,
        "terminos_version": s.terminos_version,
        "terminos_aceptados_en": s.terminos_aceptados_en,
        "historial": [
            {
                "estado": c.estado,
                "por": c.por,
                "en": c.en,
                "detalle": c.detalle,
                "detalle_tecnico": c.detalle_tecnico,
            }
            for c in s.historial
        ],
    }


def _codigos(s: Solicitud, url_verificacion: str) -> dict:
    codigos = {}
    if s.codigo_virtual:
        codigos["codigo_virtual"] = agrupar(s.codigo_virtual)
        codigos["url_verificacion"] = f"{url_verificacion}/v/{agrupar(s.codigo_virtual)}"
    if s.codigo_virtual_anterior:
        codigos["codigo_virtual_anterior"] = agrupar(s.codigo_virtual_anterior)
    return codigos


def fila(s: Solicitud, completitud: str | None = None) -> dict:
    """One row of a staff queue (the seed's columns)."""
    resultado = {
        "numero_solicitud": s.numero_solicitud,
        "apellidos_y_nombres": f"{s.apellidos}, {s.nombres}",
        "tipo_documento": s.tipo_documento,
        "numero_documento": s.numero_documento,
        "nivel": s.nivel,
        "ultimo_anio": s.ultimo_anio,
        "ultimo_grado": s.ultimo_grado,
        "creada_en": s.creada_en,
        "estado": s.estado,
        "detalle": s.detalle_estado,
        "detalle_tecnico": s.detalle_tecnico,  # staff only: never in seguimiento
        "correo": s.correo,
    }
    if completitud is not None:
        resultado["completitud"] = completitud
        resultado["faltantes"] = list(s.faltantes or [])  # what keeps it from being issued
    return resultado
