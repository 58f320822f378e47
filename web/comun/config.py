"""Configuration of a web frontend, read from environment variables in this one place.

Embedded mode: each service at its local port (shared.config.puertos). Real mode: every API
behind the gateway (``MC_GATEWAY_URL``); ``URL_<SERVICIO>`` overrides one service's base URL.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from shared.config import SERVICIOS, puertos


@dataclass(frozen=True)
class ConfigWeb:
    """Settings of one frontend process."""

    nombre: str
    urls: dict[str, str]
    clave_secreta: str
    # Where sessions live: "memoria://" (tests, one process), "redis://…", or a folder path.
    almacen_sesiones: str = "memoria://"
    cookie_segura: bool = True
    minutos_sesion: int = 30  # inactivity; then sign in again and return to the same screen
    horas_sesion_maximas: float = 12.0
    prefijo_url: str = ""  # "/panel" behind the gateway
    timeout_api: float = 15.0
    proxies_confiables: int = 0  # reverse proxies whose X-Forwarded-* are trusted (nginx: 1)
    testing: bool = False
    # The help channel the layout shows (the seed's «Formulario de ayuda» / buzón).
    ayuda_correo: str = "buzonmicertificado@minedu.gob.pe"
    ayuda_url: str = ""
    extras: dict = field(default_factory=dict)

    def con(self, **cambios) -> ConfigWeb:
        """A copy with some settings changed (tests pass their config this way)."""
        return replace(self, **cambios)

    @classmethod
    def desde_entorno(cls, nombre: str, entorno: Mapping[str, str] | None = None) -> ConfigWeb:
        """Build the configuration of frontend ``nombre`` from environment variables."""
        env = os.environ if entorno is None else entorno
        base = int(env.get("MC_PUERTO_BASE", "8000"))
        var_dir = Path(env.get("MC_VAR_DIR", "var")).resolve()
        embebido = env.get("DATABASE_URL", "sqlite").startswith("sqlite")
        return cls(
            nombre=nombre,
            urls=urls_servicios(env, base),
            clave_secreta=env.get("MC_WEB_CLAVE_SECRETA") or _clave_local(var_dir, nombre),
            almacen_sesiones=_almacen_sesiones(env, var_dir, nombre),
            # Secure off only for the embedded http://127.0.0.1 demo.
            cookie_segura=_bool(env.get("MC_WEB_COOKIE_SEGURA"), not embebido),
            minutos_sesion=int(env.get("MC_WEB_MINUTOS_SESION", "30")),
            prefijo_url=env.get(f"MC_PREFIJO_{nombre.upper()}", "").rstrip("/"),
            ayuda_url=env.get("MC_AYUDA_URL", ""),
            proxies_confiables=int(env.get("MC_WEB_PROXIES", "0")),
            ayuda_correo=env.get("MC_AYUDA_CORREO", cls.ayuda_correo),
        )


def urls_servicios(env: Mapping[str, str], base: int = 8000) -> dict[str, str]:
    """Base URL of each service's API: the gateway in real mode, local ports embedded."""
    pasarela = env.get("MC_GATEWAY_URL", "").rstrip("/")
    locales = puertos(base)
    urls = {}
    for servicio in SERVICIOS:
        defecto = pasarela or f"http://127.0.0.1:{locales[servicio]}"
        urls[servicio] = env.get(f"URL_{servicio.upper()}_API", defecto).rstrip("/")
    return urls


def _almacen_sesiones(env: Mapping[str, str], var_dir: Path, nombre: str) -> str:
    """MC_WEB_SESIONES, else the Redis the system already has (broker or limiter), else a
    folder under var/ (embedded mode, or one process without Redis)."""
    if env.get("MC_WEB_SESIONES"):
        return env["MC_WEB_SESIONES"]
    for clave in ("BROKER_URL", "RATELIMIT_STORAGE_URI"):
        if env.get(clave, "").startswith(("redis://", "rediss://")):
            return env[clave]
    return str(var_dir / "sesiones" / nombre)


def _bool(valor: str | None, defecto: bool) -> bool:
    if not valor:
        return defecto
    return valor.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def _clave_local(var_dir: Path, nombre: str) -> str:
    """A per-installation secret kept under var/ (embedded mode), made on first use."""
    archivo = var_dir / "claves-web" / f"{nombre}.clave"
    if archivo.exists():
        return archivo.read_text().strip()
    archivo.parent.mkdir(parents=True, exist_ok=True)
    clave = secrets.token_urlsafe(32)
    archivo.write_text(clave)
    archivo.chmod(0o600)
    return clave
