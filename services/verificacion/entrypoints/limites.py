"""Anti-enumeration limits on public lookups (flask-limiter).

Every lookup (page and API) counts against the caller's IP. Wrong document numbers also count
against the certificate itself, from any IP, so a botnet cannot try document numbers on one
code. Counters live in Redis in real mode (every process sees the same counts) and in memory
in embedded mode. Fixed windows: one counter increment per request, cheap on the hot path.
A breach answers 429: the project's JSON error on the API, an HTML page under /v/.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from shared.config import Config
from shared.identificadores import LONGITUD_CODIGO_VIRTUAL, normalizar
from shared.web import respuesta_error

MENSAJE_429 = "Demasiadas consultas desde su conexión; espere unos minutos e intente nuevamente."
MENSAJE_429_DOCUMENTO = (
    "Demasiados intentos con números de documento equivocados para este certificado; "
    "intente nuevamente más tarde."
)


def _codigo() -> str:
    """The certificate a request is about (canonical when well formed)."""
    codigo = (request.view_args or {}).get("codigo", "")
    try:
        return normalizar(codigo, LONGITUD_CODIGO_VIRTUAL)
    except ValueError:
        return codigo[:40]


def _documento_equivocado(respuesta) -> bool:
    return respuesta.status_code == 404


def instalar_limites(
    app: Flask, config: Config, consultas: list[str], con_documento: list[str]
) -> Limiter:
    """Limit ``consultas`` per IP and ``con_documento`` also per certificate (failures only)."""
    if config.proxies_confiables:
        # Behind the gateway every request comes from nginx: trust its X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxies_confiables)
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri=config.ratelimit_storage_uri,
        # The schema names the deployment: two systems sharing one Redis never share counts.
        key_prefix=f"{config.ratelimit_prefijo}:{config.db_schema or config.servicio}",
        strategy="fixed-window",
        headers_enabled=True,
        # Redis down must not take verification down: count in memory until it is back.
        in_memory_fallback_enabled=True,
    )
    limiter.init_app(app)
    por_ip = limiter.shared_limit(config.limite_verificacion_por_ip, scope="verificacion-ip")
    por_codigo = limiter.shared_limit(
        config.limite_verificacion_por_codigo,
        scope="verificacion-documento",
        key_func=_codigo,
        deduct_when=_documento_equivocado,
    )
    for endpoint in consultas:
        vista = por_ip(app.view_functions[endpoint])
        app.view_functions[endpoint] = por_codigo(vista) if endpoint in con_documento else vista

    @app.errorhandler(RateLimitExceeded)
    def _demasiadas_consultas(exc: RateLimitExceeded):
        por_documento = getattr(exc.limit, "scope", "") == "verificacion-documento"
        mensaje = MENSAJE_429_DOCUMENTO if por_documento else MENSAJE_429
        if request.path.startswith("/v/"):
            respuesta = app.make_response((render_template("limite.html", mensaje=mensaje), 429))
        else:
            respuesta, _ = respuesta_error(429, "demasiadas_consultas", mensaje)
            respuesta.status_code = 429
        respuesta.headers["Retry-After"] = str(exc.limit.limit.get_expiry())
        return respuesta

    return limiter
