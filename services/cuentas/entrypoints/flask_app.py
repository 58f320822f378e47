"""HTTP entry point of cuentas: sign-in, sessions, JWKS, password links, administration."""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_smorest import Blueprint
from werkzeug.middleware.proxy_fix import ProxyFix

from services.cuentas.entrypoints import esquemas
from services.cuentas.entrypoints import esquemas_salida as salida
from services.cuentas.service_layer import comandos, handlers, handlers_enlaces, vistas
from services.cuentas.service_layer import handlers_sesiones as sesiones
from services.cuentas.service_layer.dependencias import Dependencias
from services.cuentas.service_layer.unit_of_work import UnidadDeTrabajoCuentas
from shared.acceso_web import requiere_rol
from shared.auth import ROLES
from shared.config import Config
from shared.esquemas_comunes import ErrorEsquema, respuestas_error
from shared.peticion import uow
from shared.web import conectar_consumidor, crear_app_servicio, respuesta_error

bp = Blueprint(
    "cuentas",
    __name__,
    url_prefix="/api/cuentas",
    description="Cuentas del personal, inicio de sesión, tokens de acceso (EdDSA) y JWKS",
)
SEGURIDAD = [{"bearer": []}]
ADMINISTRADORES = ("OPERACIONES", "ESPECIALISTA_UGEL")


def _dep() -> Dependencias:
    return current_app.extensions["cuentas"]


def _ip() -> str:
    return request.remote_addr or "desconocida"


@bp.route("/.well-known/jwks.json", methods=["GET"])
@bp.alt_response(200, schema=salida.JwksSalida, success=True)
def jwks():
    """Claves públicas (JWKS) con que todo servicio verifica los tokens de acceso."""
    respuesta = jsonify(_dep().llavero.jwks())
    respuesta.headers["Cache-Control"] = "public, max-age=300"
    return respuesta


@bp.route("/sesiones", methods=["POST"])
@bp.arguments(esquemas.InicioSesionEsquema)
@bp.response(200, esquemas.TokensSalida)
@bp.alt_response(
    401, schema=ErrorEsquema, description="Usuario o clave incorrectos, o falta el código TOTP"
)
@bp.alt_response(
    429, schema=ErrorEsquema, description="Demasiados intentos fallidos (cabecera Retry-After)"
)
def iniciar_sesion(datos):
    """Inicio de sesión: usuario (documento), clave y, si su cuenta lo usa, código TOTP."""
    cmd = comandos.IniciarSesion(datos["usuario"], datos["clave"], datos["codigo_totp"], _ip())
    return sesiones.iniciar_sesion(cmd, uow(), None, _dep())


@bp.route("/sesiones/renovacion", methods=["POST"])
@bp.arguments(esquemas.RenovacionEsquema)
@bp.response(200, esquemas.TokensSalida)
@bp.alt_response(
    401, schema=ErrorEsquema, description="Token de renovación no válido, usado, vencido o revocado"
)
def renovar_sesion(datos):
    """Nuevo token de acceso a cambio del token de renovación, que se reemplaza (rotación)."""
    cmd = comandos.RenovarSesion(datos["refresh_token"], _ip())
    return sesiones.renovar_sesion(cmd, uow(), None, _dep())


@bp.route("/sesiones/cierre", methods=["POST"])
@bp.arguments(esquemas.RenovacionEsquema)
@bp.response(204)
def cerrar_sesion(datos):
    """Cierre de sesión: el token de renovación (y los que nacieron de él) dejan de servir."""
    sesiones.cerrar_sesion(comandos.CerrarSesion(datos["refresh_token"]), uow(), None, _dep())


@bp.route("/yo", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ROLES)
@bp.response(200, esquemas.CuentaSalida)
@respuestas_error(bp, 401, 403)
def yo():
    """La cuenta de quien llama: nombre, rol, IE, niveles, código modular y anexo."""
    return vistas.cuenta(uow(), g.usuario, g.usuario.sub)


@bp.route("/yo/clave", methods=["PUT"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ROLES)
@bp.arguments(esquemas.CambioClaveEsquema)
@bp.response(200, esquemas.MensajeSalida)
@respuestas_error(bp, 401, 403)
def cambiar_clave(datos):
    """Cambio de la propia clave (se cierran las demás sesiones)."""
    cmd = comandos.CambiarClave(datos["clave_actual"], datos["clave_nueva"])
    return handlers.cambiar_clave(cmd, uow(), g.usuario, _dep())


@bp.route("/recuperaciones", methods=["POST"])
@bp.arguments(esquemas.RecuperacionEsquema)
@bp.response(202, esquemas.MensajeSalida)
def recuperar(datos):
    """«Olvidé mi clave»: si la cuenta existe, se envía un enlace de un solo uso a su correo."""
    handlers_enlaces.solicitar_recuperacion(
        comandos.SolicitarRecuperacion(datos["usuario"], _ip()), uow(), None, _dep()
    )
    return {
        "mensaje": "Si el usuario existe y está activo, enviamos a su correo un enlace para "
        "establecer una nueva clave (vence en 1 hora)."
    }


@bp.route("/enlaces/<token>", methods=["GET"])
@bp.response(200, esquemas.EnlaceSalida)
@respuestas_error(bp, 404)
def ver_enlace(token):
    """Para quién es un enlace de clave y si sigue vigente (404 usado, 410 vencido)."""
    return handlers_enlaces.ver_enlace(token, uow(), _dep())


@bp.route("/enlaces/<token>/totp", methods=["POST"])
@bp.response(200, esquemas.TotpSalida)
@respuestas_error(bp, 404, 409)
def preparar_totp(token):
    """Secreto TOTP nuevo para la aplicación autenticadora; se confirma al establecer la clave."""
    return handlers_enlaces.preparar_totp(
        comandos.PrepararTotpConEnlace(token), uow(), None, _dep()
    )


@bp.route("/enlaces/<token>", methods=["POST"])
@bp.arguments(esquemas.EstablecerClaveEsquema)
@bp.response(200, esquemas.MensajeSalida)
@respuestas_error(bp, 404, 409)
def establecer_clave(datos, token):
    """Primera clave o nueva clave con el enlace recibido por correo (un solo uso)."""
    cmd = comandos.EstablecerClave(token, datos["clave"], datos["codigo_totp"], _ip())
    return handlers_enlaces.establecer_clave(cmd, uow(), None, _dep())


@bp.route("/cuentas", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRADORES)
@bp.arguments(esquemas.CrearCuentaEsquema)
@bp.response(201, esquemas.CuentaSalida)
@respuestas_error(bp, 401, 403, 409)
def crear_cuenta(datos):
    """Crea una cuenta (Operaciones: UGEL, OACIGED, Operaciones; UGEL: directores de sus IIEE)."""
    datos["niveles"] = tuple(datos["niveles"])
    return handlers.crear_cuenta(comandos.CrearCuenta(**datos), uow(), g.usuario, _dep())


@bp.route("/cuentas", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRADORES)
@bp.arguments(esquemas.ListaCuentasEsquema, location="query")
@bp.response(200, esquemas.PaginaCuentasSalida)
@respuestas_error(bp, 401, 403)
def listar_cuentas(filtro):
    """Las cuentas que usted administra (Operaciones ve todas), con su último inicio de sesión."""
    return vistas.cuentas(
        uow(),
        g.usuario,
        filtro["rol"],
        filtro["pagina"],
        filtro["por_pagina"],
        texto=filtro["q"],
        activa=filtro["activa"],
    )


@bp.route("/cuentas/<usuario>", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ROLES)
@bp.response(200, esquemas.CuentaSalida)
@respuestas_error(bp, 401, 403, 404)
def ver_cuenta(usuario):
    """Una cuenta que usted administra (o la suya)."""
    return vistas.cuenta(uow(), g.usuario, usuario)


@bp.route("/cuentas/<usuario>/desactivacion", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRADORES)
@bp.arguments(esquemas.DesactivacionEsquema)
@bp.response(200, esquemas.CuentaSalida)
@respuestas_error(bp, 401, 403, 404, 409)
def desactivar(datos, usuario):
    """Desactiva una cuenta: no inicia ni renueva sesión; sus tokens vencen en minutos."""
    cmd = comandos.DesactivarCuenta(usuario, datos["motivo"])
    return handlers.desactivar_cuenta(cmd, uow(), g.usuario, _dep())


@bp.route("/cuentas/<usuario>/reactivacion", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*ADMINISTRADORES)
@bp.response(200, esquemas.CuentaSalida)
@respuestas_error(bp, 401, 403, 404, 409)
def reactivar(usuario):
    """Reactiva una cuenta desactivada."""
    return handlers.reactivar_cuenta(comandos.ReactivarCuenta(usuario), uow(), g.usuario, _dep())


@bp.route("/auditoria", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(esquemas.ListaAuditoriaEsquema, location="query")
@bp.response(200, esquemas.PaginaAuditoriaSalida)
@respuestas_error(bp, 401, 403)
def auditoria(filtro):
    """Auditoría (solo se agregan filas): inicios, fallos, bloqueos y cambios de cuentas."""
    return vistas.auditoria(uow(), filtro["usuario"], filtro["pagina"], filtro["por_pagina"])


def _demasiados_intentos(exc: sesiones.DemasiadosIntentos):
    respuesta, estado = respuesta_error(429, exc.codigo, exc.mensaje)
    respuesta.headers["Retry-After"] = str(exc.segundos)
    return respuesta, estado


def create_app(config: Config | None = None):
    """Application factory of the cuentas service."""
    config = config or Config.desde_entorno("cuentas")
    app, api = crear_app_servicio(config, UnidadDeTrabajoCuentas)
    if config.proxies_confiables:  # the address lockout counts is the client's, not nginx's
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxies_confiables)
    app.extensions["cuentas"] = Dependencias.desde_config(config)
    app.register_error_handler(sesiones.DemasiadosIntentos, _demasiados_intentos)
    api.register_blueprint(bp)
    conectar_consumidor(app, handlers.MANEJADORES)
    return app
