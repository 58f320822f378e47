"""A reset link by email does not stand in for the second factor of an account that has one."""

from __future__ import annotations


def _enlace_de_recuperacion(cuentas, cuenta: dict) -> str:
    cuentas.reloj.avanzar(minutes=3)  # past the "one email per two minutes" of the first link
    r = cuentas.cliente.post("/api/cuentas/recuperaciones", json={"usuario": cuenta["usuario"]})
    assert r.status_code == 202
    return cuentas.enlace(cuenta["correo"])


def test_quien_tiene_el_correo_no_cambia_el_autenticador_de_operaciones(cuentas):
    cuenta = cuentas.alta("OPERACIONES")
    token = _enlace_de_recuperacion(cuentas, cuenta)

    # Whoever reads the mailbox cannot enrol an authenticator of their own with the link...
    r = cuentas.cliente.post(f"/api/cuentas/enlaces/{token}/totp")
    assert r.status_code == 409
    assert "ya tiene un autenticador" in r.get_json()["error"]["mensaje"]
    # ...nor set a password without the code of the authenticator the account already has.
    sin_codigo = cuentas.cliente.post(
        f"/api/cuentas/enlaces/{token}", json={"clave": "Clave-Del-Intruso-1"}
    )
    assert sin_codigo.status_code == 422
    assert "codigo_totp" in sin_codigo.get_json()["error"]["campos"]
    assert cuentas.iniciar(cuenta["usuario"], "Clave-Del-Intruso-1").status_code == 401

    # The owner, with their authenticator, resets the password; the authenticator stays.
    codigo = cuentas.codigo(cuenta["totp_secreto"], pasos=1)
    r = cuentas.cliente.post(
        f"/api/cuentas/enlaces/{token}", json={"clave": "Nueva-Clave-2026", "codigo_totp": codigo}
    )
    assert r.status_code == 200, r.get_json()
    cuentas.reloj.avanzar(seconds=30)
    siguiente = cuentas.codigo(cuenta["totp_secreto"], pasos=1)
    r = cuentas.iniciar(cuenta["usuario"], "Nueva-Clave-2026", siguiente)
    assert r.status_code == 200, r.get_json()


def test_los_codigos_equivocados_en_el_enlace_cuentan_como_fallos(cuentas):
    cuenta = cuentas.alta("OACIGED")
    token = _enlace_de_recuperacion(cuentas, cuenta)
    for _ in range(5):
        r = cuentas.cliente.post(
            f"/api/cuentas/enlaces/{token}",
            json={"clave": "Clave-Del-Intruso-1", "codigo_totp": "000000"},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        )
        assert r.status_code == 422
    r = cuentas.cliente.post(
        f"/api/cuentas/enlaces/{token}",
        json={"clave": "Clave-Del-Intruso-1", "codigo_totp": "000001"},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert r.status_code == 429  # a 6-digit code cannot be tried a million times in an hour
    assert r.headers["Retry-After"]
