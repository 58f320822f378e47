"""Sign-in, refresh and sign-out: Argon2id + TOTP, lockout with backoff, EdDSA access tokens."""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from datetime import datetime, timedelta

from services.cuentas.domain import bloqueo
from services.cuentas.domain.modelo import DIRECTOR_IE, Cuenta, Sesion
from services.cuentas.service_layer import auditoria as au
from services.cuentas.service_layer import comandos, vistas
from services.cuentas.service_layer.dependencias import Dependencias
from shared.auth import NoAutenticado, Usuario, claims_de_alcance
from shared.errores import ErrorDeDominio

_INCORRECTAS = "Usuario o clave incorrectos."


class DemasiadosIntentos(ErrorDeDominio):
    estado_http = 429
    codigo = "demasiados_intentos"

    def __init__(self, espera: timedelta):
        self.segundos = max(math.ceil(espera.total_seconds()), 1)
        minutos = math.ceil(self.segundos / 60)
        super().__init__(
            "Demasiados intentos fallidos: por seguridad, espere "
            f"{minutos} minuto{'s' if minutos > 1 else ''} e intente nuevamente."
        )


class TotpRequerido(NoAutenticado):
    codigo = "totp_requerido"


def huella(token: str) -> str:
    """How an opaque token is stored: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def como_usuario(cuenta: Cuenta) -> Usuario:
    return Usuario(
        sub=cuenta.usuario,
        rol=cuenta.rol,
        codigo_modular=cuenta.codigo_modular,
        anexo=cuenta.anexo,
        codigo_ugel=cuenta.codigo_ugel,
        nombre=cuenta.nombre_completo,
        niveles=tuple(cuenta.niveles),
    )


def iniciar_sesion(
    cmd: comandos.IniciarSesion, uow, _usuario: Usuario | None, dep: Dependencias
) -> dict:
    """Tokens for the right password (and TOTP code); a failure is counted and audited."""
    usuario = cmd.usuario.strip()
    with uow:
        ahora = dep.reloj()
        contadores = {
            tipo: uow.contadores.obtener(tipo, clave)
            for tipo, clave in bloqueo.claves(usuario, cmd.ip).items()
        }
        esperas = [e for c in contadores.values() if (e := c.espera(ahora))]
        if esperas:
            au.auditar(
                uow, ahora, au.INTENTO_BLOQUEADO, "Intento durante un bloqueo", usuario, ip=cmd.ip
            )
            uow.commit()
            raise DemasiadosIntentos(max(esperas))
        cuenta = uow.cuentas.obtener(usuario, bloquear=True)
        clave_ok = dep.contrasenas.verificar(cuenta.clave_hash if cuenta else None, cmd.clave)
        if not (clave_ok and cuenta.activa):
            _fallar(uow, contadores, ahora, usuario, cmd.ip, "clave")
            raise NoAutenticado(_INCORRECTAS)
        _segundo_factor(uow, cuenta, cmd, contadores, ahora, dep)
        for tipo in (bloqueo.CUENTA_IP, bloqueo.CUENTA):
            contadores[tipo].reiniciar()
        if dep.contrasenas.necesita_rehash(cuenta.clave_hash):
            cuenta.clave_hash = dep.contrasenas.hash(cmd.clave)
        respuesta = emitir_tokens(uow, cuenta, dep, ahora, cmd.ip)
        au.auditar(uow, ahora, au.INICIO_SESION, "Inicio de sesión", usuario, usuario, cmd.ip)
        uow.commit()
        return respuesta


def _segundo_factor(uow, cuenta: Cuenta, cmd, contadores, ahora: datetime, dep) -> None:
    if not cuenta.requiere_totp:
        return
    if cuenta.totp_secreto is None:
        raise NoAutenticado(
            "Su cuenta requiere un código de verificación (TOTP) y aún no lo tiene configurado: "
            "pida a Operaciones un enlace para establecer su clave y su autenticador."
        )
    if not cmd.codigo_totp:
        uow.commit()  # nothing to count: the password was right
        raise TotpRequerido(
            "Ingrese el código de verificación de su aplicación autenticadora.", "codigo_totp"
        )
    paso = dep.totp.paso_valido(cuenta.totp_secreto, cmd.codigo_totp, cuenta.totp_ultimo_paso)
    if paso is None:
        _fallar(uow, contadores, ahora, cuenta.usuario, cmd.ip, "codigo_totp")
        raise NoAutenticado(
            "El código de verificación no es correcto o ya fue usado.", "codigo_totp"
        )
    cuenta.totp_ultimo_paso = paso  # a code works once, even within its 30 seconds


def _fallar(uow, contadores: dict, ahora: datetime, usuario: str, ip: str, que: str) -> None:
    """Count the failure on each counter, audit it (and any lock it causes), commit."""
    au.auditar(uow, ahora, au.FALLO_INICIO, f"Inicio de sesión fallido ({que})", usuario, ip=ip)
    for tipo, contador in contadores.items():
        duracion = contador.fallar(ahora)
        if duracion:
            au.auditar(
                uow,
                ahora,
                au.BLOQUEO,
                f"Bloqueo {tipo} por {int(duracion.total_seconds())} s",
                usuario,
                ip=ip,
                tipo=tipo,
                segundos=int(duracion.total_seconds()),
                fallos=contador.fallos,
            )
    uow.commit()


def emitir_tokens(uow, cuenta: Cuenta, dep: Dependencias, ahora, ip, sesion=None) -> dict:
    """A signed access token and a new refresh token (same family when renewing)."""
    familia = sesion.familia if sesion else str(uuid.uuid4())
    claims = {
        **claims_de_alcance(como_usuario(cuenta)),
        "iss": dep.emisor,
        "aud": dep.audiencia,
        "iat": ahora,
        "exp": ahora + timedelta(seconds=dep.token_segundos),
        "jti": str(uuid.uuid4()),
        "sid": familia,
    }
    renovacion = secrets.token_urlsafe(32)
    expira = sesion.expira_en if sesion else ahora + dep.renovacion  # absolute session limit
    uow.sesiones.agregar(
        Sesion(str(uuid.uuid4()), familia, cuenta.usuario, huella(renovacion), ahora, expira, ip)
    )
    ie = None
    if cuenta.rol == DIRECTOR_IE:
        ie = uow.instituciones.obtener(cuenta.codigo_modular, cuenta.anexo)
    return {
        "access_token": dep.llavero.firmar(claims),
        "token_type": "Bearer",
        "expires_in": dep.token_segundos,
        "refresh_token": renovacion,
        "refresh_expires_in": int((expira - ahora).total_seconds()),
        "cuenta": vistas.perfil_en(uow, cuenta, ie),
    }


def renovar_sesion(
    cmd: comandos.RenovarSesion, uow, _usuario: Usuario | None, dep: Dependencias
) -> dict:
    """A new access token for a live refresh token, which is replaced (rotation).

    A refresh token presented twice was stolen or leaked: its whole family is revoked.
    """
    with uow:
        ahora = dep.reloj()
        sesion = uow.sesiones.por_hash(huella(cmd.token_renovacion))
        if sesion is None:
            raise NoAutenticado("La sesión no es válida; inicie sesión nuevamente.")
        if sesion.usada_en is not None and sesion.revocada_en is None:
            uow.sesiones.revocar(ahora, familia=sesion.familia)
            au.auditar(
                uow,
                ahora,
                au.RENOVACION_REUTILIZADA,
                "Token de renovación reutilizado: sesión revocada",
                sesion.usuario,
                ip=cmd.ip,
            )
            uow.commit()
        cuenta = uow.cuentas.obtener(sesion.usuario)
        if not sesion.vigente(ahora) or cuenta is None or not cuenta.activa:
            raise NoAutenticado("La sesión venció o fue cerrada; inicie sesión nuevamente.")
        sesion.usada_en = ahora
        respuesta = emitir_tokens(uow, cuenta, dep, ahora, cmd.ip, sesion)
        uow.commit()
        return respuesta


def cerrar_sesion(
    cmd: comandos.CerrarSesion, uow, _usuario: Usuario | None, dep: Dependencias
) -> None:
    """Sign-out: the refresh token's family stops working (access tokens expire on their own)."""
    with uow:
        ahora = dep.reloj()
        sesion = uow.sesiones.por_hash(huella(cmd.token_renovacion))
        if sesion is None:
            return
        uow.sesiones.revocar(ahora, familia=sesion.familia)
        au.auditar(
            uow, ahora, au.SESION_CERRADA, "Cierre de sesión", sesion.usuario, sesion.usuario
        )
        uow.commit()
