"""Who may touch what in the registry: role AND scope, one place for every handler and view.

- A director: grades of their own IE (código modular + anexo), and their IE's talleres and
  parámetros.
- A UGEL specialist: grades, talleres and parámetros of the closed IEs of their UGEL.
- OACIGED: grades of years up to 1985, whatever the IE — and only OACIGED: those years are
  its part of a (consolidated) certificate, so the IE's own staff may read them, never write.
A grade already recorded at another IE cannot be taken over: whoever saves it must be
allowed both on what it was and on what it becomes.
"""

from __future__ import annotations

from services.notas.domain.institucion import CERRADA, Institucion
from services.notas.domain.modelo import Estudiante
from shared.auth import Usuario
from shared.cobertura import ULTIMO_ANIO_OACIGED
from shared.errores import SinPermiso


def puede_editar(usuario: Usuario, ie: Institucion, anio: int) -> bool:
    """May ``usuario`` record grades of ``anio`` at ``ie``: up to 1985 only OACIGED."""
    if anio <= ULTIMO_ANIO_OACIGED:
        return usuario.rol == "OACIGED"
    return puede_administrar(usuario, ie)


def puede_leer(usuario: Usuario, ie: Institucion, anio: int) -> bool:
    """May ``usuario`` read grades of ``anio`` at ``ie`` (the IE's staff also read OACIGED's)."""
    return puede_editar(usuario, ie, anio) or puede_administrar(usuario, ie)


def autorizar_edicion(usuario: Usuario, ie: Institucion, anio: int) -> None:
    """Refuse with 403 unless ``usuario`` may record grades of ``anio`` at ``ie``."""
    if puede_editar(usuario, ie, anio):
        return
    if anio <= ULTIMO_ANIO_OACIGED and puede_administrar(usuario, ie):
        raise SinPermiso(
            f"Las notas del año lectivo {anio} (hasta {ULTIMO_ANIO_OACIGED}) solo las registra "
            "la OACIGED.",
            "anio_lectivo",
        )
    if usuario.rol == "OACIGED" and anio > ULTIMO_ANIO_OACIGED:  # the year, not the IE
        raise SinPermiso(
            f"La OACIGED registra notas de años hasta {ULTIMO_ANIO_OACIGED}; el año lectivo "
            f"{anio} lo registra la institución educativa.",
            "anio_lectivo",
        )
    raise SinPermiso(f"No puede registrar notas de la institución educativa {ie.codigo}.")


def puede_administrar(usuario: Usuario, ie: Institucion) -> bool:
    """Talleres and parámetros: the IE's director, or its UGEL once the IE is closed."""
    return usuario.es_director_de(ie.codigo_modular, ie.anexo) or (
        usuario.rol == "ESPECIALISTA_UGEL"
        and ie.estado == CERRADA
        and ie.codigo_ugel is not None
        and ie.codigo_ugel == usuario.codigo_ugel
    )


def autorizar_administracion(usuario: Usuario, ie: Institucion) -> None:
    if not puede_administrar(usuario, ie):
        raise SinPermiso(f"No puede configurar la institución educativa {ie.codigo}.")


def puede_ver_estudiante(
    usuario: Usuario, est: Estudiante, instituciones: dict[tuple[str, str], Institucion]
) -> bool:
    """Operations, anyone while the student has no grades, else staff of one of their grades."""
    if usuario.rol == "OPERACIONES" or not est.grados:
        return True
    return any(
        puede_leer(usuario, ie, g.anio_lectivo)
        for g in est.grados
        if (ie := instituciones.get((g.codigo_modular, g.anexo))) is not None
    )


def autorizar_estudiante(
    usuario: Usuario, est: Estudiante, instituciones: dict[tuple[str, str], Institucion]
) -> None:
    if not puede_ver_estudiante(usuario, est, instituciones):
        raise SinPermiso("El estudiante no tiene grados registrados en una institución a su cargo.")


def puede_ver_auditoria(usuario: Usuario, ie: Institucion | None, anio: int) -> bool:
    """An audited change: operations see all; others what they may read (``puede_leer``)."""
    return usuario.rol == "OPERACIONES" or (ie is not None and puede_leer(usuario, ie, anio))
