"""Email end to end: notificaciones' web and worker as real processes, Redis, PostgreSQL, SMTP.

The SMTP server runs in the test so it can go down and come back, or refuse a mailbox with 550.
Events are put on notificaciones' durable queue as the relay would; PDFs are not attached here
(test_punta_a_punta covers the attachment through every service).
"""

from __future__ import annotations

import time
import uuid

import pytest
import redis
import requests
import sqlalchemy as sa

from herramientas.procesos import Supervisor, relay, web, worker
from shared.auth import Usuario
from shared.bus import PublicadorCelery, crear_celery
from shared.config import Config, puertos
from shared.eventos import Evento
from shared.identificadores import nuevo_codigo_seguimiento
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import recursos
from tests.integration import datos
from tests.integration.notificaciones.smtp_pruebas import ServidorSmtp

pytestmark = pytest.mark.e2e

# Ports of their own, so this module never meets test_punta_a_punta's processes.
BASE = recursos.base(2)
REDIS_E2E = recursos.REDIS_E2E
URL = f"http://127.0.0.1:{puertos(BASE)['notificaciones']}/api/notificaciones"


@pytest.fixture(scope="module")
def entorno(postgres_url, redis_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("e2e-correo")
    prefijo = f"c{uuid.uuid4().hex[:8]}_"
    cliente = redis.Redis.from_url(REDIS_E2E)
    cliente.flushdb()
    cliente.close()
    smtp = ServidorSmtp(var / "correo")
    smtp.iniciar()
    env = {
        **claves_prueba.entorno(),  # tokens as cuentas signs them, this run's test key
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_E2E,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MC_VAR_DIR": str(var),
        **recursos.entorno_de_puertos(BASE),
        "MAX_REINTENTOS": "6",
        "ADJUNTAR_PDF": "0",
        # Retries come from the sweeper in `mc relay`, scaled down from minutes to seconds.
        "CORREO_ESPERA_BASE": "0.5",
        "CORREO_ESPERA_MAXIMA": "2",
        "BARRIDO_INTERVALO": "0.5",
    }
    migrar(Config.desde_entorno("notificaciones", env))
    yield {"env": env, "var": var, "smtp": smtp}
    smtp.detener()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}notificaciones" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="module")
def procesos(entorno):
    sup = Supervisor(entorno["env"], entorno["var"] / "log")
    try:
        sup.iniciar(web("notificaciones", puertos(BASE)["notificaciones"]))
        sup.iniciar(worker("notificaciones", concurrencia=2))
        sup.iniciar(relay(("notificaciones",)))  # its outbox and the email sweeper
        sup.esperar_salud(limite=60)
        yield sup
    finally:
        sup.detener_todos()


def _publicar(entorno, tipo: str, payload: dict, correlation_id: str | None = None) -> None:
    """Onto notificaciones' durable queue, as the relay does after a commit."""
    celery = crear_celery(Config.desde_entorno("notificaciones", entorno["env"]))
    evento = Evento(tipo, payload, correlation_id=correlation_id)
    PublicadorCelery(celery).enviar("notificaciones", evento.sobre("pruebas"))


def _esperar(condicion, que: str, limite: float = 45.0):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        time.sleep(0.3)
    raise AssertionError(f"tiempo agotado esperando {que}")


def _cabecera(usuario: Usuario) -> dict:
    return datos.cabecera(usuario)


OPERACIONES = _cabecera(Usuario("ops-e2e", "OPERACIONES"))


def _solicitud() -> dict:
    numero = uuid.uuid4().int % 2_000_000_000
    return {
        "numero_solicitud": numero,
        "codigo_seguimiento": nuevo_codigo_seguimiento(),
        "tipo_documento": "DNI",
        "numero_documento": f"{numero % 100_000_000:08d}",
        "nombres": "VANESSA DEL PILAR",
        "apellidos": "FLORES LIZANA",
        "codigo_modular": f"{numero % 10_000_000:07d}",
        "anexo": "0",
        "nombre_institucion": "AUGUSTO B. LEGUIA",
        "nivel": "SECUNDARIA",
        "correo": f"vanessa.{numero}@example.pe",
        "ruta": "IE",
    }


def _correos_de(payload: dict) -> list[dict]:
    director = _cabecera(
        Usuario("dir", "DIRECTOR_IE", codigo_modular=payload["codigo_modular"], anexo="0")
    )
    r = requests.get(
        f"{URL}/solicitudes/{payload['numero_solicitud']}/correo", headers=director, timeout=5
    )
    return r.json()["correos"] if r.status_code == 200 else []


def test_smtp_caido_el_worker_reintenta_y_entrega_una_sola_vez(procesos, entorno):
    smtp, payload = entorno["smtp"], _solicitud()
    smtp.detener()
    _publicar(entorno, "SolicitudRegistrada", payload)
    _esperar(
        lambda: [c for c in _correos_de(payload) if c["intentos"] >= 2],
        "dos intentos fallidos con el SMTP caído",
    )
    assert smtp.correos(para=payload["correo"]) == []

    smtp.iniciar()
    [llegado] = _esperar(lambda: smtp.correos(para=payload["correo"]), "el correo", limite=60)
    assert llegado["Subject"].startswith("Solicitud de Certificado de Estudios recibida")
    [correo] = _esperar(
        lambda: [c for c in _correos_de(payload) if c["estado"] == "ENVIADO"], "ENVIADO"
    )
    time.sleep(2)  # time enough for a second copy, if one were coming
    assert len(smtp.correos(para=payload["correo"])) == 1
    historial = requests.get(
        f"{URL}/correos/{correo['correo_id']}", headers=OPERACIONES, timeout=5
    ).json()["historial"]
    assert [i["resultado"] for i in historial][-1] == "ENVIADO"
    assert {i["resultado"] for i in historial[:-1]} == {"ERROR_TRANSITORIO"}
    assert len(historial) >= 3


def test_un_550_se_lista_y_un_doble_reenvio_a_otro_correo_llega_una_vez(procesos, entorno):
    smtp, payload = entorno["smtp"], _solicitud()
    smtp.buzon.rechazar.add(payload["correo"])
    _publicar(entorno, "SolicitudRegistrada", payload)

    def fallidos():
        r = requests.get(
            f"{URL}/fallidos",
            params={"codigo_modular": payload["codigo_modular"], "motivo_falla": "550"},
            headers=OPERACIONES,
            timeout=5,
        )
        return r.json()["correos"]

    [fallido] = _esperar(fallidos, "el correo fallido en la lista de operaciones")
    assert fallido["intentos"] == 1 and fallido["estado"] == "FALLIDO"

    alternativo = f"alterno.{payload['numero_solicitud']}@example.pe"
    respuestas = [
        requests.post(
            f"{URL}/fallidos/{fallido['correo_id']}/reenvio",
            json={"correo_alternativo": alternativo},
            headers=OPERACIONES,
            timeout=5,
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in respuestas] == [202, 409]
    [llegado] = _esperar(lambda: smtp.correos(para=alternativo), "el reenvío", limite=30)
    assert payload["codigo_seguimiento"][:4] in llegado["Subject"]
    time.sleep(2)
    assert len(smtp.correos(para=alternativo)) == 1
    assert smtp.correos(para=payload["correo"]) == []
    assert fallidos() == []


def test_cada_correo_lleva_el_id_de_la_peticion_que_lo_causo(procesos, entorno):
    smtp, payload = entorno["smtp"], _solicitud()
    primera, reenvio = f"e2e-{uuid.uuid4().hex}", f"e2e-{uuid.uuid4().hex}"
    _publicar(entorno, "SolicitudRegistrada", payload, correlation_id=primera)
    [acuse] = _esperar(lambda: smtp.correos(para=payload["correo"]), "el acuse")
    assert acuse["X-Correlation-ID"] == primera

    director = _cabecera(
        Usuario("dir", "DIRECTOR_IE", codigo_modular=payload["codigo_modular"], anexo="0")
    )
    r = requests.post(  # the worker's task sends it, through the broker
        f"{URL}/solicitudes/{payload['numero_solicitud']}/reenvios",
        json={},
        headers={**director, "X-Correlation-ID": reenvio},
        timeout=5,
    )
    assert r.status_code == 202, r.text
    assert r.headers["X-Correlation-ID"] == reenvio
    correos = _esperar(
        lambda: (c := smtp.correos(para=payload["correo"]))[1:] and c, "el reenvío", limite=30
    )
    assert [c["X-Correlation-ID"] for c in correos] == [primera, reenvio]
