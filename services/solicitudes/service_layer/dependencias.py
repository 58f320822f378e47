"""The one dependencies object of the solicitudes handlers: identity registry, clock, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from services.solicitudes.domain.identidad import RegistroIdentidad
from shared.fechas import hoy_en_lima


@dataclass(frozen=True)
class Dependencias:
    registro: RegistroIdentidad  # who people are (a table here, or what the factory was given)
    # A request EN EMISIÓN unanswered this long (s, the reconciliation window) is stuck and may
    # be ordered again or rejected; None: never.
    atascada_tras: float | None = None
    hoy: Callable[[], date] = hoy_en_lima  # ages are counted on the citizen's calendar
