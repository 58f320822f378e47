"""Handlers of the notas service: load through the unit of work, change, record events, commit."""

from __future__ import annotations

from services.notas.domain.modelo import Calificacion, Estudiante, GradoCursado, Institucion
from services.notas.service_layer import comandos
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import Usuario
from shared.errores import ErrorDeDominio, NoEncontrado, SinPermiso
from shared.eventos import Evento


def registrar_institucion(
    cmd: comandos.RegistrarInstitucion, uow: UnidadDeTrabajoNotas
) -> Institucion:
    """Create or update an IE of the padrón and tell the other services."""
    with uow:
        ie = uow.instituciones.obtener(cmd.codigo_modular, cmd.anexo)
        if ie is None:
            ie = Institucion(
                cmd.codigo_modular,
                cmd.anexo,
                cmd.nombre,
                cmd.estado,
                cmd.ugel,
                cmd.modalidad,
                list(cmd.niveles),
                cmd.dre,
                cmd.ubigeo,
            )
            uow.instituciones.agregar(ie)
        else:
            ie.nombre, ie.estado, ie.ugel = cmd.nombre, cmd.estado, cmd.ugel
            ie.modalidad, ie.niveles, ie.dre, ie.ubigeo = (
                cmd.modalidad,
                list(cmd.niveles),
                cmd.dre,
                cmd.ubigeo,
            )
        uow.publicar(
            Evento(
                "InstitucionRegistrada",
                {
                    "codigo_modular": ie.codigo_modular,
                    "anexo": ie.anexo,
                    "nombre": ie.nombre,
                    "estado": ie.estado,
                    "ugel": ie.ugel,
                    "modalidad": ie.modalidad,
                    "niveles": list(ie.niveles),
                },
            )
        )
        uow.commit()
        return ie


def registrar_estudiante(
    cmd: comandos.RegistrarEstudiante, uow: UnidadDeTrabajoNotas
) -> Estudiante:
    """Create a student or correct their personal data."""
    with uow:
        est = uow.estudiantes.obtener(cmd.tipo_documento, cmd.numero_documento)
        if est is None:
            est = Estudiante(
                cmd.tipo_documento,
                cmd.numero_documento,
                cmd.nombres,
                cmd.primer_apellido,
                cmd.segundo_apellido,
                cmd.fecha_nacimiento,
                cmd.pais,
            )
            uow.estudiantes.agregar(est)
        else:
            est.nombres, est.primer_apellido = cmd.nombres, cmd.primer_apellido
            est.segundo_apellido, est.fecha_nacimiento, est.pais = (
                cmd.segundo_apellido,
                cmd.fecha_nacimiento,
                cmd.pais,
            )
            est.version += 1
            for nivel in {g.nivel for g in est.grados}:
                _publicar_registro(uow, est, nivel)
        uow.commit()
        return est


def registrar_grado(
    cmd: comandos.RegistrarGrado, uow: UnidadDeTrabajoNotas, usuario: Usuario
) -> Estudiante:
    """Record the grades of one grade; completeness and snapshot go out as an event."""
    with uow:
        ie = uow.instituciones.obtener(cmd.codigo_modular, cmd.anexo)
        if ie is None:
            raise ErrorDeDominio(
                f"No existe la institución educativa {cmd.codigo_modular}-{cmd.anexo}.",
                "codigo_modular",
            )
        autorizar_edicion(usuario, ie, cmd.anio_lectivo)
        est = uow.estudiantes.obtener(cmd.tipo_documento, cmd.numero_documento)
        if est is None:
            raise NoEncontrado("El estudiante no está registrado.", "numero_documento")
        est.registrar_grado(
            GradoCursado(
                cmd.nivel,
                cmd.modalidad,
                cmd.grado,
                cmd.anio_lectivo,
                cmd.codigo_modular,
                cmd.anexo,
                cmd.situacion_final,
                [
                    Calificacion(c.area, c.tipo_area, c.calificacion, i)
                    for i, c in enumerate(cmd.calificaciones)
                ],
            )
        )
        _publicar_registro(uow, est, cmd.nivel)
        uow.commit()
        return est


def autorizar_edicion(usuario: Usuario, ie: Institucion, anio: int) -> None:
    """Director: own IE; UGEL specialist: closed IEs of their UGEL; OACIGED: years up to 1985."""
    permitido = (
        usuario.es_director_de(ie.codigo_modular, ie.anexo)
        or (
            usuario.rol == "ESPECIALISTA_UGEL"
            and ie.estado == "CERRADA"
            and ie.ugel == usuario.ugel
        )
        or (usuario.rol == "OACIGED" and anio <= 1985)
    )
    if not permitido:
        raise SinPermiso(f"No puede registrar notas de la institución educativa {ie.codigo}.")


def _publicar_registro(uow: UnidadDeTrabajoNotas, est: Estudiante, nivel: str) -> None:
    registro = est.registro(nivel)
    uow.publicar(
        Evento(
            "RegistroNotasActualizado",
            {
                "estudiante": est.datos_personales(),
                "nivel": nivel,
                "modalidad": registro["modalidad"],
                "version": est.version,
                "completitud": est.completitud(nivel),
                "registro": registro,
            },
        )
    )
