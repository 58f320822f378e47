"""Abuse limits on the public intake: per IP and per document number (flask-limiter).

Identity validation and submission share both limits, so alternating the two endpoints gains
nothing. Counters live in Redis in real mode (every process sees the same counts) and in
memory in embedded mode. A breach answers 429 in the project's error shape with Retry-After.
"""

from __future__ import annotations

import time

from flask import Flask, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from shared.config import Config
from shared.documentos import normalizar_numero
from shared.web import respuesta_error


def _documento() -> str:
    """The student's document the request is about: 'CE:001112311'."""
    cuerpo = request.get_json(silent=True)
    if not isinstance(cuerpo, dict):
        return ""
    tipo, numero = cuerpo.get("tipo_documento"), cuerpo.get("numero_documento")
    if not isinstance(tipo, str) or not isinstance(numero, str) or not numero.strip():
        return ""
    return f"{tipo.strip().upper()}:{normalizar_numero(numero)}"


def _sin_documento() -> bool:
    return not _documento()


def instalar_limites(app: Flask, config: Config, endpoints: list[str]) -> Limiter:
    """Limit the views of ``endpoints`` per IP and per document; answer breaches in Spanish.

    The limiter belongs to this app (tests create many apps): each view is wrapped in place,
    so the check runs before the body is parsed.
    """
    if config.proxies_confiables:
        # Behind the gateway every request comes from nginx: trust its X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxies_confiables)
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri=config.ratelimit_storage_uri,
        key_prefix=config.ratelimit_prefijo,
        strategy="moving-window",
        headers_enabled=True,
        # Redis down must not close the intake: count in memory until it is back.
        in_memory_fallback_enabled=True,
    )
    limiter.init_app(app)
    por_ip = limiter.shared_limit(config.limite_por_ip, scope="intake-ip")
    por_documento = limiter.shared_limit(
        config.limite_por_documento,
        scope="intake-documento",
        key_func=_documento,
        exempt_when=_sin_documento,
    )
    for endpoint in endpoints:
        app.view_functions[endpoint] = por_documento(por_ip(app.view_functions[endpoint]))

    _responder_en_castellano(app, limiter)
    return limiter


def _responder_en_castellano(app: Flask, limiter: Limiter) -> None:
    @app.errorhandler(RateLimitExceeded)
    def _demasiados_intentos(exc: RateLimitExceeded):
        respuesta, estado = respuesta_error(
            429,
            "demasiados_intentos",
            "Demasiados intentos; espere unos minutos e intente nuevamente.",
        )
        respuesta.headers["Retry-After"] = str(_segundos_de_espera(limiter, exc))
        return respuesta, estado


def _segundos_de_espera(limiter: Limiter, exc: RateLimitExceeded) -> int:
    """Until the breached limit lets one more request in."""
    limite = exc.limit
    try:
        alcance = limite.scope_for(request.endpoint or "", request.method)
        reinicio, _ = limiter.limiter.get_window_stats(limite.limit, limite.key_func(), alcance)
        return max(1, int(reinicio - time.time()) + 1)
    except Exception:  # the storage may be down: the window length is a safe upper bound
        return limite.limit.get_expiry()
