"""Handlers of the grade registry: load through the unit of work, change, audit, publish, commit."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from services.notas.domain.institucion import ACTIVO, Institucion
from services.notas.domain.modelo import Calificacion, Estudiante, GradoCursado, nombre_de_area
from services.notas.service_layer import comandos
from services.notas.service_layer.autorizacion import autorizar_edicion, autorizar_estudiante
from services.notas.service_layer.dependencias import Dependencias
from services.notas.service_layer.publicacion import auditar, publicar_registro
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import Usuario
from shared.errores import Conflicto, ErrorDeDominio, NoEncontrado

REGISTRO, IMPORTACION = "REGISTRO", "IMPORTACIÓN"


def registrar_estudiante(
    cmd: comandos.RegistrarEstudiante,
    uow: UnidadDeTrabajoNotas,
    usuario: Usuario,
    _dep: Dependencias,
) -> Estudiante:
    """Create a student or correct their personal data (staff of one of their grades)."""
    with uow:
        est = uow.estudiantes.obtener(cmd.tipo_documento, cmd.numero_documento)
        if est is None:
            est = estudiante_nuevo(cmd)
            uow.estudiantes.agregar(est)
        else:
            autorizar_estudiante(usuario, est, instituciones_de(uow, est))
            est.nombres, est.primer_apellido = cmd.nombres, cmd.primer_apellido
            est.segundo_apellido, est.fecha_nacimiento = cmd.segundo_apellido, cmd.fecha_nacimiento
            est.pais = cmd.pais
            est.version += 1
            for nivel in est.niveles():
                publicar_registro(uow, est, nivel)
        confirmar(uow)
        return est


def registrar_grado(
    cmd: comandos.RegistrarGrado,
    uow: UnidadDeTrabajoNotas,
    usuario: Usuario,
    _dep: Dependencias,
) -> Estudiante:
    """Record the grades of one grade; audit, snapshot and completeness go out with it."""
    with uow:
        est = registrar_grado_en(uow, cmd, usuario, REGISTRO)
        confirmar(uow)
        return est


def registrar_grado_en(
    uow: UnidadDeTrabajoNotas, cmd: comandos.RegistrarGrado, usuario: Usuario, origen: str
) -> Estudiante:
    """The body of registrar_grado inside an open unit of work (the CSV import reuses it)."""
    ie = institucion(uow, cmd.codigo_modular, cmd.anexo)
    autorizar_edicion(usuario, ie, cmd.anio_lectivo)
    est = estudiante(uow, cmd.tipo_documento, cmd.numero_documento)
    anterior = est.grado(cmd.nivel, cmd.grado)
    if anterior is not None:  # nobody takes over a grade recorded where they may not write
        autorizar_edicion(
            usuario,
            institucion(uow, anterior.codigo_modular, anterior.anexo),
            anterior.anio_lectivo,
        )
    if cmd.diseno_curricular and uow.catalogo.diseno(cmd.diseno_curricular) is None:
        raise ErrorDeDominio(
            f"No existe el diseño curricular {cmd.diseno_curricular}.", "diseno_curricular"
        )
    nuevo = _grado_desde(cmd)
    nuevo.validar()
    nuevo.validar_talleres(_talleres_permitidos(uow, ie, anterior))
    _guardar(uow, est, nuevo, usuario, origen)
    return est


def agregar_areas(
    cmd: comandos.AgregarAreas, uow: UnidadDeTrabajoNotas, usuario: Usuario, _dep: Dependencias
) -> Estudiante:
    """Add areas of a diseño curricular to a grade, blank ("Agregar" / "Agregar todos")."""
    with uow:
        est = estudiante(uow, cmd.tipo_documento, cmd.numero_documento)
        actual = est.grado(cmd.nivel, cmd.grado)
        if actual is None:
            raise NoEncontrado(
                f"Primero registre el año lectivo y el código modular del grado {cmd.grado}.",
                "grado",
            )
        autorizar_edicion(
            usuario, institucion(uow, actual.codigo_modular, actual.anexo), actual.anio_lectivo
        )
        nuevo = _con_areas(actual, _areas_del_diseno(uow, cmd, actual), cmd.diseno_curricular)
        _guardar(uow, est, nuevo, usuario, REGISTRO)
        confirmar(uow)
        return est


def _con_areas(actual: GradoCursado, areas: list, diseno: str) -> GradoCursado:
    """A copy of ``actual`` with the catalog ``areas`` it lacks appended, blank."""
    filas = [_copia(c) for c in actual.calificaciones]
    presentes = {c.area for c in filas}
    filas += [
        a.como_calificacion(len(filas) + i)
        for i, a in enumerate(a for a in areas if a.nombre not in presentes)
    ]
    return GradoCursado(
        actual.nivel,
        actual.modalidad,
        actual.grado,
        actual.anio_lectivo,
        actual.codigo_modular,
        actual.anexo,
        actual.situacion_final,
        filas,
        actual.aplica,
        diseno,
        actual.observaciones,
    )


def _areas_del_diseno(uow: UnidadDeTrabajoNotas, cmd: comandos.AgregarAreas, grado) -> list:
    diseno = uow.catalogo.diseno(cmd.diseno_curricular)
    if diseno is None:
        raise NoEncontrado(
            f"No existe el diseño curricular {cmd.diseno_curricular}.", "diseno_curricular"
        )
    if diseno.nivel != grado.nivel:
        raise ErrorDeDominio(
            f"El diseño curricular {diseno.codigo} es de {diseno.nivel}, no de {grado.nivel}.",
            "diseno_curricular",
        )
    areas = uow.catalogo.areas([diseno.codigo], cmd.tipo_area)
    if not cmd.areas:
        return areas
    por_nombre = {a.nombre: a for a in areas}
    pedidas = list(dict.fromkeys(nombre_de_area(n) for n in cmd.areas))
    desconocidas = [n for n in pedidas if n not in por_nombre]
    if desconocidas:
        raise ErrorDeDominio(
            f"No están en el diseño {diseno.codigo}: {', '.join(desconocidas)}.", "areas"
        )
    return [por_nombre[n] for n in pedidas]


def _guardar(uow, est: Estudiante, nuevo: GradoCursado, usuario: Usuario, origen: str) -> None:
    cambios = est.registrar_grado(nuevo)
    auditar(uow, est, nuevo, cambios, usuario, origen)
    publicar_registro(uow, est, nuevo.nivel)


def instituciones_de(uow: UnidadDeTrabajoNotas, est: Estudiante) -> dict:
    """The IEs of the student's grades, by (código modular, anexo)."""
    claves = {(g.codigo_modular, g.anexo) for g in est.grados}
    return {c: ie for c in claves if (ie := uow.instituciones.obtener(*c)) is not None}


def institucion(uow: UnidadDeTrabajoNotas, codigo_modular: str, anexo: str) -> Institucion:
    ie = uow.instituciones.obtener(codigo_modular, anexo)
    if ie is None:
        raise ErrorDeDominio(
            f"No existe la institución educativa {codigo_modular}-{anexo}.", "codigo_modular"
        )
    return ie


def estudiante(uow: UnidadDeTrabajoNotas, tipo_documento: str, numero: str) -> Estudiante:
    est = uow.estudiantes.obtener(tipo_documento, numero)
    if est is None:
        raise NoEncontrado("El estudiante no está registrado.", "numero_documento")
    return est


def estudiante_nuevo(cmd: comandos.RegistrarEstudiante) -> Estudiante:
    return Estudiante(
        cmd.tipo_documento,
        cmd.numero_documento,
        cmd.nombres,
        cmd.primer_apellido,
        cmd.segundo_apellido,
        cmd.fecha_nacimiento,
        cmd.pais,
    )


def confirmar(uow: UnidadDeTrabajoNotas) -> None:
    """Commit; a concurrent save of the same student becomes a 409, not a 500."""
    try:
        uow.commit()
    except (StaleDataError, IntegrityError) as exc:
        uow.rollback()
        raise Conflicto(
            "Otra persona modificó este registro al mismo tiempo; vuelva a cargarlo e intente "
            "nuevamente."
        ) from exc


def _talleres_permitidos(uow, ie: Institucion, anterior: GradoCursado | None) -> set[str]:
    activos = {t.nombre for t in uow.talleres.de_institucion(ie.codigo_modular, ie.anexo, ACTIVO)}
    ya_registrados = {c.area for c in anterior.calificaciones} if anterior else set()
    return activos | uow.catalogo.nombres_de_talleres() | ya_registrados


def _grado_desde(cmd: comandos.RegistrarGrado) -> GradoCursado:
    return GradoCursado(
        cmd.nivel,
        cmd.modalidad,
        cmd.grado,
        cmd.anio_lectivo,
        cmd.codigo_modular,
        cmd.anexo,
        cmd.situacion_final,
        [
            Calificacion(
                c.area,
                c.tipo_area,
                c.calificacion,
                i,
                [{"nombre": k.nombre, "calificacion": k.calificacion} for k in c.competencias],
            )
            for i, c in enumerate(cmd.calificaciones)
        ],
        cmd.aplica,
        cmd.diseno_curricular,
        [vars(o).copy() for o in cmd.observaciones],
    )


def _copia(c: Calificacion) -> Calificacion:
    return Calificacion(c.area, c.tipo_area, c.calificacion, c.orden, c.competencias)
