"""When Redis does not answer, lookups go on, counted in memory, without a timeout each."""

from __future__ import annotations

import pytest

from services.verificacion.entrypoints.limites import Limites
from shared.config import Config

pytestmark = pytest.mark.integration


def _config(**entorno) -> Config:
    return Config.desde_entorno("verificacion", {"MC_VAR_DIR": "/tmp/issue-7-nada", **entorno})


def test_sin_redis_se_cuenta_en_memoria_y_no_se_reintenta_en_cada_consulta():
    reloj = [100.0]
    limites = Limites(
        _config(
            RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", LIMITE_VERIFICACION_POR_IP="2 per minute"
        ),
        reloj=lambda: reloj[0],
    )
    assert limites.consumir_ip("1.1.1.1") is None  # Redis refused: counted in memory
    assert limites._sin_compartido_hasta == 100.0 + Limites.PAUSA
    assert limites.consumir_ip("1.1.1.1") is None
    assert limites.consumir_ip("1.1.1.1") is not None  # the limit still holds
