"""Observability end to end (issue 15): metrics and JSON logs of real processes.

A certificate goes through solicitud, emission and email with every service, worker and the
relay as real processes (gunicorn, Celery prefork with PROMETHEUS_MULTIPROC_DIR). Every
/metrics is scraped before and after and parsed with prometheus_client's parser: the counters
moved by exactly what happened. The caller (a gateway) gives every HTTP call one
correlation id; it is in the JSON log lines of all six services — in their workers too, carried
by the events — and in the email's X-Correlation-ID header.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter as Multiconjunto

import pytest
import redis
import requests
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from herramientas import demo
from herramientas.procesos import Supervisor, relay, web, worker
from herramientas.smtp_local import iniciar, leer_buzon
from services.emision.adapters.firma_pdf import asegurar_ca_local
from shared.config import SERVICIOS, Config, puertos
from shared.eventos import suscriptores
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import recursos

pytestmark = pytest.mark.e2e

BASE = recursos.base(8)
METRICAS = recursos.metricas(BASE)  # the relay; each service's worker on METRICAS + its number
REDIS_E2E = recursos.REDIS_E2E
CORREO = "vanessa.observada@example.pe"
CORRELACION = f"gw-{uuid.uuid4().hex}"  # as a gateway would name the citizen's operation


@pytest.fixture(scope="module")
def entorno(postgres_url, redis_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("observabilidad")
    prefijo = f"o{uuid.uuid4().hex[:8]}_"
    cliente = redis.Redis.from_url(REDIS_E2E)
    cliente.flushdb()
    cliente.close()
    buzon = iniciar(var / "correo", port=0)
    p = puertos(BASE)
    (var / "metricas").mkdir()
    env = {
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_E2E,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(buzon.port),
        "MC_VAR_DIR": str(var),
        **recursos.entorno_de_puertos(BASE),
        "PROMETHEUS_MULTIPROC_DIR": str(var / "metricas"),
        "MC_LOG_FORMATO": "json",
        "URL_VERIFICACION": f"http://127.0.0.1:{p['verificacion']}",
        "URL_EMISION": f"http://127.0.0.1:{p['emision']}",
        "CLAVE_SERVICIOS": claves_prueba.clave_servicios(),
    }
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio, env))
    firma_dir = Config.desde_entorno("emision", env).firma_dir
    rotar(firma_dir)  # real mode: keys are provisioned
    asegurar_ca_local(firma_dir)  # and the PDF signing certificate
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas", env))
    yield {"env": env, "var": var, "cuentas": cuentas}
    buzon.stop()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for servicio in SERVICIOS:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="module")
def sistema(entorno):
    sup = Supervisor(entorno["env"], entorno["var"] / "log")
    p = puertos(BASE)
    try:
        for servicio in SERVICIOS:
            sup.iniciar(web(servicio, p[servicio]))
            sup.iniciar(worker(servicio, concurrencia=2))  # prefork: children share the folder
        sup.iniciar(relay())
        sup.esperar_salud(limite=90)
        _esperar(lambda: all(_responde(u) for u in _endpoints().values()), "cada /metrics")
        yield sup
    finally:
        sup.detener_todos()


def _endpoints() -> dict[str, str]:
    """Every /metrics: each service's web app, each worker's port, the relay's."""
    web_ = {f"web-{s}": f"http://127.0.0.1:{n}/metrics" for s, n in puertos(BASE).items()}
    workers = {f"worker-{s}": f"http://127.0.0.1:{n}/metrics" for s, n in puertos(METRICAS).items()}
    return {**web_, **workers, "relay": f"http://127.0.0.1:{METRICAS}/metrics"}


def _responde(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _esperar(condicion, que: str, limite: float = 90.0):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        time.sleep(0.3)
    raise AssertionError(f"tiempo agotado esperando {que}")


def _raspar() -> tuple[dict[str, Multiconjunto], dict[str, str]]:
    """Each endpoint's samples (name + labels → value), parsed by prometheus_client."""
    muestras, textos = {}, {}
    for nombre, url in _endpoints().items():
        r = requests.get(url, timeout=5)
        assert r.status_code == 200, (nombre, r.text[:200])
        assert r.headers["Content-Type"].startswith("text/plain")
        textos[nombre] = r.text
        muestras[nombre] = Multiconjunto(
            {
                (m.name, frozenset(m.labels.items())): m.value
                for familia in text_string_to_metric_families(r.text)
                for m in familia.samples
            }
        )
    return muestras, textos


def _delta(antes, despues, donde: str, nombre: str, **etiquetas) -> float:
    """How much one series moved (a series that did not exist before counts from 0)."""
    clave = (nombre, frozenset(etiquetas.items()))
    return despues[donde][clave] - antes[donde][clave]


def _suma(muestras, donde: str, nombre: str) -> float:
    return sum(v for (n, _), v in muestras[donde].items() if n == nombre)


@pytest.fixture(scope="module")
def recorrido(sistema, entorno):
    """The demo flow, every HTTP call with the gateway's correlation id; metrics around it."""
    antes, _ = _raspar()
    original = requests.Session.request

    def con_correlacion(self, method, url, **kwargs):
        kwargs["headers"] = {**(kwargs.get("headers") or {}), "X-Correlation-ID": CORRELACION}
        return original(self, method, url, **kwargs)

    urls = demo.Urls.locales(BASE)
    requests.Session.request = con_correlacion
    try:
        sesiones = demo.Sesiones(urls.cuentas, entorno["cuentas"])
        resultado = demo.ejecutar(urls, sesiones, CORREO)
        verificado = f"{urls.verificacion}/api/verificacion/certificados/{resultado.codigo_virtual}"
        _esperar(lambda: requests.get(verificado, timeout=5).status_code == 200, "verificación")
    finally:
        requests.Session.request = original
    correos = _esperar(lambda: _correos(entorno, 2), "el acuse y el certificado por correo")
    time.sleep(1.0)  # the last attempts' commits and the relay's marks
    despues, textos = _raspar()
    return {"antes": antes, "despues": despues, "textos": textos, "correos": correos}


def _correos(entorno, cuantos: int):
    recibidos = [m for m in leer_buzon(entorno["var"] / "correo") if m["To"] == CORREO]
    return recibidos if len(recibidos) >= cuantos else None


def test_los_contadores_se_mueven_exactamente_por_lo_que_paso(recorrido):
    antes, despues = recorrido["antes"], recorrido["despues"]
    d = lambda donde, nombre, **e: _delta(antes, despues, donde, nombre, **e)  # noqa: E731
    assert d("worker-emision", "mc_certificados_emitidos_total", servicio="emision") == 1
    assert (
        d(
            "worker-emision",
            "mc_eventos_consumidos_total",
            servicio="emision",
            tipo="EmisionSolicitada",
            resultado="procesado",
        )
        == 1
    )
    for destino in suscriptores("CertificadoEmitido"):
        assert (
            d(
                "relay",
                "mc_eventos_publicados_total",
                servicio="emision",
                tipo="CertificadoEmitido",
                destino=destino,
            )
            == 1
        ), destino
        assert (
            d(
                f"worker-{destino}",
                "mc_eventos_consumidos_total",
                servicio=destino,
                tipo="CertificadoEmitido",
                resultado="procesado",
            )
            == 1
        ), destino
    solicitudes = {"servicio": "solicitudes", "metodo": "POST"}
    assert (
        d(
            "web-solicitudes",
            "mc_http_peticiones_total",
            ruta="/api/solicitudes/solicitudes",
            estado="201",
            **solicitudes,
        )
        == 1
    )
    assert (
        d(
            "web-solicitudes",
            "mc_http_peticiones_total",
            ruta="/api/solicitudes/emisiones",
            estado="202",
            **solicitudes,
        )
        == 1
    )
    # One accepted delivery per email in the mailbox; none failed, nothing dead-lettered.
    enviados = _suma(despues, "worker-notificaciones", "mc_correos_enviados_total") - _suma(
        antes, "worker-notificaciones", "mc_correos_enviados_total"
    )
    assert enviados == len(recorrido["correos"]) == 2
    for donde in despues:
        for nombre in ("mc_correos_fallidos_total", "mc_eventos_descartados_total"):
            assert _suma(despues, donde, nombre) == _suma(antes, donde, nombre), (donde, nombre)


def test_metricas_sin_datos_personales_y_con_el_retraso_del_outbox(recorrido):
    for donde, texto in recorrido["textos"].items():
        for dato in ("72527431", "vanessa", "/estudiantes/DNI/"):
            assert dato not in texto, (donde, dato)
    for servicio in SERVICIOS:
        muestras = recorrido["despues"][f"web-{servicio}"]
        clave = ("mc_outbox_antiguedad_segundos", frozenset({("servicio", servicio)}))
        assert clave in muestras, servicio
        assert muestras[clave] < 60  # the relay keeps up
    colas = {
        dict(etiquetas)["cola"]
        for (nombre, etiquetas) in recorrido["despues"]["relay"]
        if nombre == "mc_cola_mensajes"
    }
    assert colas == set(SERVICIOS)  # each queue's depth, asked of the broker by the relay
    lotes = recorrido["textos"]["web-solicitudes"]
    assert "# TYPE mc_lote_solicitudes gauge" in lotes
    assert "mc_http_duracion_segundos_bucket" in recorrido["textos"]["web-notas"]


def _lineas_json(archivo) -> list[dict]:
    lineas = []
    for linea in archivo.read_text(errors="replace").splitlines():
        if linea.startswith("{"):
            lineas.append(json.loads(linea))
    return lineas


def test_la_correlacion_esta_en_los_logs_json_de_todos_los_servicios_y_en_el_correo(
    recorrido, entorno
):
    carpeta = entorno["var"] / "log"
    vistos: dict[str, set[str]] = {}
    for archivo in carpeta.glob("*.log"):
        texto = archivo.read_text(errors="replace")
        for dato in ("72527431", CORREO):  # personal data masked, as in the mail log
            assert dato not in texto, (archivo.name, dato)
        for linea in _lineas_json(archivo):
            assert {"fecha", "nivel", "logger", "message", "servicio"} <= set(linea), linea
            if linea.get("correlation_id") == CORRELACION:
                vistos.setdefault(linea["servicio"], set()).add(archivo.stem)
    assert set(vistos) >= set(SERVICIOS), vistos
    # Carried by the events, not only by the HTTP calls: the workers logged it too.
    for servicio in ("emision", "notificaciones", "verificacion", "solicitudes"):
        assert f"worker-{servicio}" in vistos[servicio], vistos
    # A consumer's line names the event it handled.
    emision = _lineas_json(carpeta / "worker-emision.log")
    [orden] = [
        x
        for x in emision
        if x["message"] == "evento EmisionSolicitada: procesado"
        and x["correlation_id"] == CORRELACION
    ]
    assert orden["message_id"] not in ("-", "")
    for correo in recorrido["correos"]:
        assert correo["X-Correlation-ID"] == CORRELACION
