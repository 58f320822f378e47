"""Who may act on a request's emails: role AND scope, one place for handlers and views.

Resending (a director, a UGEL specialist, OACIGED) follows who attends the request in
solicitudes; operations replay failed mail (role checked at the door, ``requiere_rol``).
"""

from __future__ import annotations

from services.notificaciones.domain.modelo import InstitucionLocal, SolicitudLocal
from shared.auth import Usuario
from shared.errores import SinPermiso

# The routes solicitudes records (services/solicitudes/domain/ruta.py), as events carry them.
RUTA_OACIGED = "OACIGED"
RUTA_CONSOLIDADA = "CONSOLIDADA"


def puede_reenviar(usuario: Usuario, copia: SolicitudLocal, ie: InstitucionLocal | None) -> bool:
    """Whoever may act on the request: its IE's director, the UGEL of its IE once closed,
    OACIGED for studies up to 1985 (alone or the first part of a consolidated request)."""
    if usuario.rol == "DIRECTOR_IE":
        return usuario.es_director_de(copia.codigo_modular, copia.anexo)
    if usuario.rol == "ESPECIALISTA_UGEL":
        return (
            ie is not None
            and ie.cerrada
            and ie.es_de_la_ugel(usuario.codigo_ugel)
            and copia.ruta != RUTA_OACIGED
        )
    return usuario.rol == "OACIGED" and copia.ruta in (RUTA_OACIGED, RUTA_CONSOLIDADA)


def autorizar(uow, usuario: Usuario, copia: SolicitudLocal) -> None:
    """Refuse (403) whoever does not act on this request."""
    ie = uow.instituciones.obtener(copia.codigo_modular, copia.anexo)
    if puede_reenviar(usuario, copia, ie):
        return
    motivo = {
        "DIRECTOR_IE": "pertenece a otra institución educativa.",
        "ESPECIALISTA_UGEL": "no es de una institución cerrada de su UGEL.",
    }.get(usuario.rol, "no la atiende la OACIGED (estudios posteriores a 1985).")
    raise SinPermiso(
        f"No puede reenviar correos de la solicitud N.° {copia.numero_solicitud:08d}: {motivo}"
    )
