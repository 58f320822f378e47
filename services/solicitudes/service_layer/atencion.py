"""What staff do with requests: order emission, reject, hand on, and the IE's settings.

Who may act is decided once, in ``puede_atender``: a director attends the requests of their
own IE, a UGEL specialist those of the closed IEs of their UGEL, OACIGED those up to 1985 and
the first part of consolidated ones.
"""

from __future__ import annotations

from services.solicitudes.domain.copias import CompletitudLocal, ConfiguracionIE, InstitucionLocal
from services.solicitudes.domain.lote import Lote
from services.solicitudes.domain.modelo import (
    EN_EMISION,
    RECHAZADA,
    Solicitud,
)
from services.solicitudes.domain.ruta import (
    RUTA_IE,
    RUTA_OACIGED,
    RUTA_UGEL,
    quien_atiende_la_ie,
)
from services.solicitudes.service_layer import comandos
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.cobertura import COMPLETA
from shared.errores import Conflicto, NoEncontrado, SinPermiso
from shared.eventos import Evento


def puede_atender(usuario: Usuario, atiende: str, ie: InstitucionLocal | None) -> bool:
    """Whether ``usuario`` attends requests that ``atiende`` (IE, UGEL, OACIGED) at ``ie``."""
    if atiende == RUTA_IE:
        return ie is not None and usuario.es_director_de(ie.codigo_modular, ie.anexo)
    if atiende == RUTA_UGEL:
        return (
            usuario.rol == "ESPECIALISTA_UGEL"
            and ie is not None
            and ie.es_de_la_ugel(usuario.codigo_ugel)
        )
    return atiende == RUTA_OACIGED and usuario.rol == "OACIGED"


def autorizar(usuario: Usuario, solicitud: Solicitud, ie: InstitucionLocal | None) -> None:
    """Refuse (403) a user who does not attend this request now."""
    if not puede_atender(usuario, solicitud.atiende, ie):
        raise SinPermiso(f"No puede atender la solicitud N.° {solicitud.numero_solicitud:08d}.")


def _para_atender(uow: UnidadDeTrabajoSolicitudes, numero: int, usuario: Usuario):
    solicitud = uow.solicitudes.obtener_para_cambiar(numero)
    if solicitud is None:
        raise NoEncontrado(f"No existe la solicitud N.° {numero:08d}.", "numero_solicitud")
    ie = uow.copias.institucion(solicitud.codigo_modular, solicitud.anexo)
    autorizar(usuario, solicitud, ie)
    return solicitud, ie


def ordenar_emision(
    cmd: comandos.OrdenarEmision,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    lote_id: str | None = None,
    atascada_tras: float | None = None,
) -> dict:
    """Order emission of one or many requests as one lote; all are checked before any change.

    With ``lote_id`` the requests are retried inside that lote instead of a new one; with
    ``atascada_tras`` a request EN EMISIÓN unanswered that long (s) may be ordered again.
    """
    with uow:
        encontradas = {
            s.numero_solicitud: s
            for s in uow.solicitudes.obtener_varias(list(cmd.numeros_solicitud))
        }
        for sid in cmd.numeros_solicitud:
            solicitud = encontradas.get(sid)
            if solicitud is None:
                raise NoEncontrado(f"No existe la solicitud N.° {sid:08d}.", "numeros_solicitud")
            autorizar(
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
            solicitud.ordenar_emision(usuario.sub, atascada_tras)
            completitud = _completa(uow, solicitud)
            uow.publicar(emision_solicitada(solicitud, completitud, uow, usuario.sub))
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
) -> Evento:
    """The emission order; reconciliation sends a new one of these for an unanswered order."""
    ie = uow.copias.institucion(solicitud.codigo_modular, solicitud.anexo)
    return Evento(
        "EmisionSolicitada",
        {
            "numero_solicitud": solicitud.numero_solicitud,
            "tipo_documento": solicitud.tipo_documento,
            "numero_documento": solicitud.numero_documento,
            "codigo_modular": solicitud.codigo_modular,
            "anexo": solicitud.anexo,
            "nivel": solicitud.nivel,
            "nombre_institucion": ie.nombre if ie else "",
            "correo": solicitud.correo,
            "version_registro": completitud.version,
            "solicitado_por": solicitado_por,
            # What the request declares: emision checks the record reaches it before printing.
            "ultimo_grado": solicitud.ultimo_grado,
            "ultimo_anio": solicitud.ultimo_anio,
            "ruta": solicitud.ruta,
            # emision marks that certificate "NO ES EL ÚLTIMO CERTIFICADO GENERADO".
            "codigo_virtual_anterior": solicitud.codigo_virtual_anterior,
        },
    )


def rechazar_solicitud(
    cmd: comandos.RechazarSolicitud,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    atascada_tras: float | None = None,
) -> dict:
    """RECHAZADA with its reason; SolicitudRechazada tells the citizen (by email)."""
    with uow:
        solicitud, ie = _para_atender(uow, cmd.numero_solicitud, usuario)
        solicitud.rechazar(cmd.motivo_rechazo, usuario.sub, atascada_tras)
        uow.publicar(
            Evento(
                "SolicitudRechazada",
                {
                    "numero_solicitud": solicitud.numero_solicitud,
                    "codigo_seguimiento": solicitud.codigo_seguimiento,
                    "tipo_documento": solicitud.tipo_documento,
                    "numero_documento": solicitud.numero_documento,
                    "nombres": solicitud.nombres,
                    "apellidos": solicitud.apellidos,
                    "codigo_modular": solicitud.codigo_modular,
                    "anexo": solicitud.anexo,
                    "nombre_institucion": ie.nombre if ie else "",
                    "correo": solicitud.correo,
                    "motivo_rechazo": cmd.motivo_rechazo,
                    "rechazado_por": usuario.sub,
                },
            )
        )
        uow.commit()
        return {
            "numero_solicitud": solicitud.numero_solicitud,
            "estado": RECHAZADA,
            "motivo_rechazo": cmd.motivo_rechazo,
        }


def completar_parte_oaciged(
    cmd: comandos.CompletarParteOaciged, uow: UnidadDeTrabajoSolicitudes, usuario: Usuario
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
    cmd: comandos.CambiarHabilitarSolicitud, uow: UnidadDeTrabajoSolicitudes, usuario: Usuario
) -> dict:
    """«Configuración → Habilitar solicitud»: the IE's director (its UGEL if it closed)."""
    with uow:
        ie = uow.copias.institucion(cmd.codigo_modular, cmd.anexo)
        if not puede_atender(usuario, quien_atiende_la_ie(ie) if ie else RUTA_IE, ie):
            raise SinPermiso(
                f"No puede configurar la institución educativa {cmd.codigo_modular}-{cmd.anexo}."
            )
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
