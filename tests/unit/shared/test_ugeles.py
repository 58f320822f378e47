"""UGELs by code: the names stored before issue 11 map to their code, or to nothing."""

from __future__ import annotations

import pytest

from shared.ugeles import codigo_de_nombre, es_codigo_ugel


@pytest.mark.parametrize(
    "nombre, codigo",
    [
        ("UGEL 03", "150103"),
        ("UGEL 03 BREÑA", "150103"),
        ("ugel 3  brena", "150103"),  # case, accents and spaces do not matter
        ("UGEL 01 SAN JUAN", "150101"),
        ("UGEL 07 SAN BORJA", "150107"),
        ("150104", "150104"),
        ("UGEL 03 COMAS", None),  # number and name disagree: no guess
        ("UGEL 09", None),  # outside Lima Metropolitana: the padrón gives it
        ("", None),
        (None, None),
    ],
)
def test_codigo_de_un_nombre_de_ugel(nombre, codigo):
    assert codigo_de_nombre(nombre) == codigo


@pytest.mark.parametrize(
    "valor, valido", [("150103", True), ("15010", False), ("UGEL 03", False), (150103, False)]
)
def test_un_codigo_de_ugel_tiene_seis_digitos(valor, valido):
    assert es_codigo_ugel(valor) is valido
