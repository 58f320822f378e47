"""Read side of the grade registry: plain dicts for the API, read in their own session."""

from __future__ import annotations

from services.notas.domain.calificaciones import calificaciones_permitidas, escala
from services.notas.domain.modelo import Estudiante, GradoCursado
from services.notas.domain.situacion_final import sugerir
from services.notas.service_layer.autorizacion import (
    autorizar_administracion,
    autorizar_estudiante,
    puede_ver_auditoria,
)
from services.notas.service_layer.handlers import estudiante, institucion, instituciones_de
from services.notas.service_layer.publicacion import parametros_de
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import Usuario
from shared.errores import NoEncontrado


def documento(uow: UnidadDeTrabajoNotas, id_estudiante: str) -> tuple[str, str]:
    """The document of the student the staff API's opaque id names (404 if none)."""
    with uow:
        doc = uow.estudiantes.documento_de(id_estudiante)
    if doc is None:
        raise NoEncontrado("El estudiante no está registrado.", "id_estudiante")
    return doc


def registro_estudiante(
    uow: UnidadDeTrabajoNotas, tipo_documento: str, numero_documento: str, usuario: Usuario
) -> dict:
    """A student's record per nivel: snapshot, completeness, what is missing, each grade."""
    with uow:
        est = estudiante(uow, tipo_documento, numero_documento)
        ies = instituciones_de(uow, est)
        autorizar_estudiante(usuario, est, ies)
        niveles = {}
        for nivel in est.niveles():
            parametros = parametros_de(uow, est, nivel)
            niveles[nivel] = {
                "version_registro": est.version,
                "completitud": est.completitud(nivel, parametros),
                "pendientes": [p.como_dict() for p in est.pendientes(nivel, parametros)],
                "parametros": parametros.como_dict(),
                "registro": est.registro(nivel, parametros),
                "grados": [ficha_grado(g) for g in est.grados_de(nivel)],
            }
        return {
            "estudiante": {"id_estudiante": est.id_estudiante, **est.datos_personales()},
            "instituciones": _instituciones(est, ies),
            "niveles": niveles,
        }


def grado(
    uow: UnidadDeTrabajoNotas,
    tipo_documento: str,
    numero_documento: str,
    nivel: str,
    nombre_grado: str,
    usuario: Usuario,
) -> dict:
    """One grade as the registry screen shows it, with the codes it may pick from."""
    with uow:
        est = estudiante(uow, tipo_documento, numero_documento)
        ies = instituciones_de(uow, est)
        autorizar_estudiante(usuario, est, ies)
        g = est.grado(nivel, nombre_grado)
        if g is None:
            raise NoEncontrado(f"El grado {nombre_grado} de {nivel} no está registrado.", "grado")
        return {
            **ficha_grado(g),
            "pendientes": [
                p.como_dict()
                for p in est.pendientes(nivel, parametros_de(uow, est, nivel))
                if p.grado == g.grado
            ],
            "instituciones": _instituciones(est, ies),
        }


def ficha_grado(g: GradoCursado) -> dict:
    """A grade with, per row, the values a UI may offer ("Calificaciones permitidas")."""
    sugerencia = sugerir(g)
    return {
        "nivel": g.nivel,
        "grado": g.grado,
        "modalidad": g.modalidad,
        "anio_lectivo": g.anio_lectivo,
        "codigo_modular": g.codigo_modular,
        "anexo": g.anexo,
        "codigo": g.codigo,
        "aplica": g.aplica,
        "diseno_curricular": g.diseno_curricular,
        "situacion_final": g.situacion_final,
        "situacion_sugerida": sugerencia.como_dict() if sugerencia else None,
        "leyenda": g.leyenda(),
        "calificaciones": [
            {
                **c.como_dict(),
                "calificaciones_permitidas": list(
                    calificaciones_permitidas(g.nivel, g.grado, g.anio_lectivo, c.tipo_area)
                    if not c.competencias
                    else escala(g.nivel, g.grado, g.anio_lectivo, "AREA")
                ),
            }
            for c in sorted(g.calificaciones, key=lambda c: c.orden)
        ],
        "observaciones": [dict(o) for o in g.observaciones],
    }


def instantanea(
    uow: UnidadDeTrabajoNotas,
    tipo_documento: str,
    numero_documento: str,
    nivel: str,
    version: int | None,
    usuario: Usuario,
) -> dict:
    """The record of one nivel as published in ``version`` (the latest when None)."""
    with uow:
        est = estudiante(uow, tipo_documento, numero_documento)
        autorizar_estudiante(usuario, est, instituciones_de(uow, est))
        registro = uow.instantaneas.obtener(tipo_documento, numero_documento, nivel, version)
        if registro is None:
            que = f"la versión {version} del" if version is not None else "el"
            raise NoEncontrado(
                f"No existe {que} registro de {nivel} de este estudiante.", "version_registro"
            )
        return registro


def auditoria(
    uow: UnidadDeTrabajoNotas, tipo_documento: str, numero_documento: str, usuario: Usuario
) -> list[dict]:
    """Every audited change of the student's grades the user has a say on, oldest first."""
    with uow:
        est = estudiante(uow, tipo_documento, numero_documento)
        autorizar_estudiante(usuario, est, instituciones_de(uow, est))
        filas = uow.auditoria.de_estudiante(tipo_documento, numero_documento)
        ies: dict = {}
        visibles = []
        for f in filas:
            clave = (f["codigo_modular"], f["anexo"])
            if clave not in ies:
                ies[clave] = uow.instituciones.obtener(*clave)
            if puede_ver_auditoria(usuario, ies[clave], f["anio_lectivo"]):
                visibles.append(dict(f))  # the JSON provider writes registrado_en in UTC
        return visibles


def estudiantes_de_institucion(
    uow: UnidadDeTrabajoNotas,
    codigo_modular: str,
    anexo: str,
    usuario: Usuario,
    pagina: int,
    por_pagina: int,
) -> dict:
    """The IE's students ("Estudiantes actuales") with the completeness of each nivel."""
    with uow:
        ie = institucion(uow, codigo_modular, anexo)
        autorizar_administracion(usuario, ie)
        total, estudiantes = uow.estudiantes.de_institucion(
            codigo_modular, anexo, pagina, por_pagina
        )
        return {
            "total": total,
            "pagina": pagina,
            "por_pagina": por_pagina,
            "estudiantes": [_resumen(uow, est) for est in estudiantes],
        }


def _resumen(uow: UnidadDeTrabajoNotas, est: Estudiante) -> dict:
    return {
        "id_estudiante": est.id_estudiante,
        **est.datos_personales(),
        "version": est.version,
        "completitud": {n: est.completitud(n, parametros_de(uow, est, n)) for n in est.niveles()},
    }


def _instituciones(est: Estudiante, ies: dict) -> list[dict]:
    """The IEs the student studied at, with the grades at each (the codes a grade may reuse)."""
    resultado: dict[tuple[str, str], dict] = {}
    for g in sorted(est.grados, key=lambda g: (g.anio_lectivo, g.nivel)):
        clave = (g.codigo_modular, g.anexo)
        ie = ies.get(clave)
        fila = resultado.setdefault(
            clave,
            {
                "codigo_modular": g.codigo_modular,
                "anexo": g.anexo,
                "codigo": g.codigo,
                "nombre": ie.nombre if ie else None,
                "estado": ie.estado if ie else None,
                "grados": [],
            },
        )
        fila["grados"].append({"nivel": g.nivel, "grado": g.grado, "anio_lectivo": g.anio_lectivo})
    return list(resultado.values())
