"""Per-IP, per-IP-and-certificate and backstop counters (in memory, as in embedded mode)."""

from __future__ import annotations

from services.verificacion.entrypoints.limites import (
    MENSAJE_429_ATAQUE,
    MENSAJE_429_DOCUMENTO,
    Limites,
)
from shared.config import Config


def _config(**entorno) -> Config:
    return Config.desde_entorno("verificacion", {"MC_VAR_DIR": "/tmp/issue-7-nada", **entorno})


def test_cada_ip_tiene_su_cuenta():
    limites = Limites(_config(LIMITE_VERIFICACION_POR_IP="2 per minute"))
    assert [limites.consumir_ip("1.1.1.1") for _ in range(2)] == [None, None]
    roto = limites.consumir_ip("1.1.1.1")
    assert roto is not None and roto.get_expiry() == 60
    assert limites.consumir_ip("2.2.2.2") is None


def test_los_fallos_bloquean_al_que_adivina_no_al_titular():
    limites = Limites(
        _config(
            LIMITE_VERIFICACION_POR_IP_Y_CODIGO="2 per hour",
            LIMITE_VERIFICACION_POR_CODIGO="4 per day",
            LIMITE_VERIFICACION_BAJO_ATAQUE="1 per day",
        )
    )
    for _ in range(2):
        assert limites.documento_bloqueado("6.6.6.6", "ABC") is None
        limites.contar_fallo("6.6.6.6", "ABC")
    roto, mensaje = limites.documento_bloqueado("6.6.6.6", "ABC")
    assert roto.get_expiry() == 3600 and mensaje == MENSAJE_429_DOCUMENTO
    assert limites.documento_bloqueado("6.6.6.6", "XYZ") is None  # another certificate
    assert limites.documento_bloqueado("1.1.1.1", "ABC") is None  # the holder's IP
    # Two more failures from elsewhere pass the backstop: every IP that failed is stopped...
    limites.contar_fallo("7.7.7.7", "ABC")
    assert limites.documento_bloqueado("7.7.7.7", "ABC") is None  # backstop not yet passed
    limites.contar_fallo("8.8.8.8", "ABC")
    for ip in ("7.7.7.7", "8.8.8.8"):
        assert limites.documento_bloqueado(ip, "ABC")[1] == MENSAJE_429_ATAQUE
    # ...an IP that did not fail still gets its try.
    assert limites.documento_bloqueado("1.1.1.1", "ABC") is None
