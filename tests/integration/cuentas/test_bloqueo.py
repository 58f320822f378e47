"""Lockout with backoff, per account and address, and the audit that records it."""

from __future__ import annotations

import pytest

from tests.integration import datos

pytestmark = pytest.mark.integration

EXTRANO = "203.0.113.66"
COLEGIO = "10.20.30.40"


def _director(cuentas) -> dict:
    ie = cuentas.ie_en_padron(codigo_ugel="150107")
    return cuentas.alta(
        "DIRECTOR_IE",
        datos.especialista("150107"),
        codigo_modular=ie["codigo_modular"],
        anexo=ie["anexo"],
    )


def test_un_extrano_se_bloquea_a_si_mismo_no_al_director(cuentas):
    director = _director(cuentas)
    for _ in range(5):
        assert (
            cuentas.iniciar(director["usuario"], "adivinando-1234", ip=EXTRANO).status_code == 401
        )
    # Even the right password is refused from the stranger's address now, for a minute.
    r = cuentas.iniciar(director["usuario"], director["clave"], ip=EXTRANO)
    assert r.status_code == 429
    assert 50 <= int(r.headers["Retry-After"]) <= 60
    assert r.get_json()["error"] == {
        "codigo": "demasiados_intentos",
        "mensaje": "Demasiados intentos fallidos: por seguridad, espere 1 minuto e intente "
        "nuevamente.",
        "campos": {},
    }
    # The director, at school, signs in as usual.
    assert cuentas.iniciar(director["usuario"], director["clave"], ip=COLEGIO).status_code == 200
    # Backoff: once the minute is over, the next failure locks the stranger for two.
    cuentas.reloj.avanzar(seconds=61)
    assert cuentas.iniciar(director["usuario"], "adivinando-5678", ip=EXTRANO).status_code == 401
    r = cuentas.iniciar(director["usuario"], director["clave"], ip=EXTRANO)
    assert r.status_code == 429 and 110 <= int(r.headers["Retry-After"]) <= 120
    assert "espere 2 minutos" in r.get_json()["error"]["mensaje"]


def test_un_ataque_desde_muchas_direcciones_bloquea_la_cuenta_solo_unos_minutos(cuentas):
    director = _director(cuentas)
    for i in range(20):
        ip = f"198.51.100.{i + 1}"
        assert cuentas.iniciar(director["usuario"], "adivinando-1234", ip=ip).status_code == 401
    r = cuentas.iniciar(director["usuario"], director["clave"], ip=COLEGIO)
    assert r.status_code == 429
    # The attack goes on, from ever new addresses: the account's lock never grows past 5 min.
    for ronda in range(4):
        for i in range(10):
            ip = f"192.0.2.{ronda * 10 + i + 1}"
            cuentas.iniciar(director["usuario"], "adivinando-9999", ip=ip)
        r = cuentas.iniciar(director["usuario"], director["clave"], ip=COLEGIO)
        assert r.status_code == 429
        assert int(r.headers["Retry-After"]) <= 5 * 60
        cuentas.reloj.avanzar(seconds=int(r.headers["Retry-After"]))
    assert cuentas.iniciar(director["usuario"], director["clave"], ip=COLEGIO).status_code == 200


def test_cada_intento_y_bloqueo_queda_en_la_auditoria(cuentas):
    director = _director(cuentas)
    for _ in range(5):
        cuentas.iniciar(director["usuario"], "adivinando-1234", ip=EXTRANO)
    cuentas.iniciar(director["usuario"], director["clave"], ip=EXTRANO)
    cuentas.iniciar(director["usuario"], director["clave"], ip=COLEGIO)
    r = cuentas.cliente.get(
        "/api/cuentas/auditoria",
        query_string={"usuario": director["usuario"], "por_pagina": 50},
        headers=datos.operaciones(),
    )
    assert r.status_code == 200, r.get_json()
    eventos = list(reversed(r.get_json()["eventos"]))
    acciones = [e["accion"] for e in eventos]
    assert acciones == [
        "CUENTA_CREADA",
        "ENLACE_EMITIDO",
        "CLAVE_ESTABLECIDA",
        *["FALLO_INICIO"] * 5,
        "BLOQUEO",
        "INTENTO_BLOQUEADO",
        "INICIO_SESION",
    ]
    bloqueo = eventos[8]
    assert bloqueo["ip"] == EXTRANO
    assert bloqueo["detalle"] == {"tipo": "CUENTA_IP", "segundos": 60, "fallos": 5}
    assert eventos[-1]["ip"] == COLEGIO
    # Only OPERACIONES reads the audit.
    director_token = datos.director(
        {"codigo_modular": director["codigo_modular"], "anexo": director["anexo"]}
    )
    assert cuentas.cliente.get("/api/cuentas/auditoria", headers=director_token).status_code == 403
