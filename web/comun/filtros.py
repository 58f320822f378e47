"""Jinja filters: dates as the ministry writes them (DD/MM/AAAA, Lima time)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LIMA = ZoneInfo("America/Lima")


def fecha_hora(valor) -> str:
    """ISO 8601 (UTC) → 20/03/2021 14:25:15 in Lima time; '' for nothing."""
    if not valor:
        return ""
    momento = datetime.fromisoformat(str(valor)) if not isinstance(valor, datetime) else valor
    if momento.tzinfo is not None:
        momento = momento.astimezone(LIMA)
    return momento.strftime("%d/%m/%Y %H:%M:%S")


def fecha(valor) -> str:
    """ISO date or date-time → 20/03/2021."""
    if not valor:
        return ""
    if isinstance(valor, date) and not isinstance(valor, datetime):
        return valor.strftime("%d/%m/%Y")
    texto = str(valor)
    if len(texto) == 10:
        return date.fromisoformat(texto).strftime("%d/%m/%Y")
    return fecha_hora(texto)[:10]


def registrar(app) -> None:
    """Install the filters on an app."""
    app.jinja_env.filters["fecha_hora"] = fecha_hora
    app.jinja_env.filters["fecha"] = fecha
