"""Every date-time an API answers is ISO 8601 in UTC with offset; a date alone is YYYY-MM-DD.

A frontend in Lima reading "Tue, 01 Dec 2026 00:00:00 GMT" as a birth date shows the day
before, and a naive "2026-12-01T15:04:05" is read as local time: both must never leave.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from tests.integration import recorrido

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$")
SOLO_FECHA = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SIN_HORA = {"fecha_nacimiento", "desde", "hasta"}  # dates without time (docs/glosario.md)


def _parece_fecha(texto: str) -> bool:
    """ISO (with or without time or offset) or RFC 1123 ("Tue, 01 Dec 2026 15:04:05 GMT")."""
    try:
        datetime.fromisoformat(texto)
        return len(texto) >= 10 and texto[4] == "-"
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(texto) is not None
    except (TypeError, ValueError, IndexError):
        return False


def fechas_mal_escritas(valor, camino: str = "") -> list[str]:
    """Every date-like string in a JSON value that is not ISO UTC (nor, where due, a date)."""
    if isinstance(valor, dict):
        return [m for k, v in valor.items() for m in fechas_mal_escritas(v, f"{camino}.{k}")]
    if isinstance(valor, list):
        return [m for i, v in enumerate(valor) for m in fechas_mal_escritas(v, f"{camino}[{i}]")]
    if not isinstance(valor, str):
        return []
    if camino.rsplit(".", 1)[-1] in SIN_HORA:
        return [] if SOLO_FECHA.match(valor) else [f"{camino}={valor!r}"]
    if _parece_fecha(valor) and not SOLO_FECHA.match(valor) and not ISO_UTC.match(valor):
        return [f"{camino}={valor!r}"]
    return []


def test_el_detector_rechaza_rfc_1123_y_fechas_sin_zona():
    assert fechas_mal_escritas({"creada_en": "Tue, 01 Dec 2026 15:04:05 GMT"})
    assert fechas_mal_escritas({"en": "2026-12-01T15:04:05.123"})
    assert fechas_mal_escritas({"en": "2026-12-01T10:04:05-05:00"})
    assert fechas_mal_escritas({"fecha_nacimiento": "Thu, 04 Mar 2002 00:00:00 GMT"})
    assert fechas_mal_escritas({"x": [{"fecha_nacimiento": "2002-03-04T00:00:00+00:00"}]})
    assert not fechas_mal_escritas({"en": "2026-12-01T15:04:05.123456+00:00", "n": "2020"})
    assert not fechas_mal_escritas({"fecha_nacimiento": "2002-03-04", "codigo": "A7T6-96SP"})


def test_cada_fecha_de_cada_respuesta_va_en_iso_8601_utc(sistema):
    grabadas = recorrido.grabar(sistema)
    recorrido.recorrer(sistema)

    con_cuerpo = [r for r in grabadas if r.cuerpo is not None]
    assert {r.servicio for r in con_cuerpo} >= {
        "solicitudes",
        "notas",
        "emision",
        "notificaciones",
        "verificacion",
        "cuentas",
    }
    assert len([m for r in con_cuerpo for m in _todas_las_fechas(r.cuerpo)]) >= 10
    malas = [
        f"{r.servicio} {r.metodo} {r.ruta}: {m}"
        for r in con_cuerpo
        for m in fechas_mal_escritas(r.cuerpo)
    ]
    assert not malas, "\n".join(malas)


def _todas_las_fechas(valor):
    """Date-like strings anywhere in a JSON value (to prove the flow saw some)."""
    if isinstance(valor, dict):
        return [f for v in valor.values() for f in _todas_las_fechas(v)]
    if isinstance(valor, list):
        return [f for v in valor for f in _todas_las_fechas(v)]
    return [valor] if isinstance(valor, str) and _parece_fecha(valor) else []
