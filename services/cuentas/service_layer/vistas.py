"""Read side of cuentas: an account as the panel shows it, listings, the audit."""

from __future__ import annotations

from services.cuentas.domain.modelo import DIRECTOR_IE, Cuenta, InstitucionLocal
from services.cuentas.service_layer import autorizacion
from services.cuentas.service_layer.auditoria import INICIO_SESION
from shared.auth import Usuario
from shared.errores import NoEncontrado


def perfil(cuenta: Cuenta, ie: InstitucionLocal | None) -> dict:
    """Everything the panel's «Bienvenido/a» header needs, and the account's state."""
    datos = {
        "usuario": cuenta.usuario,
        "nombres": cuenta.nombres,
        "apellidos": cuenta.apellidos,
        "nombre": cuenta.nombre_completo,
        "correo": cuenta.correo,
        "rol": cuenta.rol,
        "rol_etiqueta": cuenta.etiqueta_rol,
        "activa": cuenta.activa,
        "totp_configurado": cuenta.totp_secreto is not None,
        "requiere_totp": cuenta.requiere_totp,
        "codigo_ugel": cuenta.codigo_ugel,
        "nombre_ugel": None,
        "niveles": list(cuenta.niveles),
        "institucion": None,
        "creada_en": cuenta.creada_en,
        "creada_por": cuenta.creada_por,
        "desactivada_en": cuenta.desactivada_en,
    }
    if cuenta.rol == DIRECTOR_IE:
        datos["codigo_ugel"] = ie.codigo_ugel if ie else None
        datos["nombre_ugel"] = ie.nombre_ugel if ie else None
        datos["institucion"] = {
            "codigo_modular": cuenta.codigo_modular,
            "anexo": cuenta.anexo,
            "codigo_modular_y_anexo": f"{cuenta.codigo_modular}-{cuenta.anexo}",
            "nombre": ie.nombre if ie else None,
        }
    return datos


def perfil_en(uow, cuenta: Cuenta, ie: InstitucionLocal | None) -> dict:
    """``perfil`` with a specialist's UGEL name read from the padrón."""
    datos = perfil(cuenta, ie)
    if cuenta.codigo_ugel:
        datos["nombre_ugel"] = uow.instituciones.nombre_ugel(cuenta.codigo_ugel)
    return datos


def _ie_de(uow, cuenta: Cuenta) -> InstitucionLocal | None:
    if cuenta.rol != DIRECTOR_IE:
        return None
    return uow.instituciones.obtener(cuenta.codigo_modular, cuenta.anexo)


def cuenta(uow, actor: Usuario, usuario: str) -> dict:
    """One account the actor may see (their own, or one they administer); 404 otherwise."""
    with uow:
        encontrada = uow.cuentas.obtener(usuario)
        ie = _ie_de(uow, encontrada) if encontrada else None
        if encontrada is None or not autorizacion.puede_ver(actor, encontrada, ie):
            raise NoEncontrado(f"No existe la cuenta {usuario} entre las que usted administra.")
        return perfil_en(uow, encontrada, ie)


def cuentas(
    uow,
    actor: Usuario,
    rol: str | None,
    pagina: int,
    por_pagina: int,
    texto: str | None = None,
    activa: bool | None = None,
) -> dict:
    """The accounts the actor may see (Operaciones: every one; a UGEL: its directors).

    Each with ``sesion_iniciada_en`` (its last sign-in, from the audit) and ``administra`` (whether
    the actor may deactivate or reactivate it).
    """
    roles = autorizacion.roles_que_ve(actor)
    if rol:
        roles = tuple(r for r in roles if r == rol)
    codigo_ugel = autorizacion.ugel_que_administra(actor)
    with uow:
        filas, total = uow.cuentas.listar(roles, codigo_ugel, pagina, por_pagina, texto, activa)
        ingresos = uow.auditoria.ultimas(INICIO_SESION, [c.usuario for c in filas])
        return {
            "cuentas": [
                {
                    **perfil_en(uow, c, _ie_de(uow, c)),
                    "sesion_iniciada_en": ingresos.get(c.usuario),
                    "administra": c.rol in autorizacion.roles_que_administra(actor),
                }
                for c in filas
            ],
            "pagina": pagina,
            "por_pagina": por_pagina,
            "total": total,
        }


def auditoria(uow, usuario: str | None, pagina: int, por_pagina: int) -> dict:
    with uow:
        filas, total = uow.auditoria.listar(usuario, pagina, por_pagina)
        return {"eventos": filas, "pagina": pagina, "por_pagina": por_pagina, "total": total}
