"""Unguessable public identifiers with a check character.

Citizens type these (código virtual, código de seguimiento), so the alphabet is Crockford's
base 32 (no I, L, O, U) and a Luhn mod 32 check character catches every single mistyped
character and most swaps of neighbours before any lookup is made.
"""

from __future__ import annotations

import secrets

from shared.errores import CodigoMalEscrito
from shared.i18n import N_

ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_N = len(ALFABETO)
_VALOR = {c: i for i, c in enumerate(ALFABETO)}
# Letters people confuse with digits are read as the digit (Crockford's rule).
_EQUIVALENTES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _caracter_control(cuerpo: str) -> str:
    """Luhn mod N over the body, in ALFABETO."""
    factor, suma = 2, 0
    for caracter in reversed(cuerpo):
        sumando = factor * _VALOR[caracter]
        factor = 1 if factor == 2 else 2
        suma += sumando // _N + sumando % _N
    return ALFABETO[(_N - suma % _N) % _N]


def generar(longitud: int) -> str:
    """A random code of ``longitud`` characters, the last one a check character."""
    cuerpo = "".join(secrets.choice(ALFABETO) for _ in range(longitud - 1))
    return cuerpo + _caracter_control(cuerpo)


def normalizar(texto: str, longitud: int, campo: str | None = None) -> str:
    """Canonical form of a typed code: upper case, no separators.

    Raises CodigoMalEscrito (400 ``codigo_mal_escrito``) naming ``campo``, with the message a
    person reads for that kind of code.
    """
    limpio = "".join(texto.split()).replace("-", "").upper().translate(_EQUIVALENTES)
    if (
        len(limpio) != longitud
        or any(c not in _VALOR for c in limpio)
        or _caracter_control(limpio[:-1]) != limpio[-1]
    ):
        raise CodigoMalEscrito(MENSAJES_MAL_ESCRITO.get(campo, _MAL_ESCRITO), campo, texto)
    return limpio


def agrupar(codigo: str, tamano: int = 4) -> str:
    """Print form, in groups separated by hyphens: 7K3M-9QXD-2HVB-N4TS."""
    return "-".join(codigo[i : i + tamano] for i in range(0, len(codigo), tamano))


def nombre_de_descarga(codigo_virtual: str, extension: str) -> str:
    """A certificate's file name, with the grouped código the holder sees on the PDF, the page
    and the e-mail: certificado-7K3M-9QXD-2HVB-N4TS.pdf, whatever form the code came in."""
    canonico = "".join(c for c in codigo_virtual.upper() if c.isalnum())
    return f"certificado-{agrupar(canonico)}.{extension}"


# The example every "mal escrito" message and help text shows: it passes its own check.
EJEMPLO_CODIGO = "7K3M-9QXD-2HVB-N4TS"


# 15 random characters of 5 bits = 75 bits, plus the check character.
LONGITUD_CODIGO_VIRTUAL = 16
# The tracking code a citizen follows a request with is a public lookup key too: same strength.
LONGITUD_SEGUIMIENTO = 16


_MAL_ESCRITO = "El código está mal escrito: revise cada carácter."
MENSAJE_MAL_ESCRITO = (
    N_(  # a literal, for the catalogs of verificacion's pages; shows EJEMPLO_CODIGO
        "El código virtual está mal escrito: revise cada carácter "
        "(16 caracteres, por ejemplo 7K3M-9QXD-2HVB-N4TS)."
    )
)
MENSAJES_MAL_ESCRITO = {
    "codigo_virtual": MENSAJE_MAL_ESCRITO,
    "codigo_seguimiento": "El código de seguimiento está mal escrito: revise cada carácter "
    "(16 caracteres, como se lo dimos al registrar su solicitud).",
}


def leer_codigo_virtual(texto: str) -> str:
    """A código virtual typed or taken from a URL, canonical; CodigoMalEscrito otherwise."""
    return normalizar(texto, LONGITUD_CODIGO_VIRTUAL, "codigo_virtual")


def leer_codigo_seguimiento(texto: str) -> str:
    """A tracking code typed or taken from a URL, canonical; CodigoMalEscrito otherwise."""
    return normalizar(texto, LONGITUD_SEGUIMIENTO, "codigo_seguimiento")


def nuevo_codigo_virtual() -> str:
    """A fresh código virtual (canonical form, no hyphens)."""
    return generar(LONGITUD_CODIGO_VIRTUAL)


def nuevo_codigo_seguimiento() -> str:
    """A fresh tracking code for a solicitud (canonical form)."""
    return generar(LONGITUD_SEGUIMIENTO)
