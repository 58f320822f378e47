"""Guards on raw input that every service shares: path integers, JSON nesting, lone surrogates.

They run before any view or parser sees the request, so a hostile body or URL is a 4xx in the
common envelope on every route instead of a 500 in the database or the JSON decoder.
"""

from __future__ import annotations

import re
from itertools import accumulate

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from shared.errores import ErrorDeDominio

MAX_ENTERO = 2**31 - 1  # what an INTEGER column holds, on every engine
MAX_ANIDAMIENTO = 32  # the deepest body taken (grades with competencies nest 5 levels)

_CADENA = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# \uD800–\uDBFF without its low half, or \uDC00–\uDFFF without its high half: text that
# cannot be written as UTF-8 (in the database, a hash, or the JSON answer that echoes it).
_SURROGADO_SUELTO = re.compile(
    rb"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?<!\\)(?:\\\\)*\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_PASO = [0] * 256
for _abre, _cierra in (b"[]", b"{}"):
    _PASO[_abre], _PASO[_cierra] = 1, -1


class EnteroAcotado(IntegerConverter):
    """``<int:…>`` limited to what the tables hold: a larger id matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ENTERO, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class CuerpoNoAdmitido(ErrorDeDominio):
    estado_http = 400
    codigo = "json_invalido"


def instalar_guardas(app: Flask) -> None:
    """Bound ``<int:…>`` path ids and check JSON bodies before any view runs."""
    app.url_map.converters["int"] = EnteroAcotado
    app.before_request(_revisar_json)


def _revisar_json() -> None:
    if not request.is_json:
        return
    cuerpo = request.get_data(cache=True)
    if excede_anidamiento(cuerpo):
        raise CuerpoNoAdmitido(
            f"El cuerpo de la petición tiene más de {MAX_ANIDAMIENTO} niveles de anidamiento."
        )
    if b"\\u" in cuerpo and _SURROGADO_SUELTO.search(cuerpo):
        raise CuerpoNoAdmitido(
            "El cuerpo de la petición contiene un carácter Unicode incompleto (\\uD800–\\uDFFF)."
        )


def excede_anidamiento(cuerpo: bytes, maximo: int = MAX_ANIDAMIENTO) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than ``maximo``."""
    if cuerpo.count(b"[") + cuerpo.count(b"{") <= maximo:
        return False  # it cannot nest deeper than it has brackets: the usual case, two counts
    sin_cadenas = _CADENA.sub(b"", cuerpo)
    return max(accumulate(map(_PASO.__getitem__, sin_cadenas)), default=0) > maximo
