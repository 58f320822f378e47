"""The one dependencies object of the cuentas handlers: keys, hashing, clock, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.cuentas.adapters.claves import LlaveroCuentas
from services.cuentas.adapters.credenciales import Contrasenas, Totp


def ahora_utc() -> datetime:
    return datetime.now(UTC)


@dataclass
class Dependencias:
    llavero: LlaveroCuentas
    contrasenas: Contrasenas
    totp: Totp
    emisor: str
    audiencia: str
    token_segundos: int
    renovacion: timedelta
    url_panel: str
    reloj: Callable[[], datetime] = ahora_utc

    @classmethod
    def desde_config(cls, config) -> Dependencias:
        return cls(
            llavero=LlaveroCuentas.asegurado(config.claves_cuentas_dir),
            contrasenas=Contrasenas(),
            totp=Totp(),
            emisor=config.token_issuer,
            audiencia=config.token_audience,
            token_segundos=config.token_segundos,
            renovacion=timedelta(hours=config.renovacion_horas),
            url_panel=config.url_panel,
        )
