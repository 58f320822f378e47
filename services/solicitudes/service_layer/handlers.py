"""Handlers of the solicitudes service: commands from HTTP, events from other services."""

from __future__ import annotations

from services.solicitudes.domain.modelo import (
    EN_EMISION,
    RUTA_IE,
    RUTA_OACIGED,
    RUTA_UGEL,
    CompletitudLocal,
    InstitucionLocal,
    Solicitud,
    determinar_ruta,
)
from services.solicitudes.service_layer import comandos
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.errores import Conflicto, ErrorDeDominio, NoEncontrado, SinPermiso
from shared.eventos import Evento
from shared.identificadores import nuevo_codigo_seguimiento

COMPLETA = "INFORMACIÓN COMPLETA"


def registrar_solicitud(cmd: comandos.RegistrarSolicitud, uow: UnidadDeTrabajoSolicitudes) -> dict:
    """A citizen's request: checked against the IE, routed, numbered, announced."""
    with uow:
        ie = uow.copias.institucion(cmd.codigo_modular, cmd.anexo)
        if ie is None:
            raise ErrorDeDominio(
                f"No existe una institución educativa con código modular "
                f"{cmd.codigo_modular}-{cmd.anexo}.",
                "codigo_modular",
            )
        if cmd.nivel not in ie.niveles:
            raise ErrorDeDominio(
                f"La institución educativa {ie.nombre} no registra el nivel {cmd.nivel}.", "nivel"
            )
        solicitud = Solicitud(
            nuevo_codigo_seguimiento(),
            cmd.solicitante,
            cmd.codigo_modular,
            cmd.anexo,
            cmd.nivel,
            cmd.ultimo_anio,
            cmd.ultimo_grado,
            cmd.motivo,
            cmd.motivo_otro,
            cmd.correo,
            cmd.celular,
            determinar_ruta(cmd.ultimo_anio, ie),
        )
        uow.solicitudes.agregar(solicitud)
        uow.publicar(
            Evento(
                "SolicitudRegistrada",
                {
                    "solicitud_id": solicitud.id,
                    "codigo_seguimiento": solicitud.codigo_seguimiento,
                    "tipo_documento": solicitud.tipo_documento,
                    "numero_documento": solicitud.numero_documento,
                    "nombres": solicitud.nombres,
                    "apellidos": solicitud.apellidos,
                    "codigo_modular": solicitud.codigo_modular,
                    "anexo": solicitud.anexo,
                    "nombre_institucion": ie.nombre,
                    "nivel": solicitud.nivel,
                    "correo": solicitud.correo,
                    "ruta": solicitud.ruta,
                },
            )
        )
        uow.commit()
        return {
            "numero": solicitud.id,
            "codigo_seguimiento": solicitud.codigo_seguimiento,
            "estado": solicitud.estado,
            "ruta": solicitud.ruta,
        }


def ordenar_emision(
    cmd: comandos.OrdenarEmision, uow: UnidadDeTrabajoSolicitudes, usuario: Usuario
) -> list[dict]:
    """Staff order emission of one or many requests; all are checked before any changes."""
    with uow:
        encontradas = {s.id: s for s in uow.solicitudes.obtener_varias(list(cmd.solicitudes))}
        for sid in cmd.solicitudes:
            solicitud = encontradas.get(sid)
            if solicitud is None:
                raise NoEncontrado(f"No existe la solicitud N.° {sid:08d}.", "solicitudes")
            autorizar(
                usuario,
                solicitud,
                uow.copias.institucion(solicitud.codigo_modular, solicitud.anexo),
            )
        resultado = []
        for sid in cmd.solicitudes:
            solicitud = encontradas[sid]
            completitud = uow.copias.completitud(
                solicitud.tipo_documento, solicitud.numero_documento, solicitud.nivel
            )
            if completitud is None or completitud.completitud != COMPLETA:
                estado = completitud.completitud if completitud else "SIN INFORMACIÓN"
                raise Conflicto(
                    f"La solicitud N.° {sid:08d} no se puede emitir: {estado}.", "solicitudes"
                )
            solicitud.ordenar_emision(usuario.sub)
            uow.publicar(_emision_solicitada(solicitud, completitud, uow, usuario))
            resultado.append({"numero": sid, "estado": EN_EMISION})
        uow.commit()
        return resultado


def _emision_solicitada(
    solicitud: Solicitud,
    completitud: CompletitudLocal,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
) -> Evento:
    ie = uow.copias.institucion(solicitud.codigo_modular, solicitud.anexo)
    return Evento(
        "EmisionSolicitada",
        {
            "solicitud_id": solicitud.id,
            "numero": solicitud.id,
            "tipo_documento": solicitud.tipo_documento,
            "numero_documento": solicitud.numero_documento,
            "codigo_modular": solicitud.codigo_modular,
            "anexo": solicitud.anexo,
            "nivel": solicitud.nivel,
            "nombre_institucion": ie.nombre if ie else "",
            "correo": solicitud.correo,
            "version_registro": completitud.version,
            "solicitado_por": usuario.sub,
        },
    )


def autorizar(usuario: Usuario, solicitud: Solicitud, ie: InstitucionLocal | None) -> None:
    """Director: own IE (route IE); specialist: route UGEL of their UGEL; OACIGED: its route."""
    permitido = (
        (
            solicitud.ruta == RUTA_IE
            and usuario.es_director_de(solicitud.codigo_modular, solicitud.anexo)
        )
        or (
            solicitud.ruta == RUTA_UGEL
            and usuario.rol == "ESPECIALISTA_UGEL"
            and ie is not None
            and ie.ugel == usuario.ugel
        )
        or (solicitud.ruta == RUTA_OACIGED and usuario.rol == "OACIGED")
    )
    if not permitido:
        raise SinPermiso(f"No puede atender la solicitud N.° {solicitud.id:08d}.")


# --- events from other services --------------------------------------------------------------


def al_registrar_institucion(datos: dict, uow: UnidadDeTrabajoSolicitudes, _sobre: dict) -> None:
    """Keep the local copy of the IE up to date."""
    ie = uow.copias.institucion(datos["codigo_modular"], datos["anexo"], bloquear=True)
    if ie is None:
        uow.copias.agregar(
            InstitucionLocal(
                datos["codigo_modular"],
                datos["anexo"],
                datos["nombre"],
                datos["estado"],
                datos["ugel"],
                datos["modalidad"],
                datos["niveles"],
            )
        )
        return
    ie.nombre, ie.estado, ie.ugel = datos["nombre"], datos["estado"], datos["ugel"]
    ie.modalidad, ie.niveles = datos["modalidad"], list(datos["niveles"])


def al_actualizar_registro(datos: dict, uow: UnidadDeTrabajoSolicitudes, _sobre: dict) -> None:
    """Keep the completeness of the student's record; an older version never overwrites."""
    est = datos["estudiante"]
    clave = (est["tipo_documento"], est["numero_documento"], datos["nivel"])
    actual = uow.copias.completitud(*clave, bloquear=True)
    if actual is None:
        uow.copias.agregar(CompletitudLocal(*clave, datos["completitud"], datos["version"]))
    elif datos["version"] > actual.version:
        actual.completitud, actual.version = datos["completitud"], datos["version"]


def al_emitir_certificado(datos: dict, uow: UnidadDeTrabajoSolicitudes, _sobre: dict) -> None:
    solicitud = uow.solicitudes.obtener(datos["solicitud_id"])
    if solicitud is None:
        raise ErrorDeDominio(f"Certificado para una solicitud desconocida: {datos['solicitud_id']}")
    solicitud.marcar_emitida(datos["codigo_virtual"])


def al_fallar_emision(datos: dict, uow: UnidadDeTrabajoSolicitudes, _sobre: dict) -> None:
    solicitud = uow.solicitudes.obtener(datos["solicitud_id"])
    if solicitud is None:
        raise ErrorDeDominio(
            f"Fallo de emisión de una solicitud desconocida: {datos['solicitud_id']}"
        )
    solicitud.marcar_error(datos["motivo"])


MANEJADORES = {
    "InstitucionRegistrada": al_registrar_institucion,
    "RegistroNotasActualizado": al_actualizar_registro,
    "CertificadoEmitido": al_emitir_certificado,
    "EmisionFallida": al_fallar_emision,
}
