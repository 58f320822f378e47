"""Signed tokens: the email's download link and service credentials, refused when altered."""

from __future__ import annotations

import pytest

from shared.enlaces import (
    EnlaceNoValido,
    EnlaceVencido,
    credencial_de_servicio,
    firmar_descarga,
    servicio_de,
    verificar_descarga,
)

CODIGO = "7K3M9QXD2HVBN4TA"
SECRETO = "clave-interna-de-prueba"


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


def test_una_credencial_de_servicio_nombra_al_servicio_hasta_que_vence():
    credencial = credencial_de_servicio(SECRETO, "verificacion", 300, ahora=1_000)
    assert servicio_de(SECRETO, credencial, ahora=1_200) == "verificacion"
    with pytest.raises(EnlaceVencido):
        servicio_de(SECRETO, credencial, ahora=1_300)


def test_una_credencial_alterada_o_de_otra_clave_se_rechaza():
    credencial = credencial_de_servicio(SECRETO, "verificacion", 300, ahora=1_000)
    _, vence, mac = credencial.split(".")
    for falsa in (
        f"notificaciones.{vence}.{mac}",  # another service's name on the same MAC
        f"verificacion.{int(vence) + 3600}.{mac}",  # a later expiry
        credencial_de_servicio("otra-clave-de-otra-instalacion", "verificacion", 300, ahora=1_000),
        "verificacion",
        "",
    ):
        with pytest.raises(EnlaceNoValido):
            servicio_de(SECRETO, falsa, ahora=1_100)


def test_un_enlace_de_descarga_no_sirve_de_credencial_ni_al_reves():
    token = firmar_descarga(SECRETO, "verificacion", 300, ahora=1_000)
    with pytest.raises(EnlaceNoValido):
        servicio_de(SECRETO, f"verificacion.{token}", ahora=1_100)
    _, _, resto = credencial_de_servicio(SECRETO, "verificacion", 300, ahora=1_000).partition(".")
    with pytest.raises(EnlaceNoValido):
        verificar_descarga(SECRETO, "verificacion", resto, ahora=1_100)
