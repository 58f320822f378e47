"""The email's signed download link: genuine until it expires, refused when altered."""

from __future__ import annotations

import pytest

from shared.enlaces import EnlaceNoValido, EnlaceVencido, firmar_descarga, verificar_descarga

CODIGO = "7K3M9QXD2HVBN4TA"


def test_un_enlace_vale_hasta_su_vencimiento():
    token = firmar_descarga("secreto", CODIGO, 3600, ahora=1_000_000)
    assert token.startswith("1003600.") and CODIGO not in token
    assert verificar_descarga("secreto", CODIGO, token, ahora=1_003_599) == 1_003_600
    with pytest.raises(EnlaceVencido) as vencido:
        verificar_descarga("secreto", CODIGO, token, ahora=1_003_600)
    assert vencido.value.vence == 1_003_600


@pytest.mark.parametrize(
    "cambio",
    [
        lambda t: t.replace("1003600.", "1090000."),  # a later expiry
        lambda t: t[:-1] + ("B" if t[-1] != "B" else "C"),  # a look-alike last character
        lambda t: t[:-1],
        lambda t: t + "A",
        lambda t: t.split(".")[1],
        lambda _t: "",
        lambda t: t.replace(".", ".ñ\x00"),
    ],
)
def test_un_enlace_alterado_no_vale(cambio):
    token = firmar_descarga("secreto", CODIGO, 3600, ahora=1_000_000)
    with pytest.raises(EnlaceNoValido):
        verificar_descarga("secreto", CODIGO, cambio(token), ahora=1_000_001)


def test_un_enlace_no_sirve_para_otro_codigo_ni_con_otro_secreto():
    token = firmar_descarga("secreto", CODIGO, 3600, ahora=1_000_000)
    for secreto, codigo in (("secreto", "9QXD2HVBN4TA7K3M"), ("otro", CODIGO)):
        with pytest.raises(EnlaceNoValido):
            verificar_descarga(secreto, codigo, token, ahora=1_000_001)
