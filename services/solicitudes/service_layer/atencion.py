"""What staff do with requests: order emission, reject, hand on, and the IE's settings.

Who may act is decided in ``autorizacion``: a director attends the requests of their own IE, a
UGEL specialist those of the closed IEs of their UGEL, OACIGED those up to 1985 and the first
part of consolidated ones.
"""

from __future__ import annotations

from services.solicitudes.domain.copias import CompletitudLocal, ConfiguracionIE, InstitucionLocal
from services.solicitudes.domain.lote import Lote
from services.solicitudes.domain.modelo import (
    EN_EMISION,
    RECHAZADA,
    Solicitud,
)
from services.solicitudes.service_layer import autorizacion, comandos
from services.solicitudes.service_layer.dependencias import Dependencias
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.cobertura import COMPLETA
from shared.errores import Conflicto, NoEncontrado
from shared.mensajes import EmisionSolicitada, SolicitudRechazada


def _para_atender(uow: UnidadDeTrabajoSolicitudes, numero: int, usuario: Usuario):
    solicitud = uow.solicitudes.obtener_para_cambiar(numero)
    if solicitud is None:
        raise NoEncontrado(f"No existe la solicitud N.° {numero:08d}.", "numero_solicitud")
    ie = uow.copias.institucion(solicitud.codigo_modular, solicitud.anexo)
    autorizacion.autorizar(usuario, solicitud, ie)
    return solicitud, ie


def ordenar_emision(
    cmd: comandos.OrdenarEmision,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    dep: Dependencias,
) -> dict:
    """Order emission of one or many requests as one lote; all are checked before any change.

    With ``cmd.lote_id`` the requests are retried inside that lote instead of a new one; with
    ``dep.atascada_tras`` a request EN EMISIÓN unanswered that long (s) may be ordered again.
    """
    lote_id = cmd.lote_id
    with uow:
        encontradas = {
            s.numero_solicitud: s
            for s in uow.solicitudes.obtener_varias(list(cmd.numeros_solicitud))
        }
        _precargadas = uow.copias.precargar(list(encontradas.values()))  # held until commit
        for sid in cmd.numeros_solicitud:
            solicitud = encontradas.get(sid)
            if solicitud is None:
                raise NoEncontrado(f"No existe la solicitud N.° {sid:08d}.", "numeros_solicitud")
            autorizacion.autorizar(
                usuario,
                solicitud,
                uow.copias.institucion(solicitud.codigo_modular, solicitud.anexo),
            )
        if lote_id is None:
            lote = Lote(usuario, len(cmd.numeros_solicitud))
            uow.solicitudes.agregar_lote(lote)
            lote_id = lote.id
        resultado = []
        for sid in cmd.numeros_solicitud:
            solicitud = encontradas[sid]
            solicitud.lote_id = lote_id
            # State first (an issued or consolidated request says why), then the data.
            solicitud.ordenar_emision(usuario.sub, dep.atascada_tras, usuario.rol)
            completitud = _completa(uow, solicitud)
            uow.publicar(emision_solicitada(solicitud, completitud, uow, usuario.sub, usuario.rol))
            resultado.append({"numero_solicitud": sid, "estado": EN_EMISION})
        uow.commit()
        return {"lote_id": lote_id, "solicitudes": resultado}


def _completa(uow: UnidadDeTrabajoSolicitudes, solicitud: Solicitud) -> CompletitudLocal:
    """The record, judged now against what the request declares; refused with what is missing."""
    registro = uow.copias.completitud(
        solicitud.tipo_documento, solicitud.numero_documento, solicitud.nivel
    )
    solicitud.evaluar_completitud(registro)
    if registro is None or solicitud.completitud != COMPLETA:
        raise Conflicto(
            f"La solicitud N.° {solicitud.numero_solicitud:08d} no se puede emitir: "
            f"{solicitud.completitud}. " + " ".join(solicitud.faltantes),
            "numeros_solicitud",
        )
    return registro


def emision_solicitada(
    solicitud: Solicitud,
    completitud: CompletitudLocal,
    uow: UnidadDeTrabajoSolicitudes,
    solicitado_por: str,
    rol_emisor: str | None = None,
) -> EmisionSolicitada:
    """The emission order; reconciliation sends a new one of these for an unanswered order."""
    ie = uow.copias.institucion(solicitud.codigo_modular, solicitud.anexo)
    return EmisionSolicitada(
        numero_solicitud=solicitud.numero_solicitud,
        tipo_documento=solicitud.tipo_documento,
        numero_documento=solicitud.numero_documento,
        codigo_modular=solicitud.codigo_modular,
        anexo=solicitud.anexo,
        nivel=solicitud.nivel,
        nombre_institucion=ie.nombre if ie else "",
        correo=solicitud.correo,
        version_registro=completitud.version,
        solicitado_por=solicitado_por,
        # What the request declares: emision checks the record reaches it before printing.
        ultimo_grado=solicitud.ultimo_grado,
        ultimo_anio=solicitud.ultimo_anio,
        ruta=solicitud.ruta,
        codigo_ugel=ie.codigo_ugel if ie else None,
        # emision marks that certificate "NO ES EL ÚLTIMO CERTIFICADO GENERADO".
        codigo_virtual_anterior=solicitud.codigo_virtual_anterior,
        rol_emisor=rol_emisor or solicitud.rol_emisor,  # a reconciliation's resend: as ordered
    )


def rechazar_solicitud(
    cmd: comandos.RechazarSolicitud,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    dep: Dependencias,
) -> dict:
    """RECHAZADA with its reason; SolicitudRechazada tells the citizen (by email)."""
    with uow:
        solicitud, ie = _para_atender(uow, cmd.numero_solicitud, usuario)
        solicitud.rechazar(cmd.motivo_rechazo, usuario.sub, dep.atascada_tras)
        uow.publicar(
            SolicitudRechazada(
                numero_solicitud=solicitud.numero_solicitud,
                codigo_seguimiento=solicitud.codigo_seguimiento,
                tipo_documento=solicitud.tipo_documento,
                numero_documento=solicitud.numero_documento,
                nombres=solicitud.nombres,
                apellidos=solicitud.apellidos,
                codigo_modular=solicitud.codigo_modular,
                anexo=solicitud.anexo,
                nombre_institucion=ie.nombre if ie else "",
                correo=solicitud.correo,
                motivo_rechazo=cmd.motivo_rechazo,
                rechazado_por=usuario.sub,
            )
        )
        uow.commit()
        return {
            "numero_solicitud": solicitud.numero_solicitud,
            "estado": RECHAZADA,
            "motivo_rechazo": cmd.motivo_rechazo,
        }


def completar_parte_oaciged(
    cmd: comandos.CompletarParteOaciged,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    _dep: Dependencias,
) -> dict:
    """OACIGED certified the years up to 1985 of a consolidated request: it goes to the IE."""
    with uow:
        solicitud, ie = _para_atender(uow, cmd.numero_solicitud, usuario)
        if ie is None:
            raise Conflicto(f"La institución {solicitud.codigo_modular} no está registrada.")
        solicitud.completar_parte_oaciged(usuario.sub, ie)
        uow.commit()
        return {
            "numero_solicitud": solicitud.numero_solicitud,
            "estado": solicitud.estado,
            "atiende": solicitud.atiende,
        }


def cambiar_habilitar_solicitud(
    cmd: comandos.CambiarHabilitarSolicitud,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    _dep: Dependencias,
) -> dict:
    """«Configuración → Habilitar solicitud»: the IE's director (its UGEL if it closed)."""
    with uow:
        ie = uow.copias.institucion(cmd.codigo_modular, cmd.anexo)
        autorizacion.autorizar_configuracion(usuario, ie, cmd.codigo_modular, cmd.anexo)
        configuracion = uow.copias.configuracion(cmd.codigo_modular, cmd.anexo)
        if configuracion is None:
            configuracion = ConfiguracionIE(cmd.codigo_modular, cmd.anexo)
            uow.copias.agregar(configuracion)
        configuracion.cambiar(cmd.habilitar_solicitud, usuario.sub)
        uow.commit()
        return configuracion_como_dict(ie, configuracion)


def configuracion_como_dict(ie: InstitucionLocal, configuracion: ConfiguracionIE | None) -> dict:
    return {
        "codigo_modular": ie.codigo_modular,
        "anexo": ie.anexo,
        "nombre": ie.nombre,
        "habilitar_solicitud": bool(configuracion and configuracion.habilitar_solicitud),
        "actualizado_por": configuracion.actualizado_por if configuracion else "",
        "actualizado_en": configuracion.actualizado_en if configuracion else None,
    }
