"""Request schemas of the emision API (responses: esquemas_salida)."""

from __future__ import annotations

from shared.campos import Esquema, Texto
from shared.esquemas_comunes import largo


class AnulacionEsquema(Esquema):
    motivo_anulacion = Texto(required=True, validate=largo(10, 500))
