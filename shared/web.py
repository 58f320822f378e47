"""What every service's Flask app has: OpenAPI, JSON errors in Spanish, health, wiring."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from celery import Celery
from flask import Flask, g, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api
from marshmallow import ValidationError
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from shared import bitacora, correlacion, mensajes_fallidos, metricas_web
from shared.auth import VerificadorTokens, verificador_desde_config
from shared.bus import crear_celery, registrar_consumidor
from shared.config import CLAVE_SERVICIOS_DESARROLLO, Config
from shared.consumidor import atar, comprobar_tabla
from shared.db import crear_engine, crear_session_factory
from shared.entrada import instalar_guardas
from shared.errores import ErrorDeDominio, ErrorTransitorio, ServicioNoDisponible
from shared.esquemas_comunes import ErrorEsquema
from shared.fechas import para_el_cable

SWAGGER_UI = Path(__file__).parent / "static" / "swagger-ui"
log = logging.getLogger(__name__)

_MENSAJES_HTTP = {
    400: "La petición no es válida.",
    401: "Se requiere autenticación.",
    403: "No tiene permiso para esta operación.",
    404: "El recurso no existe.",
    405: "Método no permitido para este recurso.",
    413: "La petición es demasiado grande.",
    415: "El cuerpo de la petición debe ser JSON (Content-Type: application/json).",
    422: "Revise los campos indicados.",
    429: "Demasiados intentos; intente nuevamente en unos minutos.",
}


class ApiServicio(Api):
    """flask-smorest's Api whose documented error is our envelope, not its own default."""

    ERROR_SCHEMA = ErrorEsquema


class ProveedorJson(DefaultJSONProvider):
    """Flask's JSON with our dates: ISO 8601 UTC with offset (never RFC 1123), dates YYYY-MM-DD."""

    ensure_ascii = False
    sort_keys = False

    @staticmethod
    def default(o):
        if isinstance(o, date):  # datetime is a date too
            return para_el_cable(o)
        return DefaultJSONProvider.default(o)


# error.codigo of each HTTP status (docs/glosario.md): Werkzeug's English names never leak.
_CODIGOS_HTTP = {
    400: "peticion_invalida",
    401: "no_autenticado",
    403: "sin_permiso",
    404: "no_encontrado",
    405: "metodo_no_permitido",
    409: "conflicto",
    413: "archivo_demasiado_grande",
    415: "tipo_no_admitido",
    422: "datos_invalidos",
    429: "demasiados_intentos",
}


@dataclass
class Contexto:
    """What a service's views and tasks reach through ``current_app.extensions['mc']``."""

    config: Config
    engine: Engine
    uow_factory: Callable[[], object]
    celery: Celery
    tokens: VerificadorTokens | None = None
    manejadores: dict = field(default_factory=dict)  # event type -> handler, dependencies bound
    al_descartar: Callable | None = None
    precargar: Callable | None = None  # the batch consumer's preload (None: off, or none)


def crear_app_servicio(config: Config, uow_cls, pre_ping: bool = True) -> tuple[Flask, Api]:
    """Flask app of ``config.servicio`` with OpenAPI, error handlers, health and Celery."""
    _exigir_clave_servicios(config)
    servicio = config.servicio
    if not config.testing:
        bitacora.configurar(servicio)  # JSON lines with the service and the request's ids
    app = Flask(f"services.{servicio}")
    app.json = ProveedorJson(app)
    app.config.update(
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        API_TITLE=f"Mi Certificado — {servicio}",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=f"/api/{servicio}",
        OPENAPI_JSON_PATH="openapi.json",
        # Browsable at /api/<servicio>/docs; Swagger UI's files are ours (shared/static), no CDN.
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=f"/api/{servicio}/docs/recursos/",
        MAIL_SERVER=config.mail_server,
        MAIL_PORT=config.mail_port,
        MAIL_USE_TLS=config.mail_use_tls,
        MAIL_USERNAME=config.mail_username,
        MAIL_PASSWORD=config.mail_password,
        MAIL_DEFAULT_SENDER=config.mail_default_sender,
        # flask-mail would silently drop mail under TESTING: tests check the real SMTP path.
        MAIL_SUPPRESS_SEND=False,
    )
    api = ApiServicio(
        app,
        spec_kwargs={
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            }
        },
    )
    _registrar_errores(app)
    instalar_guardas(app)  # before any blueprint: its <int:…> routes use the bounded converter
    _registrar_correlacion(app)
    engine = crear_engine(config, pre_ping=pre_ping)
    session_factory = crear_session_factory(engine)
    celery = crear_celery(config, app)
    app.extensions["mc"] = Contexto(
        config=config,
        engine=engine,
        uow_factory=lambda: uow_cls(session_factory),
        celery=celery,
        tokens=verificador_desde_config(config),
    )
    app.add_url_rule(f"/api/{servicio}/health", "health", _salud)
    app.add_url_rule(
        f"/api/{servicio}/docs/recursos/<path:archivo>", "swagger_ui_recursos", _recurso_swagger
    )
    api.register_blueprint(mensajes_fallidos.blueprint(servicio))  # dead letters (OPERACIONES)
    # /metrics: requests, events, mail… plus the outbox lag and what a service adds here.
    app.extensions["metricas"] = metricas_web.retraso_outbox(servicio, engine)
    metricas_web.instalar(app, servicio, lambda: app.extensions["metricas"])
    return app, api


def _registrar_correlacion(app: Flask) -> None:
    """Each request runs with its request id and correlation id, and answers them in headers."""
    correlacion.instalar_en_logging()

    @app.before_request
    def _entrar():
        g.request_id = g.correlation_id = correlacion.nuevo()  # answered even if a header is bad
        g.request_id = _cabecera(correlacion.CABECERA_PETICION) or g.request_id
        g.correlation_id = _cabecera(correlacion.CABECERA_CORRELACION) or g.request_id
        g._tokens_correlacion = correlacion.fijar(g.correlation_id, g.request_id)

    @app.after_request
    def _responder(respuesta):
        if "request_id" in g:
            respuesta.headers[correlacion.CABECERA_PETICION] = g.request_id
            respuesta.headers[correlacion.CABECERA_CORRELACION] = g.correlation_id
        return respuesta

    @app.teardown_request
    def _salir(_exc):
        tokens = g.pop("_tokens_correlacion", None)
        if tokens is not None:
            correlacion.restablecer(tokens)


def _cabecera(nombre: str) -> str | None:
    """A tracing header from the gateway or the caller; a malformed one is a 422 naming it."""
    valor = request.headers.get(nombre)
    if valor is None or valor == "":
        return None
    if not correlacion.es_valido(valor):
        raise ValidationError(
            {
                nombre: [
                    f"La cabecera {nombre} debe tener de 1 a 128 caracteres: letras, dígitos, "
                    "'.', '_', ':' o '-'."
                ]
            }
        )
    return valor


def _exigir_clave_servicios(config: Config) -> None:
    """Real mode never runs on the published development key: anyone could forge links."""
    if config.embebido or config.testing:
        return
    if config.clave_servicios == CLAVE_SERVICIOS_DESARROLLO or len(config.clave_servicios) < 32:
        raise RuntimeError(
            "CLAVE_SERVICIOS no está definida o es muy corta (mínimo 32 caracteres): "
            "defina una propia, p. ej. `openssl rand -hex 32`."
        )


def conectar_consumidor(
    app: Flask, manejadores: dict, dependencias=None, al_descartar=None, precargar=None
) -> None:
    """Register the service's event task with its handler table (kept for tests and tools).

    ``manejadores`` maps each event type the service receives to ``handler(evento, uow, dep)``;
    ``dependencias`` is what the service passes as ``dep``; ``precargar(eventos, uow)`` reads
    a batch's data at once (shared.consumidor.Precarga), unless PRECARGA_CONSUMO=0.
    """
    ctx: Contexto = app.extensions["mc"]
    comprobar_tabla(ctx.config.servicio, manejadores)
    manejadores = atar(manejadores, dependencias)
    ctx.manejadores = manejadores
    ctx.al_descartar = al_descartar
    ctx.precargar = precargar if ctx.config.precarga_consumo else None
    registrar_consumidor(
        ctx.celery,
        ctx.config.servicio,
        manejadores,
        ctx.uow_factory,
        ctx.config.max_reintentos,
        al_descartar,
        ctx.config.lote_consumo,
        ctx.precargar,
    )


def _recurso_swagger(archivo: str):
    """Swagger UI's vendored files (swagger-ui-dist, Apache-2.0: LICENSE beside them)."""
    from flask import send_from_directory

    return send_from_directory(SWAGGER_UI, archivo, max_age=86400)


def _salud():
    """Database and broker reachable: 200, otherwise 503 naming what failed."""
    from flask import current_app

    ctx: Contexto = current_app.extensions["mc"]
    estado = {"servicio": ctx.config.servicio, "base_de_datos": "ok", "broker": "ok"}
    try:
        with ctx.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # report, do not raise: this is the health check
        log.warning("health: base de datos: %s", exc)
        estado["base_de_datos"] = "error"
    try:
        with ctx.celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        log.warning("health: broker: %s", exc)
        estado["broker"] = "error"
    ok = estado["base_de_datos"] == "ok" and estado["broker"] == "ok"
    estado["estado"] = "ok" if ok else "degradado"
    return jsonify(estado), 200 if ok else 503


def respuesta_error(estado: int, codigo: str, mensaje: str, campos: dict | None = None):
    """The one JSON error shape: {"error": {"codigo", "mensaje", "campos"}}."""
    cuerpo = {"codigo": codigo, "mensaje": mensaje, "campos": campos or {}}
    return jsonify({"error": cuerpo}), estado


def _registrar_errores(app: Flask) -> None:
    @app.errorhandler(ErrorDeDominio)
    def _dominio(exc: ErrorDeDominio):
        campos = {exc.campo: [exc.mensaje]} if exc.campo else None
        return respuesta_error(exc.estado_http, exc.codigo, exc.mensaje, campos)

    @app.errorhandler(ErrorTransitorio)
    def _transitorio(exc: ErrorTransitorio):
        # A dependency is down (a worker would retry): over HTTP, nothing done, try later.
        log.warning("dependencia no disponible: %s", exc)
        return respuesta_error(
            ServicioNoDisponible.estado_http,
            ServicioNoDisponible.codigo,
            "Un servicio necesario no responde; no se hizo ningún cambio. "
            "Intente nuevamente en unos minutos.",
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        campos = _campos_de(getattr(exc, "data", None))
        codigo = exc.code or 500
        if codigo == 400 and campos and any("JSON" in str(m) for m in campos.get("_cuerpo", [])):
            return respuesta_error(
                400, "json_invalido", "El cuerpo de la petición no es JSON válido."
            )
        nombre = _CODIGOS_HTTP.get(codigo) or (exc.name or "error").lower().replace(" ", "_")
        return respuesta_error(
            codigo, nombre, _MENSAJES_HTTP.get(codigo, exc.description or ""), campos
        )

    @app.errorhandler(StaleDataError)
    def _version(exc: StaleDataError):
        # Two people saved the same record at once; the second must reload, not overwrite.
        return respuesta_error(
            409,
            "conflicto",
            "Otra persona modificó este registro al mismo "
            "tiempo; vuelva a cargarlo e intente de nuevo.",
        )

    @app.errorhandler(IntegrityError)
    def _integridad(exc: IntegrityError):
        log.warning("conflicto de integridad: %s", exc.orig)
        return respuesta_error(
            409,
            "conflicto",
            "La operación choca con datos ya registrados "
            "(posible envío duplicado); vuelva a consultar e intente de nuevo.",
        )

    @app.errorhandler(ValidationError)
    def _validacion(exc: ValidationError):
        campos = _aplanar(
            exc.messages if isinstance(exc.messages, dict) else {"_cuerpo": exc.messages}
        )
        return respuesta_error(422, "datos_invalidos", _MENSAJES_HTTP[422], campos)

    @app.errorhandler(Exception)
    def _inesperado(exc: Exception):
        log.exception("error no controlado")
        return respuesta_error(
            500, "error_interno", "Ocurrió un error interno. Intente nuevamente."
        )


def _campos_de(data) -> dict | None:
    """Flatten webargs' {'messages': {'json': {...}}} into {'campo': [mensajes]}."""
    if not isinstance(data, dict) or "messages" not in data:
        return None
    planos: dict = {}
    for mensajes in data["messages"].values():
        if isinstance(mensajes, dict):
            planos.update(_aplanar(mensajes))
        else:
            planos.setdefault("_cuerpo", []).extend(mensajes)
    return planos or None


def _aplanar(mensajes: dict, prefijo: str = "") -> dict:
    """Nested field errors as dotted names: {'calificaciones.0.area': [...]}."""
    planos: dict = {}
    for clave, valor in mensajes.items():
        nombre = f"{prefijo}{clave}"
        if isinstance(valor, dict):
            planos.update(_aplanar(valor, nombre + "."))
        else:
            planos[nombre] = valor
    return planos
