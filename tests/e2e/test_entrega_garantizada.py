"""Delivery that never gives up silently, on real processes and both brokers.

An SMTP outage in the middle of a batch: every email is delivered once it returns, none twice,
and nobody replays anything (the email sweeper in `mc relay` retries against a deadline).
Scaled down to keep the suite short: ``MC_E2E_CORREOS`` emails (60), an outage of
``MC_E2E_CAIDA_SMTP`` seconds (10) and a backoff cap of ``MC_E2E_ESPERA_MAXIMA`` seconds (2);
the issue's 300 emails and 5 minutes run with the same test and bigger numbers.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
import sqlalchemy as sa

from herramientas.procesos import Supervisor, relay, web, worker
from shared.bus import PublicadorCelery, crear_celery
from shared.config import Config, puertos
from shared.eventos import Evento
from shared.identificadores import nuevo_codigo_seguimiento
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import recursos
from tests.integration.notificaciones.smtp_pruebas import ServidorSmtp

pytestmark = pytest.mark.e2e

BASE = recursos.base(6)
REDIS_E2E = recursos.REDIS_E2E
N = int(os.environ.get("MC_E2E_CORREOS", "60"))
CAIDA = float(os.environ.get("MC_E2E_CAIDA_SMTP", "10"))
ESPERA_MAXIMA = os.environ.get("MC_E2E_ESPERA_MAXIMA", "2")


@pytest.fixture
def entorno(postgres_url, broker_e2e, tmp_path):
    prefijo = f"g{uuid.uuid4().hex[:8]}_"
    broker_e2e.vaciar(REDIS_E2E)
    smtp = ServidorSmtp(tmp_path / "correo")
    smtp.iniciar()
    env = {
        **claves_prueba.entorno(),
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": broker_e2e.url(REDIS_E2E),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MC_VAR_DIR": str(tmp_path),
        **recursos.entorno_de_puertos(BASE),
        "ADJUNTAR_PDF": "0",
        "CORREO_ESPERA_BASE": "0.5",
        "CORREO_ESPERA_MAXIMA": ESPERA_MAXIMA,
        "BARRIDO_INTERVALO": "0.5",
        # Two retries of a count would give up within seconds of the outage; the deadline not.
        "MAX_REINTENTOS": "2",
    }
    config = Config.desde_entorno("notificaciones", env)
    migrar(config)
    sup = Supervisor(env, tmp_path / "log")
    try:
        sup.iniciar(web("notificaciones", puertos(BASE)["notificaciones"]))
        sup.iniciar(worker("notificaciones", concurrencia=2))
        sup.iniciar(relay(("notificaciones",)))  # its outbox and the email sweeper
        sup.esperar_salud(limite=60)
        yield config, smtp
    finally:
        sup.detener_todos()
        smtp.detener()
        engine = sa.create_engine(postgres_url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}notificaciones" CASCADE'))
        engine.dispose()


def _solicitud(i: int) -> dict:
    numero = 1_000_000 + uuid.uuid4().int % 1_000_000_000
    return {
        "numero_solicitud": numero,
        "codigo_seguimiento": nuevo_codigo_seguimiento(),
        "tipo_documento": "DNI",
        "numero_documento": f"{numero % 100_000_000:08d}",
        "nombres": "VANESSA DEL PILAR",
        "apellidos": "FLORES LIZANA",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nombre_institucion": "AUGUSTO B. LEGUIA",
        "nivel": "SECUNDARIA",
        "correo": f"lote.{i}.{numero}@example.pe",
        "ruta": "IE",
    }


def _por_estado(config: Config) -> dict[str, int]:
    engine = sa.create_engine(
        config.database_url, connect_args={"options": f"-c search_path={config.db_schema}"}
    )
    with engine.connect() as conn:
        filas = conn.execute(sa.text("SELECT estado, count(*) FROM correos GROUP BY estado"))
        resultado = {estado: n for estado, n in filas}
    engine.dispose()
    return resultado


def _esperar(condicion, que: str, limite: float):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if condicion():
            return
        time.sleep(0.5)
    raise AssertionError(f"tiempo agotado esperando {que}")


def test_smtp_caido_durante_un_lote_todo_llega_una_vez_sin_intervencion(entorno):
    config, smtp = entorno
    smtp.detener()
    publicador = PublicadorCelery(crear_celery(config))
    solicitudes = [_solicitud(i) for i in range(N)]
    for payload in solicitudes:
        sobre = Evento("SolicitudRegistrada", payload).sobre("pruebas")
        publicador.enviar("notificaciones", sobre)
    inicio = time.monotonic()
    _esperar(lambda: _por_estado(config).get("RETRASADO", 0) == N, f"{N} RETRASADO", 120)
    time.sleep(max(CAIDA - (time.monotonic() - inicio), 0))
    estados = _por_estado(config)
    assert estados == {"RETRASADO": N}, estados  # late, not failed: nothing given up
    assert smtp.correos() == []

    smtp.iniciar()  # back on the same port; nobody replays anything
    _esperar(lambda: _por_estado(config) == {"ENVIADO": N}, f"{N} ENVIADO", 120)
    time.sleep(3)  # time enough for a second copy, if one were coming
    llegados = [m["To"] for m in smtp.correos()]
    assert len(llegados) == N
    assert sorted(llegados) == sorted(p["correo"] for p in solicitudes)
