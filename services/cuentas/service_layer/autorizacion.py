"""Who may administer whose account: the one place cuentas decides it."""

from __future__ import annotations

from services.cuentas.domain.modelo import (
    DIRECTOR_IE,
    ESPECIALISTA_UGEL,
    OACIGED,
    OPERACIONES,
    Cuenta,
    InstitucionLocal,
)
from shared.auth import Usuario
from shared.errores import SinPermiso

# The roles each role creates and deactivates.
ADMINISTRA = {
    OPERACIONES: (ESPECIALISTA_UGEL, OACIGED, OPERACIONES),
    ESPECIALISTA_UGEL: (DIRECTOR_IE,),
}
_NOMBRES = {
    DIRECTOR_IE: "directores de IE",
    ESPECIALISTA_UGEL: "especialistas UGEL",
    OACIGED: "personal de OACIGED",
    OPERACIONES: "personal de operaciones",
}


def roles_que_administra(actor: Usuario) -> tuple[str, ...]:
    return ADMINISTRA.get(actor.rol, ())


def roles_que_ve(actor: Usuario) -> tuple[str, ...]:
    """Operaciones sees every staff account (to help whoever cannot sign in); others, theirs."""
    if actor.rol == OPERACIONES:
        return (DIRECTOR_IE, *ADMINISTRA[OPERACIONES])
    return roles_que_administra(actor)


def ugel_que_administra(actor: Usuario) -> str | None:
    """A UGEL specialist administers the accounts of their UGEL; other roles, no UGEL limit."""
    return actor.codigo_ugel if actor.rol == ESPECIALISTA_UGEL else None


def autorizar(actor: Usuario, rol: str, ie: InstitucionLocal | None = None) -> None:
    """``actor`` may create or deactivate an account of ``rol`` (at ``ie`` for a director)."""
    if rol not in roles_que_administra(actor):
        raise SinPermiso(f"Su rol no administra cuentas de {_NOMBRES.get(rol, rol)}.", "rol")
    if rol == DIRECTOR_IE and not _de_su_ugel(actor, ie):
        codigo = f"{ie.codigo_modular}-{ie.anexo}" if ie else "indicada"
        raise SinPermiso(
            f"La institución educativa {codigo} no pertenece a su UGEL ({actor.codigo_ugel}): "
            "solo administra directores de las IIEE de su UGEL.",
            "codigo_modular",
        )


def puede_ver(actor: Usuario, cuenta: Cuenta, ie: InstitucionLocal | None) -> bool:
    """The account itself, or one the actor administers."""
    if actor.sub == cuenta.usuario:
        return True
    if cuenta.rol not in roles_que_administra(actor):
        return False
    return cuenta.rol != DIRECTOR_IE or _de_su_ugel(actor, ie)


def _de_su_ugel(actor: Usuario, ie: InstitucionLocal | None) -> bool:
    """The IE belongs to the actor's UGEL, compared by code (a NULL code matches nobody)."""
    return ie is not None and ie.codigo_ugel is not None and ie.codigo_ugel == actor.codigo_ugel
