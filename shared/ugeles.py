"""UGELs are identified by the ministry's code (padrón ESCALE ``CODOOII``); the name is data.

Scopes and filters compare ``codigo_ugel`` ("150103"); ``nombre_ugel`` ("UGEL 03 BREÑA") is only
shown. ``codigo_de_nombre`` maps the free-text names stored before issue 11 to their code, for
the data migrations and the v1 → v2 upcaster of ``InstitucionRegistrada``; a name it does not
know maps to ``None`` (the padrón's next import gives the code), never to a guess.
"""

from __future__ import annotations

import re
import unicodedata

PATRON_CODIGO_UGEL = r"^\d{6}$"
_CODIGO = re.compile(PATRON_CODIGO_UGEL)

# The UGELs of Lima Metropolitana (DRE 150100), the ones the demo and the old data name.
UGELES_LIMA_METROPOLITANA: dict[str, str] = {
    "150101": "UGEL 01 SAN JUAN DE MIRAFLORES",
    "150102": "UGEL 02 RÍMAC",
    "150103": "UGEL 03 BREÑA",
    "150104": "UGEL 04 COMAS",
    "150105": "UGEL 05 SAN JUAN DE LURIGANCHO",
    "150106": "UGEL 06 ATE",
    "150107": "UGEL 07 SAN BORJA",
}
_NUMERO_LIMA = re.compile(r"^UGEL\s*0?([1-7])\b")


def es_codigo_ugel(valor: object) -> bool:
    """Whether ``valor`` is a UGEL code: exactly six digits."""
    return isinstance(valor, str) and bool(_CODIGO.match(valor))


def _sin_tildes(texto: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))


def codigo_de_nombre(nombre: str | None) -> str | None:
    """The code of a UGEL named in free text ("UGEL 03", "UGEL 03 BREÑA"), or None if unknown."""
    if not nombre:
        return None
    limpio = " ".join(_sin_tildes(nombre).upper().split())
    if es_codigo_ugel(limpio):
        return limpio
    numero = _NUMERO_LIMA.match(limpio)
    if numero is None:
        return None
    codigo = f"15010{numero.group(1)}"
    oficial = _sin_tildes(UGELES_LIMA_METROPOLITANA[codigo])[len("UGEL 0N ") :]
    resto = limpio[numero.end() :].strip()
    return codigo if oficial.startswith(resto) else None


def nombre_de_codigo(codigo: str | None) -> str | None:
    """The name a known code has in Lima Metropolitana (data only), else None."""
    return UGELES_LIMA_METROPOLITANA.get(codigo or "")
