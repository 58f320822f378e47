"""Who may touch an issued certificate: role AND scope, one place for handlers and views.

- Its PDF and its printed content: the issuing IE's director, the specialist of the UGEL the
  IE belonged to when it was issued (the UGEL issues for its closed IEs), OACIGED, or a
  service (verificacion, notificaciones) proven by its signed credential (``usuario`` None).
- Annulment: the issuing IE's director or OACIGED.
Which roles may call each endpoint at all is the views' ``requiere_rol``; this is the scope.
"""

from __future__ import annotations

from services.emision.domain.modelo import Certificado
from shared.auth import Usuario
from shared.errores import SinPermiso


def autorizar_descarga(usuario: Usuario | None, cert: Certificado) -> None:
    """A director only downloads their own IE's certificates; SinPermiso otherwise."""
    _solo_su_ie(usuario, cert, "descargar este PDF")


def autorizar_consulta(usuario: Usuario | None, cert: Certificado) -> None:
    """A director only reads their own IE's certificates' content; SinPermiso otherwise."""
    _solo_su_ie(usuario, cert, "ver este certificado")


def _solo_su_ie(usuario: Usuario | None, cert: Certificado, accion: str) -> None:
    if (
        usuario
        and usuario.rol == "DIRECTOR_IE"
        and not usuario.es_director_de(cert.codigo_modular, cert.anexo)
    ):
        raise SinPermiso(f"Solo la institución educativa que lo emitió puede {accion}.")
    if (
        usuario
        and usuario.rol == "ESPECIALISTA_UGEL"
        and (cert.codigo_ugel is None or cert.codigo_ugel != usuario.codigo_ugel)
    ):
        raise SinPermiso(f"Solo la UGEL de la institución educativa puede {accion}.")


def autorizar_anulacion(usuario: Usuario, cert: Certificado) -> None:
    """Only the issuing IE's director or OACIGED annul a certificate; SinPermiso otherwise."""
    if not (usuario.es_director_de(cert.codigo_modular, cert.anexo) or usuario.rol == "OACIGED"):
        raise SinPermiso(
            "Solo la institución educativa que lo emitió o la OACIGED "
            "pueden anular este certificado."
        )


def autorizar_claves(usuario: Usuario | None) -> None:
    """Only Operaciones rotates the signing keys."""
    if usuario is None or usuario.rol != "OPERACIONES":
        raise SinPermiso("Solo Operaciones administra las claves de firma.")
