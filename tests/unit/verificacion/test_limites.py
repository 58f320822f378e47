"""Per-IP and per-certificate counters (in memory, as in embedded mode)."""

from __future__ import annotations

from services.verificacion.entrypoints.limites import Limites
from shared.config import Config


def _config(**entorno) -> Config:
    return Config.desde_entorno("verificacion", {"MC_VAR_DIR": "/tmp/issue-7-nada", **entorno})


def test_cada_ip_tiene_su_cuenta_y_los_fallos_se_cuentan_por_certificado():
    limites = Limites(
        _config(
            LIMITE_VERIFICACION_POR_IP="2 per minute", LIMITE_VERIFICACION_POR_CODIGO="1 per hour"
        )
    )
    assert [limites.consumir_ip("1.1.1.1") for _ in range(2)] == [None, None]
    roto = limites.consumir_ip("1.1.1.1")
    assert roto is not None and roto.get_expiry() == 60
    assert limites.consumir_ip("2.2.2.2") is None
    assert limites.codigo_bloqueado("ABC") is None
    limites.contar_fallo("ABC")
    assert limites.codigo_bloqueado("ABC") is not None and limites.codigo_bloqueado("XYZ") is None
