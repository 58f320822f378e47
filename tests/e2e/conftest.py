"""The broker the end-to-end tests run on: Redis and RabbitMQ, one parametrised fixture.

``broker_e2e`` is ``redis`` or ``rabbitmq``; a test module asks it for a URL (``url(redis)``,
with the module's own Redis database) and empties that broker before it starts its processes.
RabbitMQ runs in a virtual host of its own per session (created with rabbitmqctl when it is
available, so parallel checkouts never share queues), ``TEST_AMQP_URL`` without the vhost.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass

import pytest
import redis
from kombu import Connection

from shared.config import SERVICIOS
from tests.conftest import _requerido

# Seconds each module took (setup + tests + teardown, ``--durations``, two at a time on two
# cores). ``make test`` runs the modules heaviest first (``--no-loadscope-reorder``): xdist's own
# order, by number of tests, left the one-test panel journeys for last, and the run waited for
# them on one worker while the other sat idle. A module not listed goes first, to be safe.
DURACION_E2E = {
    "test_panel_navegador.py": 190,
    "test_lote_worker_caido.py": 165,
    "test_panel_ugel_oaciged_navegador.py": 120,
    "test_solicitud_web_en_navegador.py": 75,
    "test_operaciones_navegador.py": 72,
    "test_punta_a_punta.py": 49,
    "test_verificador_en_navegador.py": 47,
    "test_entrega_garantizada.py": 46,
    "test_observabilidad.py": 36,
    "test_modo_embebido.py": 32,
    "test_navegador.py": 21,
    "test_correo_punta_a_punta.py": 15,
}


def pytest_collection_modifyitems(items) -> None:
    """The e2e modules heaviest first, in the places the e2e had; each module's tests in order."""
    lugares = [i for i, item in enumerate(items) if item.nodeid.startswith("tests/e2e/")]
    e2e = [items[i] for i in lugares]
    orden = {id(item): n for n, item in enumerate(e2e)}
    e2e.sort(key=lambda item: (-DURACION_E2E.get(item.path.name, float("inf")), orden[id(item)]))
    for i, item in zip(lugares, e2e, strict=True):
        items[i] = item


AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672").rstrip("/")


def _rabbitmqctl(*args: str) -> bool:
    if shutil.which("rabbitmqctl") is None:
        return False
    r = subprocess.run(["rabbitmqctl", *args], capture_output=True, timeout=120, check=False)
    return r.returncode == 0


@pytest.fixture(scope="session")
def rabbitmq_url():
    """A RabbitMQ virtual host for this session (the default one if it cannot be created)."""
    vhost = f"mc_e2e_{uuid.uuid4().hex[:8]}"
    propio = _rabbitmqctl("add_vhost", vhost) and _rabbitmqctl(
        "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"
    )
    url = f"{AMQP_URL}/{vhost}" if propio else f"{AMQP_URL}//"
    error = None
    try:
        with Connection(url, connect_timeout=5) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # any failure to connect: report it through _requerido
        error = exc
    _requerido("RabbitMQ", error)
    yield url
    if propio:
        _rabbitmqctl("delete_vhost", vhost)


@dataclass
class Broker:
    nombre: str
    _amqp: str | None

    def url(self, redis_url: str) -> str:
        """This broker's URL for a module that uses ``redis_url`` when on Redis."""
        return redis_url if self.nombre == "redis" else self._amqp

    def vaciar(self, redis_url: str) -> None:
        """Lose every queued message (a broker restart without persistence, a failover)."""
        if self.nombre == "redis":
            cliente = redis.Redis.from_url(redis_url)
            cliente.flushdb()
            cliente.close()
            return
        with Connection(self._amqp) as conn:
            for cola in SERVICIOS:
                with contextlib.suppress(Exception):  # a queue not declared yet
                    conn.channel().queue_purge(cola)


@pytest.fixture(params=["redis", "rabbitmq"])
def broker_e2e(request, redis_url) -> Broker:
    if request.param == "redis":
        return Broker("redis", None)
    return Broker("rabbitmq", request.getfixturevalue("rabbitmq_url"))
