"""A "mal escrito" message shows an example code that passes its own check (issue 11)."""

from __future__ import annotations


def test_el_ejemplo_de_los_mensajes_de_codigo_mal_escrito_pasa_su_propio_control():
    from shared.identificadores import (
        EJEMPLO_CODIGO,
        LONGITUD_CODIGO_VIRTUAL,
        MENSAJE_MAL_ESCRITO,
        normalizar,
    )

    assert normalizar(EJEMPLO_CODIGO, LONGITUD_CODIGO_VIRTUAL) == EJEMPLO_CODIGO.replace("-", "")
    assert EJEMPLO_CODIGO in MENSAJE_MAL_ESCRITO
