"""One-time links by email: the first password, a reset; the authenticator set up with them."""

from __future__ import annotations

import secrets
import uuid

from services.cuentas.domain import bloqueo
from services.cuentas.domain.modelo import RECUPERACION, Cuenta, Enlace, validar_clave
from services.cuentas.service_layer import auditoria as au
from services.cuentas.service_layer import comandos
from services.cuentas.service_layer.dependencias import Dependencias
from services.cuentas.service_layer.handlers_sesiones import DemasiadosIntentos, _fallar, huella
from shared.auth import Usuario
from shared.errores import Conflicto, ErrorDeDominio
from shared.mensajes import EnlaceDeClaveEmitido


class EnlaceNoValido(ErrorDeDominio):
    estado_http = 404
    codigo = "enlace_no_valido"


class EnlaceVencido(ErrorDeDominio):
    estado_http = 410
    codigo = "enlace_vencido"


def emitir_enlace(uow, cuenta: Cuenta, proposito: str, dep: Dependencias, por: str) -> None:
    """A new link (older unused ones stop working), sent by email through notificaciones."""
    ahora = dep.reloj()
    for previo in uow.enlaces.vigentes(cuenta.usuario, ahora):
        previo.anulado_en = ahora
    token = secrets.token_urlsafe(32)
    enlace = Enlace(str(uuid.uuid4()), cuenta.usuario, huella(token), proposito, ahora)
    uow.enlaces.agregar(enlace)
    uow.publicar(
        EnlaceDeClaveEmitido(
            usuario=cuenta.usuario,
            nombre=cuenta.nombre_completo,
            correo=cuenta.correo,
            rol=cuenta.etiqueta_rol,
            proposito=proposito,
            url=f"{dep.url_panel}/clave/{token}",
            expira_en=enlace.expira_en,
        )
    )
    au.auditar(uow, ahora, au.ENLACE_EMITIDO, f"Enlace {proposito} enviado", cuenta.usuario, por)


def solicitar_recuperacion(
    cmd: comandos.SolicitarRecuperacion, uow, _usuario: Usuario | None, dep: Dependencias
) -> None:
    """Send a reset link if the account exists and is active; the answer never says which."""
    with uow:
        ahora = dep.reloj()
        cuenta = uow.cuentas.obtener(cmd.usuario.strip(), bloquear=True)
        if cuenta is None or not cuenta.activa:
            return
        recientes = [
            e
            for e in uow.enlaces.vigentes(cuenta.usuario, ahora)
            if (ahora - e.creado_en).total_seconds() < 120
        ]
        if recientes:  # one email per two minutes, however often the form is sent
            return
        emitir_enlace(uow, cuenta, RECUPERACION, dep, cmd.ip)
        uow.commit()


def _enlace_vigente(uow, token: str, ahora) -> tuple[Enlace, Cuenta]:
    enlace = uow.enlaces.por_hash(huella(token))
    if enlace is None or enlace.estado(ahora) == "USADO":
        raise EnlaceNoValido("El enlace no es válido o ya fue usado; solicite uno nuevo.")
    if enlace.estado(ahora) == "VENCIDO":
        raise EnlaceVencido("El enlace venció; solicite uno nuevo.")
    cuenta = uow.cuentas.obtener(enlace.usuario, bloquear=True)
    if cuenta is None or not cuenta.activa:
        raise EnlaceNoValido("El enlace no es válido o ya fue usado; solicite uno nuevo.")
    return enlace, cuenta


def ver_enlace(token: str, uow, dep: Dependencias) -> dict:
    with uow:
        enlace, cuenta = _enlace_vigente(uow, token, dep.reloj())
        return {
            "usuario": cuenta.usuario,
            "nombre": cuenta.nombre_completo,
            "proposito": enlace.proposito,
            "requiere_totp": cuenta.requiere_totp,
            "totp_configurado": cuenta.totp_secreto is not None,
            "expira_en": enlace.expira_en,
        }


def preparar_totp(
    cmd: comandos.PrepararTotpConEnlace, uow, _usuario: Usuario | None, dep: Dependencias
) -> dict:
    """A new TOTP secret for the authenticator app, confirmed when the password is set."""
    with uow:
        enlace, cuenta = _enlace_vigente(uow, cmd.token, dep.reloj())
        if enlace.proposito == RECUPERACION and cuenta.totp_secreto is not None:
            # A reset link proves the mailbox only: it must not replace the second factor.
            raise Conflicto(
                "Su cuenta ya tiene un autenticador: para restablecer la clave ingrese su código "
                "actual. Si lo perdió, comuníquese con Operaciones.",
                "codigo_totp",
            )
        cuenta.totp_pendiente = dep.totp.nuevo_secreto()
        uow.commit()
        return {
            "secreto": cuenta.totp_pendiente,
            "uri": dep.totp.uri(cuenta.totp_pendiente, cuenta.usuario),
        }


def establecer_clave(
    cmd: comandos.EstablecerClave, uow, _usuario: Usuario | None, dep: Dependencias
) -> dict:
    """Set the password through a link, once; a TOTP role also confirms its authenticator."""
    with uow:
        ahora = dep.reloj()
        enlace, cuenta = _enlace_vigente(uow, cmd.token, ahora)
        validar_clave(cmd.clave, cuenta.usuario)
        if enlace.proposito == RECUPERACION and cuenta.totp_secreto is not None:
            _confirmar_autenticador(uow, cuenta, cmd, dep, ahora)
        elif cuenta.totp_pendiente and (cuenta.requiere_totp or cmd.codigo_totp):
            paso = dep.totp.paso_valido(cuenta.totp_pendiente, cmd.codigo_totp or "", 0)
            if paso is None:
                raise ErrorDeDominio(
                    "El código de verificación no es correcto: revise la hora de su teléfono.",
                    "codigo_totp",
                )
            cuenta.totp_secreto, cuenta.totp_pendiente, cuenta.totp_ultimo_paso = (
                cuenta.totp_pendiente,
                None,
                paso,
            )
            au.auditar(uow, ahora, au.TOTP_CONFIGURADO, "Autenticador configurado", cuenta.usuario)
        elif cuenta.requiere_totp and cuenta.totp_secreto is None:
            raise ErrorDeDominio(
                "Su rol requiere un autenticador: configúrelo (código TOTP) antes de la clave.",
                "codigo_totp",
            )
        cuenta.clave_hash = dep.contrasenas.hash(cmd.clave)
        enlace.usado_en = ahora
        uow.sesiones.revocar(ahora, usuario=cuenta.usuario)
        au.auditar(
            uow,
            ahora,
            au.CLAVE_ESTABLECIDA,
            f"Clave establecida ({enlace.proposito})",
            cuenta.usuario,
            cuenta.usuario,
            cmd.ip,
        )
        uow.commit()
        return {
            "usuario": cuenta.usuario,
            "mensaje": "Su clave fue registrada; ya puede iniciar sesión.",
        }


def _confirmar_autenticador(uow, cuenta: Cuenta, cmd, dep: Dependencias, ahora) -> None:
    """A reset asks the current authenticator's code; wrong codes count like wrong sign-ins."""
    contadores = {
        tipo: uow.contadores.obtener(tipo, clave)
        for tipo, clave in bloqueo.claves(cuenta.usuario, cmd.ip).items()
    }
    esperas = [e for c in contadores.values() if (e := c.espera(ahora))]
    if esperas:
        raise DemasiadosIntentos(max(esperas))
    paso = dep.totp.paso_valido(cuenta.totp_secreto, cmd.codigo_totp or "", cuenta.totp_ultimo_paso)
    if paso is None:
        _fallar(uow, contadores, ahora, cuenta.usuario, cmd.ip, "codigo_totp")
        raise ErrorDeDominio(
            "Ingrese el código actual de su aplicación autenticadora para restablecer la clave.",
            "codigo_totp",
        )
    cuenta.totp_ultimo_paso = paso
