"""Dates on the wire: one rule for every service (ISO 8601, UTC with offset); Peru's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Peru's time: what people read (PDF dates, pages, emails) and the day a citizen's age counts.
LIMA = ZoneInfo("America/Lima")


def en_utc(momento: datetime) -> datetime:
    """The same instant in UTC; a naive value (SQLite hands them back) was written in UTC."""
    if momento.tzinfo is None:
        return momento.replace(tzinfo=UTC)
    return momento.astimezone(UTC)


def para_el_cable(valor: date) -> str:
    """A date-time as ISO 8601 in UTC with offset; a date without time as YYYY-MM-DD."""
    if isinstance(valor, datetime):
        return en_utc(valor).isoformat()
    return valor.isoformat()


def hoy_en_lima() -> date:
    """Today in Peru: ages are counted on the citizen's calendar."""
    return datetime.now(LIMA).date()
