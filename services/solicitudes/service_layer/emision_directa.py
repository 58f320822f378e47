"""Requests staff create: emisión directa from «Búsqueda de estudiantes», and a new request
generated from an issued certificate (the new CE supersedes the old one).
"""

from __future__ import annotations

from dataclasses import replace

from services.solicitudes.domain.copias import InstitucionLocal
from services.solicitudes.domain.identidad import RegistroIdentidad, verificar_persona
from services.solicitudes.domain.modelo import (
    EMITIDA,
    ORIGEN_CERTIFICADO,
    ORIGEN_EMISION_DIRECTA,
    Solicitud,
)
from services.solicitudes.domain.ruta import (
    RUTA_CONSOLIDADA,
    RUTA_OACIGED,
    RUTA_UGEL,
    determinar_ruta,
    primero_en_atender,
    quien_atiende_ahora,
)
from services.solicitudes.service_layer import comandos
from services.solicitudes.service_layer.atencion import puede_atender
from services.solicitudes.service_layer.handlers import (
    anunciar_y_guardar,
    como_datos,
    nivel_de_la_ie,
    sin_otra_abierta,
)
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.errores import Conflicto, ErrorDeDominio, NoEncontrado, SinPermiso
from shared.identificadores import agrupar, nuevo_codigo_seguimiento

# «Para EBR, podrá ingresar como año máximo de culminación hasta el 2012»: from 2013 the
# grades are in SIAGIE and emission is (semi-)automatic.
ULTIMO_ANIO_EMISION_DIRECTA_EBR = 2012


def registrar_emision_directa(
    cmd: comandos.RegistrarEmisionDirecta,
    uow: UnidadDeTrabajoSolicitudes,
    registro: RegistroIdentidad,
    usuario: Usuario,
) -> dict:
    """A request created by staff from «Búsqueda de estudiantes» (identity still checked)."""
    datos = cmd.datos
    # Outside the transaction: the registry may be a remote service.
    estudiante = verificar_persona(registro, cmd.estudiante)
    with uow:
        ie = _ie_para_emision_directa(uow, datos)
        ruta = determinar_ruta(datos.ultimo_anio, ie, datos.primer_anio)
        if not puede_atender(usuario, primero_en_atender(ruta), ie):
            raise SinPermiso(_quien_atiende(ruta, ie))
        sin_otra_abierta(uow, estudiante, ie)
        solicitud = Solicitud(
            nuevo_codigo_seguimiento(),
            como_datos(estudiante),
            datos,
            ruta,
            origen=ORIGEN_EMISION_DIRECTA,
            por=usuario.sub,
        )
        return anunciar_y_guardar(uow, solicitud, ie)


def _ie_para_emision_directa(uow: UnidadDeTrabajoSolicitudes, datos) -> InstitucionLocal:
    """The IE exists and teaches the nivel; EBR years from 2013 on are in SIAGIE already."""
    ie = uow.copias.institucion(datos.codigo_modular, datos.anexo)
    if ie is None:
        raise ErrorDeDominio(
            f"No existe la institución educativa {datos.codigo_modular}-{datos.anexo}.",
            "codigo_modular",
        )
    nivel_de_la_ie(ie, datos.nivel)
    if ie.modalidad == "EBR" and datos.ultimo_anio > ULTIMO_ANIO_EMISION_DIRECTA_EBR:
        raise ErrorDeDominio(
            "Para EBR, podrá ingresar como año máximo de culminación hasta el 2012.",
            "ultimo_anio",
        )
    return ie


def _quien_atiende(ruta: str, ie: InstitucionLocal) -> str:
    if ruta in (RUTA_OACIGED, RUTA_CONSOLIDADA):
        return "Los estudios hasta 1985 los certifica la OACIGED."
    if ruta == RUTA_UGEL:
        return f"La institución educativa {ie.codigo} cerró: atiende la {ie.nombre_ugel}."
    return f"Las solicitudes de la institución educativa {ie.codigo} las atiende su director."


def generar_desde_certificado(
    cmd: comandos.GenerarDesdeCertificado, uow: UnidadDeTrabajoSolicitudes, usuario: Usuario
) -> dict:
    """A new request from the latest issued certificate; the new CE supersedes the old one."""
    with uow:
        origen = uow.solicitudes.obtener(cmd.numero_solicitud)
        if origen is None or origen.estado != EMITIDA:
            raise NoEncontrado(
                "No existe un certificado emitido para la solicitud "
                f"N.° {cmd.numero_solicitud:08d}.",
                "numero_solicitud",
            )
        ie = uow.copias.institucion(origen.codigo_modular, origen.anexo)
        if ie is None:
            raise Conflicto(f"La institución {origen.codigo_modular} no está registrada.")
        atiende = quien_atiende_ahora(origen.ruta, ie)
        if not puede_atender(usuario, atiende, ie):
            raise SinPermiso(f"No puede atender la solicitud N.° {origen.numero_solicitud:08d}.")
        _es_el_ultimo(uow, origen)
        sin_otra_abierta(uow, origen, ie)
        solicitud = Solicitud(
            nuevo_codigo_seguimiento(),
            origen.estudiante(),
            replace(origen.datos(), **_cambios(cmd)),
            origen.ruta,
            origen=ORIGEN_CERTIFICADO,
            por=usuario.sub,
            codigo_virtual_anterior=origen.codigo_virtual,
            detalle=f"Generada a partir del certificado {agrupar(origen.codigo_virtual)} "
            f"(solicitud N.° {origen.numero_solicitud:08d}).",
            atiende=atiende,
        )
        return anunciar_y_guardar(uow, solicitud, ie)


def _cambios(cmd: comandos.GenerarDesdeCertificado) -> dict:
    """What the director changes from the issued certificate's request (None: keep)."""
    nuevos = {
        "motivo_solicitud": cmd.motivo_solicitud,
        "motivo_otro": cmd.motivo_otro,
        "correo": cmd.correo,
        "celular": cmd.celular,
    }
    return {k: v for k, v in nuevos.items() if v is not None}


def _es_el_ultimo(uow: UnidadDeTrabajoSolicitudes, origen: Solicitud) -> None:
    ultima = next(
        s
        for s in uow.solicitudes.emitidas_de(origen.tipo_documento, origen.numero_documento)
        if (s.codigo_modular, s.anexo, s.nivel)
        == (origen.codigo_modular, origen.anexo, origen.nivel)
    )
    if ultima.numero_solicitud != origen.numero_solicitud:
        raise Conflicto(
            f"El certificado de la solicitud N.° {origen.numero_solicitud:08d} no es el último "
            f"generado; use el de la solicitud N.° {ultima.numero_solicitud:08d}.",
            "numero_solicitud",
        )
