"""Handlers of the padrón, the IE's talleres and parámetros, and the curricular catalog."""

from __future__ import annotations

from services.notas.domain.catalogo import AreaCurricular, DisenoCurricular
from services.notas.domain.institucion import Institucion, Parametros, Taller
from services.notas.domain.modelo import nombre_de_area
from services.notas.service_layer import comandos
from services.notas.service_layer.autorizacion import autorizar_administracion
from services.notas.service_layer.dependencias import Dependencias
from services.notas.service_layer.handlers import confirmar, institucion
from services.notas.service_layer.publicacion import publicar_registro
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import Usuario
from shared.errores import Conflicto, ErrorDeDominio, NoEncontrado
from shared.mensajes import InstitucionRegistrada

_DATOS = (
    "nombre",
    "estado",
    "codigo_ugel",
    "nombre_ugel",
    "modalidad",
    "codigo_dre",
    "nombre_dre",
    "ubigeo",
    "departamento",
    "provincia",
    "distrito",
)


def registrar_institucion(
    cmd: comandos.RegistrarInstitucion,
    uow: UnidadDeTrabajoNotas,
    _usuario: Usuario | None,
    _dep: Dependencias,
) -> Institucion:
    """Create or update an IE of the padrón and tell the other services."""
    with uow:
        ie = registrar_institucion_en(uow, cmd)
        uow.commit()
        return ie


def registrar_institucion_en(
    uow: UnidadDeTrabajoNotas, cmd: comandos.RegistrarInstitucion
) -> Institucion:
    """The body of registrar_institucion inside an open unit of work (CSV import reuses it)."""
    ie = uow.instituciones.obtener(cmd.codigo_modular, cmd.anexo)
    if ie is None:
        ie = Institucion(
            cmd.codigo_modular,
            cmd.anexo,
            cmd.nombre,
            cmd.estado,
            cmd.codigo_ugel,
            cmd.nombre_ugel,
            cmd.modalidad,
            [],
        )
        uow.instituciones.agregar(ie)
    for campo in _DATOS:
        setattr(ie, campo, getattr(cmd, campo))
    ie.niveles = list(cmd.niveles)
    uow.publicar(
        InstitucionRegistrada(
            codigo_modular=ie.codigo_modular,
            anexo=ie.anexo,
            nombre=ie.nombre,
            estado=ie.estado,
            codigo_ugel=ie.codigo_ugel,
            nombre_ugel=ie.nombre_ugel,
            modalidad=ie.modalidad,
            niveles=list(ie.niveles),
        )
    )
    return ie


def importar_instituciones(
    cmd: comandos.ImportarInstituciones,
    uow: UnidadDeTrabajoNotas,
    _usuario: Usuario | None,
    _dep: Dependencias,
) -> dict:
    """Each row in its own transaction: a bad row saves nothing, the good ones are saved."""
    guardadas, errores = 0, []
    for fila, registro in cmd.filas:
        try:
            with uow:
                registrar_institucion_en(uow, registro)
                confirmar(uow)
                guardadas += 1
        except ErrorDeDominio as exc:
            errores.append(
                {"fila": fila, "campo": exc.campo or "codigo_modular", "motivo": exc.mensaje}
            )
    return {"guardadas": guardadas, "errores": errores}


def configurar_parametros(
    cmd: comandos.ConfigurarParametros,
    uow: UnidadDeTrabajoNotas,
    usuario: Usuario,
    _dep: Dependencias,
) -> Parametros:
    """Set the IE's min/max; the records its certificates print are re-evaluated and published."""
    with uow:
        ie = institucion(uow, cmd.codigo_modular, cmd.anexo)
        autorizar_administracion(usuario, ie)
        nuevos = Parametros(cmd.min_areas, cmd.max_areas, cmd.min_talleres, cmd.max_talleres)
        if nuevos != ie.parametros:
            ie.configurar_parametros(nuevos)
            _republicar_registros(uow, ie)
        confirmar(uow)
        return ie.parametros


def _republicar_registros(uow: UnidadDeTrabajoNotas, ie: Institucion) -> None:
    """Records whose last grade is at ``ie`` change completeness with its parámetros."""
    _, estudiantes = uow.estudiantes.de_institucion(ie.codigo_modular, ie.anexo, por_pagina=None)
    for est in estudiantes:
        niveles = [
            n
            for n in est.niveles()
            if (u := est.ultimo_grado(n))
            and (u.codigo_modular, u.anexo) == (ie.codigo_modular, ie.anexo)
        ]
        if niveles:
            est.version += 1
            for nivel in niveles:
                publicar_registro(uow, est, nivel)


def crear_taller(
    cmd: comandos.CrearTaller, uow: UnidadDeTrabajoNotas, usuario: Usuario, dep: Dependencias
) -> dict:
    """A new active taller of the IE; names are unique within the IE."""
    with uow:
        ie = institucion(uow, cmd.codigo_modular, cmd.anexo)
        autorizar_administracion(usuario, ie)
        nombre = nombre_de_area(cmd.nombre)
        if any(
            t.nombre == nombre for t in uow.talleres.de_institucion(ie.codigo_modular, ie.anexo)
        ):
            raise Conflicto(f"La institución ya tiene el taller «{nombre}».", "nombre")
        taller = Taller(ie.codigo_modular, ie.anexo, nombre, dep.reloj())
        uow.talleres.agregar(taller)
        confirmar(uow)
        return taller.como_dict()


def dar_de_baja_taller(
    cmd: comandos.DarDeBajaTaller, uow: UnidadDeTrabajoNotas, usuario: Usuario, dep: Dependencias
) -> dict:
    """Mark a taller INACTIVO: it stays on the records that already have it."""
    with uow:
        ie = institucion(uow, cmd.codigo_modular, cmd.anexo)
        autorizar_administracion(usuario, ie)
        taller = uow.talleres.obtener(cmd.taller_id)
        if taller is None or (taller.codigo_modular, taller.anexo) != (ie.codigo_modular, ie.anexo):
            raise NoEncontrado("El taller no existe en esta institución.", "taller_id")
        taller.dar_de_baja(dep.reloj())
        confirmar(uow)
        return taller.como_dict()


def cargar_catalogo(
    cmd: comandos.CargarCatalogo,
    uow: UnidadDeTrabajoNotas,
    _usuario: Usuario | None,
    _dep: Dependencias,
) -> dict:
    """Upsert designs and areas by their natural keys (codigo; diseño + nombre)."""
    with uow:
        for d in cmd.disenos:
            actual = uow.catalogo.diseno(d["codigo"])
            if actual is None:
                uow.catalogo.agregar(DisenoCurricular(**d))
            else:
                for campo, valor in d.items():
                    setattr(actual, campo, valor)
        uow.session.flush()
        for a in cmd.areas:
            actual = uow.catalogo.area(a["diseno_curricular"], nombre_de_area(a["nombre"]))
            if actual is None:
                uow.catalogo.agregar(AreaCurricular(**a))
            else:
                actual.tipo_area, actual.orden = a["tipo_area"], a["orden"]
                actual.competencias = list(a["competencias"])
        uow.commit()
    return {"disenos": len(cmd.disenos), "areas": len(cmd.areas)}
