"""Dates on the wire: one rule for every service (ISO 8601, UTC with offset)."""

from __future__ import annotations

from datetime import UTC, date, datetime


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
