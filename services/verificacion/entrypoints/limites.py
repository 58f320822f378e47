"""Anti-enumeration limits on public lookups, with the `limits` library (what flask-limiter uses).

Every lookup (page and API) counts against the caller's IP. Wrong document numbers count
against the guesser, not the holder: per IP and certificate, so a right number from another IP
is still served; plus a backstop per certificate (any IP) that, once passed, leaves each IP one
wrong number per day on it, so a botnet is bounded too. Counters live in Redis in real mode
(every process sees the same counts) and in memory in embedded mode; fixed windows. A breach
answers 429: the project's JSON error on the API, an HTML page under /v/, with Retry-After.

Why not flask-limiter's decorators: measured on this service they cost about 0.5 ms of CPU per
lookup (two evaluations per request and its bookkeeping), as much as the lookup itself; these
few lines cost one counter increment.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, make_response, render_template, request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from shared.config import Config
from shared.errores import CodigoMalEscrito
from shared.i18n import N_
from shared.identificadores import leer_codigo_virtual
from shared.web import respuesta_error

log = logging.getLogger(__name__)

MENSAJE_429 = N_(
    "Demasiadas consultas desde su conexión; espere unos minutos e intente nuevamente."
)
MENSAJE_429_DOCUMENTO = N_(
    "Demasiados intentos con números de documento equivocados para este certificado "
    "desde su conexión; intente nuevamente más tarde."
)
MENSAJE_429_ATAQUE = N_(
    "Este certificado recibió demasiados intentos con números de documento equivocados: "
    "desde su conexión ya no se admiten más intentos hoy. Si es el titular, use el enlace "
    "de descarga de su correo."
)


class Limites:
    """Counters per IP and per certificate; in memory while the shared storage is unreachable."""

    PAUSA = 30.0  # after a failure, seconds before the shared storage is tried again

    def __init__(self, config: Config, reloj=time.monotonic):
        self.prefijo = f"{config.ratelimit_prefijo}:{config.db_schema or config.servicio}"
        # Empty in real mode behind the gateway, which limits each address itself (nginx
        # limit_req, deploy/nginx.conf): a lookup then costs the app no counter at all.
        self.por_ip = _limites(config.limite_verificacion_por_ip)
        self.por_ip_y_codigo = parse_many(config.limite_verificacion_por_ip_y_codigo)
        self.por_codigo = parse_many(config.limite_verificacion_por_codigo)  # the backstop
        self.bajo_ataque = parse_many(config.limite_verificacion_bajo_ataque)
        uri = config.ratelimit_storage_uri
        # A Redis that does not answer must cost a lookup milliseconds, not a hang.
        opciones = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
        almacen = storage_from_string(uri, **opciones) if uri.startswith("redis") else None
        self._compartido = FixedWindowRateLimiter(almacen or storage_from_string(uri))
        self._local = FixedWindowRateLimiter(MemoryStorage())
        self._reloj = reloj
        self._sin_compartido_hasta = 0.0

    def consumir_ip(self, ip: str) -> RateLimitItem | None:
        """Count one lookup from ``ip``; the limit it broke, or None."""
        if not self.por_ip:
            return None
        return self._hacer(lambda e: self._contar(e, self.por_ip, "ip", ip))

    def _contar(self, estrategia, limites: list, *claves: str) -> RateLimitItem | None:
        """Every counter of a lookup in one Redis round trip (limits would take one each)."""
        almacen = estrategia.storage
        if not isinstance(almacen, RedisStorage):
            return _primero_roto(estrategia.hit, limites, self.prefijo, *claves)
        tubo = almacen.storage.pipeline(transaction=False)
        for limite in limites:  # the same keys and expiry as limits' own fixed window
            llave = almacen.prefixed_key(limite.key_for(self.prefijo, *claves))
            tubo.incrby(llave, 1)
            tubo.expire(llave, limite.get_expiry(), nx=True)
        cuentas = tubo.execute()[::2]
        return next((x for x, n in zip(limites, cuentas, strict=True) if n > x.amount), None)

    def documento_bloqueado(self, ip: str, codigo: str) -> tuple[RateLimitItem, str] | None:
        """Why ``ip`` may not try a document number on ``codigo`` now (limit, message), or None."""
        return self._hacer(lambda e: self._bloqueo(e, ip, codigo))

    def _bloqueo(self, estrategia, ip: str, codigo: str) -> tuple[RateLimitItem, str] | None:
        probar = estrategia.test
        roto = _primero_roto(probar, self.por_ip_y_codigo, self.prefijo, "ipdoc", ip, codigo)
        if roto is not None:
            return roto, MENSAJE_429_DOCUMENTO
        if _primero_roto(probar, self.por_codigo, self.prefijo, "doc", codigo) is None:
            return None
        # Under attack: only IPs that have not failed on this code today may still try.
        roto = _primero_roto(probar, self.bajo_ataque, self.prefijo, "ataque", ip, codigo)
        return (roto, MENSAJE_429_ATAQUE) if roto is not None else None

    def contar_fallo(self, ip: str, codigo: str) -> None:
        """One more wrong document number tried on ``codigo`` from ``ip``."""

        def contar(e):
            self._contar(e, self.por_ip_y_codigo, "ipdoc", ip, codigo)
            self._contar(e, self.bajo_ataque, "ataque", ip, codigo)
            self._contar(e, self.por_codigo, "doc", codigo)

        self._hacer(contar)

    def _hacer(self, accion):
        if self._reloj() < self._sin_compartido_hasta:
            return accion(self._local)
        try:
            return accion(self._compartido)
        except Exception as exc:  # Redis down must not take verification down: count locally
            log.warning("límites: almacenamiento compartido no disponible (%s)", exc)
            self._sin_compartido_hasta = self._reloj() + self.PAUSA
            return accion(self._local)


def _limites(texto: str) -> list[RateLimitItem]:
    return parse_many(texto) if texto.strip() else []


def _primero_roto(probar, limites: list[RateLimitItem], *claves: str) -> RateLimitItem | None:
    return next((limite for limite in limites if not probar(limite, *claves)), None)


def _codigo() -> str:
    argumentos = request.view_args or {}  # API {codigo_virtual}, page /v/<codigo>
    codigo = argumentos.get("codigo_virtual") or argumentos.get("codigo", "")
    try:
        return leer_codigo_virtual(codigo)
    except CodigoMalEscrito:
        return codigo[:40]


def instalar_limites(
    app: Flask, config: Config, consultas: list[str], con_documento: list[str]
) -> Limites:
    """Limit ``consultas`` per IP and ``con_documento`` also per certificate (failures only)."""
    if config.proxies_confiables:
        # Behind the gateway every request comes from nginx: trust its X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxies_confiables)
    limites = Limites(config)
    consultas, con_documento = frozenset(consultas), frozenset(con_documento)

    @app.before_request
    def _antes():
        if request.endpoint not in consultas:
            return None
        roto = limites.consumir_ip(request.remote_addr or "")
        if roto is not None:
            return _demasiadas(roto, MENSAJE_429)
        bloqueo = None
        if request.endpoint in con_documento:
            bloqueo = limites.documento_bloqueado(request.remote_addr or "", _codigo())
        return _demasiadas(*bloqueo) if bloqueo is not None else None

    @app.after_request
    def _despues(respuesta):
        if request.endpoint in con_documento and respuesta.status_code == 404:
            # Only wrong numbers count, against this IP on this certificate and the backstop.
            limites.contar_fallo(request.remote_addr or "", _codigo())
        return respuesta

    return limites


def _demasiadas(limite: RateLimitItem, mensaje: str):
    if request.path.startswith("/v/"):
        respuesta = make_response(render_template("limite.html", mensaje=mensaje), 429)
    else:
        respuesta, _ = respuesta_error(429, "demasiados_intentos", mensaje)
        respuesta.status_code = 429
    respuesta.headers["Retry-After"] = str(limite.get_expiry())
    return respuesta
