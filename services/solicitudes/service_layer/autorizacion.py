"""Who attends which request: role AND scope, one place for handlers and views.

A director attends the requests of their own IE, a UGEL specialist those of the closed IEs of
their UGEL, OACIGED those up to 1985 and the first part of consolidated ones. Which roles may
call each endpoint at all is the views' ``requiere_rol``; this is the scope.
"""

from __future__ import annotations

from services.solicitudes.adapters.repositorio import FiltroCola
from services.solicitudes.domain.copias import InstitucionLocal
from services.solicitudes.domain.lote import Lote
from services.solicitudes.domain.modelo import Solicitud
from services.solicitudes.domain.ruta import (
    RUTA_CONSOLIDADA,
    RUTA_IE,
    RUTA_OACIGED,
    RUTA_UGEL,
    primero_en_atender,
    quien_atiende_la_ie,
)
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.errores import SinPermiso


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


def autorizar_atencion(
    usuario: Usuario, atiende: str, ie: InstitucionLocal | None, numero_solicitud: int
) -> None:
    """Refuse (403) a user who does not attend what ``atiende`` at ``ie``."""
    if not puede_atender(usuario, atiende, ie):
        raise SinPermiso(f"No puede atender la solicitud N.° {numero_solicitud:08d}.")


def autorizar(usuario: Usuario, solicitud: Solicitud, ie: InstitucionLocal | None) -> None:
    """Refuse (403) a user who does not attend this request now."""
    autorizar_atencion(usuario, solicitud.atiende, ie, solicitud.numero_solicitud)


def autorizar_configuracion(
    usuario: Usuario, ie: InstitucionLocal | None, codigo_modular: str, anexo: str
) -> None:
    """«Configuración» of an IE: its director (its UGEL once it closed); 403 otherwise."""
    if not puede_atender(usuario, quien_atiende_la_ie(ie) if ie else RUTA_IE, ie):
        raise SinPermiso(f"No puede configurar la institución educativa {codigo_modular}-{anexo}.")


def autorizar_emision_directa(usuario: Usuario, ruta: str, ie: InstitucionLocal) -> None:
    """A staff-created request: whoever attends its first part; 403 naming who does."""
    if not puede_atender(usuario, primero_en_atender(ruta), ie):
        raise SinPermiso(_quien_atiende(ruta, ie))


def _quien_atiende(ruta: str, ie: InstitucionLocal) -> str:
    if ruta in (RUTA_OACIGED, RUTA_CONSOLIDADA):
        return "Los estudios hasta 1985 los certifica la OACIGED."
    if ruta == RUTA_UGEL:
        return f"La institución educativa {ie.codigo} cerró: atiende la {ie.nombre_ugel}."
    return f"Las solicitudes de la institución educativa {ie.codigo} las atiende su director."


def puede_ver_lote(usuario: Usuario, lote: Lote) -> bool:
    """Who ordered it, or anyone with the same scope (the same IE, UGEL or OACIGED)."""
    if usuario.sub == lote.creado_por:
        return True
    if usuario.rol != lote.rol:
        return False
    if usuario.rol == "DIRECTOR_IE":
        return (usuario.codigo_modular, usuario.anexo) == (lote.codigo_modular, lote.anexo)
    if usuario.rol == "ESPECIALISTA_UGEL":
        return lote.codigo_ugel is not None and usuario.codigo_ugel == lote.codigo_ugel
    return usuario.rol == "OACIGED"


def alcance(
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    codigo_modular: str | None = None,
    anexo: str = "0",
) -> FiltroCola:
    """The requests ``usuario`` attends, optionally narrowed to one IE they may see.

    A UGEL specialist sees only the closed IEs of their UGEL: those are the ones they issue for.
    """
    if usuario.rol == "DIRECTOR_IE":
        if codigo_modular and not usuario.es_director_de(codigo_modular, anexo):
            raise SinPermiso(
                "No puede ver las solicitudes de la institución educativa "
                f"{codigo_modular}-{anexo}."
            )
        return FiltroCola(RUTA_IE, (), usuario.codigo_modular, usuario.anexo)
    if usuario.rol == "ESPECIALISTA_UGEL":
        if codigo_modular:
            ie = uow.copias.institucion(codigo_modular, anexo)
            if ie is None or not ie.es_de_la_ugel(usuario.codigo_ugel):
                raise SinPermiso(
                    f"La institución educativa {codigo_modular}-{anexo} no es de su UGEL "
                    f"({usuario.codigo_ugel})."
                )
            if not ie.cerrada:  # an active IE's students and settings are its director's
                raise SinPermiso(
                    f"La institución educativa {ie.codigo} está activa: la atiende su director, "
                    "no la UGEL."
                )
        return FiltroCola(RUTA_UGEL, (), codigo_modular, anexo, codigo_ugel=usuario.codigo_ugel)
    return FiltroCola(RUTA_OACIGED, (), codigo_modular, anexo if codigo_modular else None)
