"""Commands the notificaciones service accepts."""

from __future__ import annotations

from dataclasses import dataclass

from services.notificaciones.adapters.repositorio import FiltroFallidos


@dataclass(frozen=True)
class ReenviarCorreo:
    """A director resends a request's current email, to its address or an alternate one."""

    numero_solicitud: int
    correo_alternativo: str | None = None


@dataclass(frozen=True)
class ReenviarFallido:
    """Operations replay one failed email, maybe to an alternate address."""

    correo_id: int
    correo_alternativo: str | None = None


@dataclass(frozen=True)
class ReenviarFallidos:
    """Operations replay every failed email that matches a filter (at most ``limite``)."""

    filtro: FiltroFallidos
    limite: int = 500
