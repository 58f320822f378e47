"""A bulk emission survives its worker being killed: no certificate lost, none doubled.

Runs on Redis (the message comes back after the visibility timeout) and on RabbitMQ (at once,
when the dead worker's connection closes): ``broker_e2e`` (tests/e2e/conftest.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid

import pytest
import requests
import sqlalchemy as sa

from herramientas import demo
from herramientas.procesos import Supervisor, relay, web, worker
from services.emision.adapters.firma_pdf import asegurar_ca_local
from shared.config import SERVICIOS, Config, puertos
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.conftest import dni_unico
from tests.e2e import recursos
from tests.e2e.conftest import Broker

pytestmark = pytest.mark.e2e

BASE = recursos.base(5)
REDIS_LOTE = recursos.REDIS_LOTE
N = int(os.environ.get("MC_E2E_LOTE", "40"))  # the issue ran 500 and 1,000 by hand


# Reconciliation scaled down: an order unanswered for 10 s is sent again (600 s in production).
RECONCILIANDO = {"RECONCILIAR_EMISION_TRAS": "10", "BARRIDO_INTERVALO": "1"}


@pytest.fixture
def sistema(postgres_url, broker_e2e, tmp_path):
    # Over Redis kombu takes a message off the queue (BRPOP) and then records it as unacked,
    # two round trips: a worker killed between them loses that one message, and production
    # brings the order back through reconciliation. So here too, after the visibility timeout
    # (8 s) had its chance: an order unanswered for 20 s is sent again. RabbitMQ needs neither.
    extra = (
        {**RECONCILIANDO, "RECONCILIAR_EMISION_TRAS": "20"}
        if broker_e2e.nombre == "redis"
        else None
    )
    with _levantar(postgres_url, broker_e2e, tmp_path, extra) as resultado:
        yield resultado


@pytest.fixture
def sistema_reconciliando(postgres_url, redis_url, tmp_path):
    with _levantar(postgres_url, Broker("redis", None), tmp_path, RECONCILIANDO) as resultado:
        yield resultado


@contextlib.contextmanager
def _levantar(postgres_url, broker_e2e, tmp_path, extra: dict | None = None):
    prefijo = f"l{uuid.uuid4().hex[:8]}_"
    broker_e2e.vaciar(REDIS_LOTE)
    env = {
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": broker_e2e.url(REDIS_LOTE),
        "MC_VAR_DIR": str(tmp_path),
        **recursos.entorno_de_puertos(BASE),
        **claves_prueba.entorno(),  # no cuentas process here: its JWKS is read from the file
        "ADJUNTAR_PDF": "0",
        "MAIL_PORT": "1",  # no mail in this test
        # A dead worker's unacknowledged messages come back after this many seconds.
        "BROKER_VISIBILITY_TIMEOUT": "8",
        "LIMITE_POR_IP": "10000 per minute",  # one test client files every request
        **(extra or {}),
    }
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio, env))
    firma_dir = Config.desde_entorno("emision", env).firma_dir
    rotar(firma_dir)  # real mode: keys are provisioned
    asegurar_ca_local(firma_dir)  # and the PDF signing certificate
    sup = Supervisor(env, tmp_path / "log")
    p = puertos(BASE)
    try:
        for servicio in ("solicitudes", "notas"):
            sup.iniciar(web(servicio, p[servicio]))
        for servicio in ("solicitudes", "emision"):
            sup.iniciar(worker(servicio, concurrencia=2))
        sup.iniciar(relay(("solicitudes", "notas", "emision")))
        sup.esperar_salud(limite=90)
        yield sup, env
    finally:
        sup.detener_todos()
        engine = sa.create_engine(postgres_url)
        with engine.begin() as conn:
            for servicio in SERVICIOS:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
        engine.dispose()


def _firma() -> demo.FirmaLocal:
    return demo.FirmaLocal(Config.desde_entorno("cuentas", claves_prueba.entorno()))


def _cargar(urls: demo.Urls, n: int) -> list[int]:
    """The demo IE, n students with five complete grades each, one request each."""
    firma = _firma()
    ops, director = firma.cabecera("OPERACIONES"), firma.cabecera("DIRECTOR_IE")
    requests.post(f"{urls.notas}/api/notas/instituciones", json=demo.IE, headers=ops, timeout=10)
    estudiantes = [{**demo.ESTUDIANTE, "numero_documento": dni_unico()} for _ in range(n)]
    for est in estudiantes:
        registro = demo.registrar_estudiante(urls, est, director)
        for grado, datos in demo.grados_demo():
            r = requests.put(
                f"{registro}/grados/SECUNDARIA/{grado}",
                json=datos,
                headers=director,
                timeout=10,
            )
            assert r.status_code == 200, r.text
    demo.preparar_solicitudes(urls, firma, estudiantes)
    return [demo.solicitar(urls, "lote@example.pe", est)["numero_solicitud"] for est in estudiantes]


_ENGINES: dict[tuple[str, str], sa.Engine] = {}


def _contar(env: dict, servicio: str, sql: str) -> int:
    # One engine per schema, kept: a new one per poll cost ~70 ms under load, long enough for
    # a fast emission to finish the lote between two polls.
    config = Config.desde_entorno(servicio, env)
    clave = (config.database_url, config.db_schema)
    if clave not in _ENGINES:
        _ENGINES[clave] = sa.create_engine(
            config.database_url, connect_args={"options": f"-c search_path={config.db_schema}"}
        )
    with _ENGINES[clave].connect() as conn:
        return conn.execute(sa.text(sql)).scalar_one()


@pytest.fixture(autouse=True, scope="module")
def _cerrar_engines():
    yield
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


def _esperar(condicion, que: str, limite: float, cada: float = 0.2):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if condicion():
            return
        time.sleep(cada)
    raise AssertionError(f"tiempo agotado esperando {que}")


def _preparar_lote(env: dict) -> list[int]:
    """N requests whose complete records reached solicitudes and emision."""
    numeros = _cargar(demo.Urls.locales(BASE), N)
    completas = (
        "SELECT count(*) FROM completitudes "
        "WHERE completitud = 'INFORMACIÓN COMPLETA' AND version >= 5"
    )
    _esperar(lambda: _contar(env, "solicitudes", completas) >= N, "los registros completos", 240)
    _esperar(
        lambda: _contar(env, "emision", "SELECT count(*) FROM registros") >= N,
        "los registros en emisión",
        120,
    )
    return numeros


def _ordenar(urls: demo.Urls, numeros: list[int]) -> None:
    director = _firma().cabecera("DIRECTOR_IE")
    r = requests.post(
        f"{urls.solicitudes}/api/solicitudes/emisiones",
        json={"numeros_solicitud": numeros},
        headers=director,
        timeout=30,
    )
    assert r.status_code == 202, r.text


def _todas_emitidas_una_vez(env: dict, numeros: list[int], limite: float) -> None:
    estados = (
        f"SELECT count(*) FROM solicitudes WHERE estado = 'EMITIDA' AND numero_solicitud IN "
        f"({', '.join(map(str, numeros))})"
    )
    _esperar(
        lambda: _contar(env, "solicitudes", estados) == N, "todas las solicitudes EMITIDA", limite
    )
    assert _contar(env, "emision", "SELECT count(*) FROM certificados") == N
    assert _contar(env, "emision", "SELECT count(DISTINCT numero_solicitud) FROM certificados") == N
    publicados = "SELECT count(*) FROM outbox WHERE type = 'CertificadoEmitido'"
    assert _contar(env, "emision", publicados) == N


def test_un_worker_muerto_a_mitad_de_lote_no_pierde_ni_duplica(sistema):
    sup, env = sistema
    urls = demo.Urls.locales(BASE)
    numeros = _preparar_lote(env)
    _ordenar(urls, numeros)
    emitidos = "SELECT count(*) FROM certificados"
    # At the first batch committed (the kill must land before the last one).
    _esperar(lambda: _contar(env, "emision", emitidos) >= 1, "los primeros certificados", 120, 0.02)
    sup.detener("worker-emision", senal=signal.SIGKILL)  # the worker and its children, at once
    a_medias = _contar(env, "emision", emitidos)
    assert a_medias < N, "el lote terminó antes de matar al worker: aumente N"
    sup.iniciar(worker("emision", concurrencia=2))
    _todas_emitidas_una_vez(env, numeros, 300)
    ordenes = "SELECT count(*) FROM outbox WHERE type = 'EmisionSolicitada'"
    print(
        f"{a_medias} de {N} al matar; reenviadas por reconciliación: "
        f"{_contar(env, 'solicitudes', ordenes) - N}"
    )


def test_colas_borradas_a_mitad_de_lote_todo_queda_emitido_una_vez(sistema_reconciliando):
    """The broker loses every queued order and answer (FLUSHDB: a restart without persistence);
    reconciliation sends the unanswered orders again and emision answers each once."""
    _, env = sistema_reconciliando
    numeros = _preparar_lote(env)
    _ordenar(demo.Urls.locales(BASE), numeros)
    emitidos = "SELECT count(*) FROM certificados"
    _esperar(lambda: _contar(env, "emision", emitidos) >= 1, "los primeros certificados", 120, 0.02)
    Broker("redis", None).vaciar(REDIS_LOTE)
    perdidas = N - _contar(
        env, "solicitudes", "SELECT count(*) FROM solicitudes WHERE estado = 'EMITIDA'"
    )
    assert perdidas > 0, "el lote terminó antes de borrar las colas: aumente N"
    inicio = time.monotonic()
    _todas_emitidas_una_vez(env, numeros, 180)
    print(f"{perdidas} de {N} sin EMITIDA al borrar; todas en {time.monotonic() - inicio:.0f} s")
