"""Who issues a certificate (the request's route) and who attends it at each moment."""

from __future__ import annotations

from services.solicitudes.domain.copias import InstitucionLocal
from shared.cobertura import ULTIMO_ANIO_OACIGED

RUTA_IE = "IE"
RUTA_UGEL = "UGEL"
RUTA_OACIGED = "OACIGED"
RUTA_CONSOLIDADA = "CONSOLIDADA"
RUTAS = (RUTA_IE, RUTA_UGEL, RUTA_OACIGED, RUTA_CONSOLIDADA)


def determinar_ruta(ultimo_anio: int, ie: InstitucionLocal, primer_anio: int | None = None) -> str:
    """OACIGED up to 1985; both sides of 1985 consolidated; closed IE its UGEL; else the IE."""
    if ultimo_anio <= ULTIMO_ANIO_OACIGED:
        return RUTA_OACIGED
    if primer_anio is not None and primer_anio <= ULTIMO_ANIO_OACIGED:
        return RUTA_CONSOLIDADA
    return quien_atiende_la_ie(ie)


def quien_atiende_la_ie(ie: InstitucionLocal) -> str:
    """An open IE attends its own requests; a closed one's go to its UGEL."""
    return RUTA_UGEL if ie.cerrada else RUTA_IE


def primero_en_atender(ruta: str) -> str:
    """A consolidated request starts at OACIGED (its part first); any other at its route."""
    return RUTA_OACIGED if ruta == RUTA_CONSOLIDADA else ruta


def quien_atiende_ahora(ruta: str, ie: InstitucionLocal) -> str:
    """Who would attend a new request on ``ruta`` at ``ie`` today (e.g. one generated from an
    issued certificate: a consolidated certificate's OACIGED part is already certified)."""
    return RUTA_OACIGED if ruta == RUTA_OACIGED else quien_atiende_la_ie(ie)
