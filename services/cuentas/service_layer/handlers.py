"""Account administration and the padrón copy (events); links live in handlers_enlaces."""

from __future__ import annotations

from services.cuentas.domain.modelo import (
    DIRECTOR_IE,
    ESPECIALISTA_UGEL,
    PRIMERA_CLAVE,
    Cuenta,
    InstitucionLocal,
    validar_clave,
)
from services.cuentas.service_layer import auditoria as au
from services.cuentas.service_layer import autorizacion, comandos, vistas
from services.cuentas.service_layer.dependencias import Dependencias
from services.cuentas.service_layer.handlers_enlaces import emitir_enlace
from shared import mensajes
from shared.auth import Usuario
from shared.consumidor import EventoRecibido
from shared.errores import Conflicto, ErrorDeDominio, NoEncontrado

SISTEMA = "sistema"


# --- administration ---------------------------------------------------------------------------


def crear_cuenta(cmd: comandos.CrearCuenta, uow, actor: Usuario | None, dep: Dependencias) -> dict:
    """A new account; its owner receives a first-password link by email.

    ``actor`` None is the installation itself (`mc cuentas crear`, the demo): no scope check.
    """
    with uow:
        ahora = dep.reloj()
        ie, niveles = _alcance(uow, cmd, actor)
        if uow.cuentas.obtener(cmd.usuario) is not None:
            raise Conflicto(f"Ya existe una cuenta con el usuario {cmd.usuario}.", "usuario")
        cuenta = Cuenta(
            cmd.usuario,
            cmd.nombres,
            cmd.apellidos,
            cmd.correo,
            cmd.rol,
            ahora,
            actor.sub if actor else SISTEMA,
            codigo_modular=cmd.codigo_modular if cmd.rol == DIRECTOR_IE else None,
            anexo=cmd.anexo if cmd.rol == DIRECTOR_IE else None,
            niveles=niveles,
            codigo_ugel=cmd.codigo_ugel if cmd.rol == ESPECIALISTA_UGEL else None,
        )
        uow.cuentas.agregar(cuenta)
        por = actor.sub if actor else SISTEMA
        au.auditar(uow, ahora, au.CUENTA_CREADA, f"Cuenta {cmd.rol} creada", cmd.usuario, por)
        if actor is not None:
            emitir_enlace(uow, cuenta, PRIMERA_CLAVE, dep, por)
        uow.commit()
        return vistas.perfil_en(uow, cuenta, ie)


def _alcance(uow, cmd: comandos.CrearCuenta, actor: Usuario | None):
    """The IE (directors) and niveles of the new account, after the actor's scope check."""
    if cmd.rol != DIRECTOR_IE:
        if actor is not None:
            autorizacion.autorizar(actor, cmd.rol)
            if cmd.rol == ESPECIALISTA_UGEL:
                _ugel_conocida(uow, cmd.codigo_ugel)
        return None, ()
    ie = uow.instituciones.obtener(cmd.codigo_modular, cmd.anexo)
    if actor is not None:
        if ie is None:
            raise ErrorDeDominio(
                f"La institución educativa {cmd.codigo_modular}-{cmd.anexo} no está en el padrón.",
                "codigo_modular",
            )
        autorizacion.autorizar(actor, cmd.rol, ie)
    if ie is None:
        return None, tuple(cmd.niveles)
    niveles = tuple(cmd.niveles) or tuple(ie.niveles)
    ajenos = [n for n in niveles if n not in ie.niveles]
    if ajenos:
        raise ErrorDeDominio(
            f"La IE {ie.codigo_modular}-{ie.anexo} no atiende el nivel {', '.join(ajenos)} "
            f"(atiende: {', '.join(ie.niveles)}).",
            "niveles",
        )
    return ie, niveles


def _administrada(uow, actor: Usuario, usuario: str) -> tuple[Cuenta, InstitucionLocal | None]:
    """The account (locked) and its IE, if the actor administers it."""
    cuenta = uow.cuentas.obtener(usuario, bloquear=True)
    if cuenta is None:
        raise NoEncontrado(f"No existe la cuenta {usuario}.", "usuario")
    ie = None
    if cuenta.rol == DIRECTOR_IE:
        ie = uow.instituciones.obtener(cuenta.codigo_modular, cuenta.anexo)
    autorizacion.autorizar(actor, cuenta.rol, ie)
    return cuenta, ie


def desactivar_cuenta(cmd: comandos.DesactivarCuenta, uow, actor: Usuario, dep) -> dict:
    """The account can no longer sign in or refresh; its access tokens expire within minutes."""
    with uow:
        ahora = dep.reloj()
        cuenta, ie = _administrada(uow, actor, cmd.usuario)
        if cuenta.usuario == actor.sub:
            raise Conflicto("No puede desactivar su propia cuenta.", "usuario")
        cuenta.desactivar(actor.sub, ahora)
        uow.sesiones.revocar(ahora, usuario=cuenta.usuario)
        for enlace in uow.enlaces.vigentes(cuenta.usuario, ahora):
            enlace.anulado_en = ahora
        au.auditar(
            uow,
            ahora,
            au.CUENTA_DESACTIVADA,
            cmd.motivo,
            cuenta.usuario,
            actor.sub,
            motivo=cmd.motivo,
        )
        uow.commit()
        return vistas.perfil_en(uow, cuenta, ie)


def reactivar_cuenta(cmd: comandos.ReactivarCuenta, uow, actor: Usuario, dep) -> dict:
    with uow:
        ahora = dep.reloj()
        cuenta, ie = _administrada(uow, actor, cmd.usuario)
        cuenta.reactivar()
        au.auditar(uow, ahora, au.CUENTA_REACTIVADA, "Cuenta reactivada", cuenta.usuario, actor.sub)
        uow.commit()
        return vistas.perfil_en(uow, cuenta, ie)


def cambiar_clave(cmd: comandos.CambiarClave, uow, actor: Usuario, dep: Dependencias) -> dict:
    """The signed-in person changes their own password; their other sessions end."""
    with uow:
        ahora = dep.reloj()
        cuenta = uow.cuentas.obtener(actor.sub, bloquear=True)
        if cuenta is None or not cuenta.activa:
            raise NoEncontrado("Su cuenta no existe o está desactivada.")
        if not dep.contrasenas.verificar(cuenta.clave_hash, cmd.clave_actual):
            au.auditar(uow, ahora, au.FALLO_CAMBIO_CLAVE, "Clave actual incorrecta", actor.sub)
            uow.commit()
            raise ErrorDeDominio("La clave actual no es correcta.", "clave_actual")
        validar_clave(cmd.clave_nueva, cuenta.usuario, "clave_nueva")
        cuenta.clave_hash = dep.contrasenas.hash(cmd.clave_nueva)
        uow.sesiones.revocar(ahora, usuario=cuenta.usuario)
        au.auditar(uow, ahora, au.CLAVE_CAMBIADA, "Cambio de clave", cuenta.usuario, actor.sub)
        uow.commit()
        return {"mensaje": "Su clave fue cambiada. Inicie sesión nuevamente con la nueva clave."}


def _ugel_conocida(uow, codigo_ugel: str | None) -> None:
    """Refuse a specialist's UGEL the padrón does not know: that scope would see nothing."""
    if uow.instituciones.nombre_ugel(codigo_ugel) is None:
        raise ErrorDeDominio(
            f"La UGEL {codigo_ugel} no está en el padrón de instituciones educativas: revise el "
            "código (6 dígitos del padrón ESCALE, p. ej. 150103) o importe antes el padrón.",
            "codigo_ugel",
        )


# --- events -----------------------------------------------------------------------------------


def al_registrar_institucion(evento: EventoRecibido, uow, _dep) -> None:
    """Keep the padrón's IE: a UGEL specialist administers the directors of its UGEL's IEs."""
    datos = evento.payload
    ie = uow.instituciones.obtener(datos["codigo_modular"], datos["anexo"])
    if ie is None:
        ie = InstitucionLocal(
            datos["codigo_modular"], datos["anexo"], "", "", None, "", "", datos["niveles"]
        )
        uow.instituciones.agregar(ie)
    ie.nombre, ie.estado = datos["nombre"], datos["estado"]
    ie.codigo_ugel, ie.nombre_ugel = datos["codigo_ugel"], datos["nombre_ugel"]
    ie.modalidad, ie.niveles = datos["modalidad"], list(datos["niveles"])


MANEJADORES = {mensajes.InstitucionRegistrada: al_registrar_institucion}


def dar_credenciales(uow, usuario: str, clave: str, dep: Dependencias) -> str | None:
    """Installation only (`mc cuentas crear`, the demo): set a password, and a TOTP secret for
    the roles that require one (returned, to be shown once)."""
    with uow:
        ahora = dep.reloj()
        cuenta = uow.cuentas.obtener(usuario, bloquear=True)
        validar_clave(clave, usuario)
        cuenta.clave_hash = dep.contrasenas.hash(clave)
        secreto = None
        if cuenta.requiere_totp:
            secreto = cuenta.totp_secreto = dep.totp.nuevo_secreto()
        au.auditar(
            uow, ahora, au.CLAVE_ESTABLECIDA, "Clave inicial (instalación)", usuario, SISTEMA
        )
        uow.commit()
        return secreto
