"""The one dependencies object of the notas handlers: the clock (notas calls no one else)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


def ahora_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Dependencias:
    reloj: Callable[[], datetime] = field(default=ahora_utc)
