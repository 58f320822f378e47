"""Operations from the command line, and the resend task on the real broker (Redis)."""

from __future__ import annotations

import json
import time

import pytest

from herramientas import cli
from services.notificaciones.entrypoints.tareas import COLA, TAREA_ENVIAR
from shared.bus import crear_celery
from shared.eventos import Evento
from tests import claves_prueba
from tests.integration import datos
from tests.integration.notificaciones.conftest import solicitud_registrada

pytestmark = pytest.mark.integration


def _tarea_en_cola(celery, limite: float = 10.0) -> tuple[str, list]:
    """The next task message on the notificaciones queue: (task name, args)."""
    fin = time.monotonic() + limite
    with celery.connection_for_read() as conn:
        cola = conn.SimpleQueue(COLA)
        try:
            while time.monotonic() < fin:
                try:
                    mensaje = cola.get(timeout=1)
                except cola.Empty:
                    continue
                mensaje.ack()
                if mensaje.headers.get("task") == TAREA_ENVIAR:
                    return mensaje.headers["task"], mensaje.payload[0]
        finally:
            cola.close()
    raise AssertionError("no llegó ninguna tarea a la cola notificaciones")


@pytest.fixture
def entorno_cli(sistema_correo, redis_url, monkeypatch):
    """`mc` reads its configuration from the environment: point it at this test's system."""
    config = sistema_correo.apps["notificaciones"].extensions["mc"].config
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    monkeypatch.setenv("DB_SCHEMA_PREFIX", config.db_schema.removesuffix("notificaciones"))
    monkeypatch.setenv("BROKER_URL", redis_url)
    monkeypatch.setenv("MC_VAR_DIR", str(config.var_dir))
    monkeypatch.setenv("MAIL_PORT", str(sistema_correo.smtp.port))
    monkeypatch.setenv("CLAVE_SERVICIOS", claves_prueba.clave_servicios())  # real mode needs one
    with crear_celery(config.con(broker_url=redis_url)).connection_for_write() as conn:
        conn.default_channel.queue_purge(COLA)
    return crear_celery(config.con(broker_url=redis_url))


def test_mc_correos_lista_y_reenvia_por_el_broker(sistema_correo, entorno_cli, capsys):
    payload = solicitud_registrada()
    sistema_correo.smtp.buzon.rechazar.add(payload["correo"])
    sistema_correo.notificar("SolicitudRegistrada", payload)
    sistema_correo.smtp.buzon.rechazar.clear()

    assert cli.main(["correos", "fallidos", "--codigo-modular", payload["codigo_modular"]]) == 0
    salida = capsys.readouterr()
    [fila] = [json.loads(linea) for linea in salida.out.splitlines()]
    assert fila["estado"] == "FALLIDO" and "550" in fila["motivo_falla"]
    assert fila["destinatario"] == "r***@example.pe"
    assert "1 de 1 correos fallidos" in salida.err

    alternativo = f"cli.{payload['numero_solicitud']}@example.pe"
    argv = ["correos", "reenviar", str(fila["correo_id"]), "--correo-alternativo", alternativo]
    assert cli.main(argv) == 0
    assert "El correo se enviará a c***@example.pe." in capsys.readouterr().out
    assert cli.main(argv) == 1  # twice: refused, nothing queued
    assert "no está fallido" in capsys.readouterr().err

    nombre, args = _tarea_en_cola(entorno_cli)
    assert (nombre, args) == (TAREA_ENVIAR, [[fila["correo_id"]]])
    sistema_correo.cola.lotes.append(args[0])  # the worker takes it
    sistema_correo.trabajar()
    [llegado] = sistema_correo.smtp.correos(para=alternativo)
    assert "Solicitud de Certificado de Estudios recibida" in llegado["Subject"]


def test_mc_correos_valida_como_la_api(entorno_cli, capsys):
    assert cli.main(["correos", "fallidos", "--desde", "2025-02-30"]) == 2
    assert "desde: No es una fecha válida (use AAAA-MM-DD)." in capsys.readouterr().err
    assert cli.main(["correos", "reenviar", "1", "--correo-alternativo", "no-es-correo"]) == 2
    assert "No es un correo electrónico válido." in capsys.readouterr().err


def test_el_reenvio_de_un_director_se_encola_en_redis_con_su_nombre(sistema_pg, redis_url):
    """The web app's real encolador (not the in-memory queue) puts the task on Redis."""
    payload = solicitud_registrada()
    app = sistema_pg.apps["notificaciones"]
    ctx = app.extensions["mc"]
    with crear_celery(ctx.config).connection_for_write() as conn:
        conn.default_channel.queue_purge(COLA)
    sistema_pg.publicador.enviar(
        "notificaciones",
        Evento("SolicitudRegistrada", payload).sobre("solicitudes"),
    )
    r = sistema_pg.clientes["notificaciones"].post(
        f"/api/notificaciones/solicitudes/{payload['numero_solicitud']}/reenvios",
        json={},
        headers=datos.director(
            {"codigo_modular": payload["codigo_modular"], "anexo": payload["anexo"]}
        ),
    )
    assert r.status_code == 202, r.get_json()
    nombre, args = _tarea_en_cola(crear_celery(ctx.config))
    assert (nombre, args) == (TAREA_ENVIAR, [[r.get_json()["correo_id"]]])
