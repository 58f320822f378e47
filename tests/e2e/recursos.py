"""What an end-to-end module may take without colliding with another one running beside it.

``make test`` runs the e2e in parallel (pytest-xdist, ``--dist loadfile``: a module's tests stay
on one worker, ``gw0``, ``gw1``...), so two modules run at the same time. Everything they take is
derived here, in one place:

- ports: module number ``n`` listens on ``MC_E2E_PUERTO_BASE + 20·n`` (frontends) and the next
  six (the services, ``shared.config.puertos``); its workers' and relay's metrics on
  ``+ 10`` and the next six. Numbers 0–24 stay below ``+ 500``, where ``mc run``
  (``MC_E2E_EMBEBIDO_BASE``, by default apart) and the local TSA (``+ 900``) live. A new module
  takes the next free number (tests/unit/test_recursos_e2e.py checks they are unique);
- Redis databases: ``TEST_REDIS_E2E_URL`` and ``TEST_REDIS_LOTE_URL`` as given on ``gw0``;
  worker ``gwK`` (K > 0) takes them minus 4 + 2K (12, 13 → 6, 7 on ``gw1``), apart from the
  database of ``tests.conftest.REDIS_URL``, which takes 11 − K;
- PostgreSQL schemas, ``var/`` folders and the RabbitMQ virtual host are already this process's
  own (a random prefix, ``tmp_path_factory``, ``conftest.rabbitmq_url``).
"""

from __future__ import annotations

import os

TRABAJADOR = os.environ.get("PYTEST_XDIST_WORKER")
PUERTO_BASE = int(os.environ.get("MC_E2E_PUERTO_BASE", "18000"))
EMBEBIDO_BASE = int(os.environ.get("MC_E2E_EMBEBIDO_BASE", "28000"))


def base(numero: int) -> int:
    """The port base of module ``numero`` (its frontends; the services on the next six)."""
    if not 0 <= numero < 25:
        raise ValueError(f"número de módulo e2e fuera de rango (0–24): {numero}")
    return PUERTO_BASE + 20 * numero


def metricas(base_del_modulo: int) -> int:
    """The metrics port base of the module on ``base_del_modulo`` (relay; workers + number)."""
    return base_del_modulo + 10


def entorno_de_puertos(base_del_modulo: int) -> dict[str, str]:
    """``MC_PUERTO_BASE`` and ``MC_METRICAS_PUERTO_BASE`` for a module's processes.

    Without the second, metrics would default to base + 100: another module's ports.
    """
    return {
        "MC_PUERTO_BASE": str(base_del_modulo),
        "MC_METRICAS_PUERTO_BASE": str(metricas(base_del_modulo)),
    }


def redis_del_trabajador(url: str, trabajador: str | None = TRABAJADOR) -> str:
    """The e2e Redis database ``url`` for xdist worker ``trabajador`` (see the module's text)."""
    k = int(trabajador.removeprefix("gw")) if trabajador else 0
    if k == 0:
        return url
    base_url, _, db = url.rpartition("/")
    return f"{base_url}/{(int(db or 0) - 4 - 2 * k) % 16}"


REDIS_E2E = redis_del_trabajador(os.environ.get("TEST_REDIS_E2E_URL", "redis://127.0.0.1:6379/12"))
REDIS_LOTE = redis_del_trabajador(
    os.environ.get("TEST_REDIS_LOTE_URL", "redis://127.0.0.1:6379/13")
)
