"""The demo's and the tests' TOTP codes: never a step cuentas has already accepted."""

import pyotp

from herramientas import demo
from services.cuentas.adapters.credenciales import Totp


def test_dos_ingresos_seguidos_reciben_codigos_que_cuentas_acepta_ambos():
    secreto = pyotp.random_base32()
    totp = Totp()
    ultimo = 0
    for _ in range(2):  # two sign-ins within the same 30 seconds
        paso = totp.paso_valido(secreto, demo.codigo_totp(secreto), ultimo)
        assert paso is not None and paso > ultimo
        ultimo = paso


def test_un_tercer_ingreso_espera_al_paso_siguiente(monkeypatch):
    secreto = pyotp.random_base32()
    reloj = [1_000_000 * 30 + 1.0]
    monkeypatch.setattr(demo.time, "time", lambda: reloj[0])
    monkeypatch.setattr(demo.time, "sleep", lambda s: reloj.__setitem__(0, reloj[0] + s))
    codigos = [demo.codigo_totp(secreto) for _ in range(3)]
    t = pyotp.TOTP(secreto)
    assert codigos[:2] == [t.at(1_000_000 * 30), t.at(1_000_001 * 30)]
    assert codigos[2] == t.at(1_000_002 * 30)  # it waited into the next step
    assert reloj[0] >= 1_000_001 * 30
