"""The operations console in a real browser (Debian's Chromium) on real processes.

cuentas and notificaciones (web, worker, relay with the email sweeper) and the web frontends run
as processes on PostgreSQL and Redis; the SMTP server (aiosmtpd) runs in the test and refuses
one mailbox with 550. OPERACIONES signs in with TOTP, finds the failed email by its filter,
opens it with its attempts, replays it to another address and sees it delivered there; then
replays every remaining match at once. Every screen is photographed and checked with axe-core.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
import redis
import sqlalchemy as sa

from herramientas import demo
from herramientas.procesos import Supervisor, frontends, relay, web, worker
from shared.bus import PublicadorCelery, crear_celery
from shared.config import Config, puertos
from shared.eventos import Evento
from shared.identificadores import nuevo_codigo_seguimiento
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e.test_navegador import BANDERAS, CHROMIUM, _exigir_herramientas
from tests.e2e.test_panel_navegador import Recorrido, _texto
from tests.integration.notificaciones.smtp_pruebas import ServidorSmtp

pytestmark = pytest.mark.e2e

BASE = int(os.environ.get("MC_E2E_PUERTO_BASE", "18000")) + 400  # apart from the other e2e
REDIS_E2E = os.environ.get("TEST_REDIS_E2E_URL", "redis://127.0.0.1:6379/12")
SERVICIOS_USADOS = ("cuentas", "notificaciones", "solicitudes")


@pytest.fixture(scope="module")
def entorno(postgres_url, redis_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("operaciones")
    prefijo = f"o{uuid.uuid4().hex[:8]}_"
    cliente = redis.Redis.from_url(REDIS_E2E)
    cliente.flushdb()
    cliente.close()
    smtp = ServidorSmtp(var / "correo")
    smtp.iniciar()
    env = {
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_E2E,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MC_VAR_DIR": str(var),
        "MC_PUERTO_BASE": str(BASE),
        "MC_METRICAS_PUERTO_BASE": str(BASE + 60),  # the relay's /metrics, read by the console
        "CLAVE_SERVICIOS": claves_prueba.clave_servicios(),
        "MC_WEB_CLAVE_SECRETA": uuid.uuid4().hex,
        "ADJUNTAR_PDF": "0",
        "RATELIMIT_KEY_PREFIX": f"ops-{uuid.uuid4().hex[:8]}",
    }
    for servicio in SERVICIOS_USADOS:
        migrar(Config.desde_entorno(servicio, env))
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas", env))
    yield {"env": env, "var": var, "smtp": smtp, "cuentas": cuentas}
    smtp.detener()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for servicio in SERVICIOS_USADOS:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="module")
def sistema(entorno):
    _exigir_herramientas()
    sup = Supervisor(entorno["env"], entorno["var"] / "log")
    p = puertos(BASE)
    try:
        for servicio in SERVICIOS_USADOS:
            sup.iniciar(web(servicio, p[servicio]))
        sup.iniciar(worker("notificaciones", concurrencia=2))
        sup.iniciar(relay(("notificaciones",)))
        sup.iniciar(frontends(BASE))
        sup.esperar_salud(limite=120)
        yield {"sup": sup, "consola": f"http://127.0.0.1:{BASE}/operaciones"}
    finally:
        sup.detener_todos()


def _solicitud(codigo_modular: str) -> dict:
    numero = uuid.uuid4().int % 2_000_000_000
    return {
        "numero_solicitud": numero,
        "codigo_seguimiento": nuevo_codigo_seguimiento(),
        "tipo_documento": "DNI",
        "numero_documento": f"{numero % 100_000_000:08d}",
        "nombres": "VANESSA DEL PILAR",
        "apellidos": "FLORES LIZANA",
        "codigo_modular": codigo_modular,
        "anexo": "0",
        "nombre_institucion": "AUGUSTO B. LEGUIA",
        "nivel": "SECUNDARIA",
        "correo": f"vanessa.{numero}@example.pe",
        "ruta": "IE",
    }


def _fallar_correos(entorno, cuantos: int) -> tuple[str, list[dict]]:
    """Requests of one IE whose acknowledgement the SMTP server refuses (550)."""
    codigo_modular = f"{uuid.uuid4().int % 10_000_000:07d}"
    celery = crear_celery(Config.desde_entorno("notificaciones", entorno["env"]))
    solicitudes = [_solicitud(codigo_modular) for _ in range(cuantos)]
    for payload in solicitudes:
        entorno["smtp"].buzon.rechazar.add(payload["correo"])
        evento = Evento("SolicitudRegistrada", payload)
        PublicadorCelery(celery).enviar("notificaciones", evento.sobre("pruebas"))
    return codigo_modular, solicitudes


def _esperar(condicion, que: str, limite: float = 60.0, pagina=None):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        if pagina is not None:
            pagina.reload()
        time.sleep(0.5)
    raise AssertionError(f"tiempo agotado esperando {que}")


def _ingresar(pagina, r, consola: str, cuenta) -> None:
    pagina.goto(consola + "/")
    r.pantalla("ingreso")
    pagina.fill("#usuario", cuenta.usuario)
    pagina.fill("#clave", cuenta.clave)
    pagina.fill("#codigo_totp", "000000" if cuenta.totp_secreto else "")
    pagina.click("button:has-text('Ingresar')")
    if cuenta.totp_secreto:  # a wrong code is refused in Spanish, the user name kept
        assert pagina.input_value("#usuario") == cuenta.usuario
        r.pantalla("ingreso-error")
        pagina.fill("#clave", cuenta.clave)
        pagina.fill("#codigo_totp", demo.codigo_totp(cuenta.totp_secreto))
        pagina.click("button:has-text('Ingresar')")
    assert "Bienvenido/a: MENDOZA RÍOS, JORGE LUIS" in _texto(pagina, "nav.menu")


def test_operaciones_reenvia_un_correo_fallido_y_llega(sistema, entorno, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    smtp, consola = entorno["smtp"], sistema["consola"]
    codigo_modular, solicitudes = _fallar_correos(entorno, 3)
    carpeta = tmp_path_factory.mktemp("capturas-operaciones")
    print(f"\nCapturas de la consola de operaciones en {carpeta}")
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1280, "height": 900}, locale="es-PE")
        r = Recorrido(pagina, carpeta)
        _ingresar(pagina, r, consola, entorno["cuentas"]["OPERACIONES"])
        r.pantalla("inicio")

        # Correos fallidos: a wrong filter is refused and kept, then the IE's three 550s.
        pagina.click("nav.menu >> text=Correos fallidos")
        pagina.fill("#codigo_modular", "12")
        pagina.click("main >> button:has-text('Buscar')")
        assert "El código modular tiene 7 dígitos." in _texto(pagina, ".resumen-errores")
        assert pagina.input_value("#codigo_modular") == "12"
        r.pantalla("filtro-error")
        pagina.fill("#codigo_modular", codigo_modular)
        pagina.fill("#motivo_falla", "550")
        pagina.click("main >> button:has-text('Buscar')")
        _esperar(lambda: "Resultados (3)" in _texto(pagina, "main"), "3 fallidos", pagina=pagina)
        r.pantalla("correos-fallidos")

        # One of them, with its attempt, replayed to another address: it arrives there.
        pagina.locator("tbody tr").first.locator("text=Ver y reenviar").click()
        assert _texto(pagina, "#estado-correo") == "FALLIDO"
        assert "ERROR_PERMANENTE" in _texto(pagina, "tbody") or "550" in _texto(pagina, "tbody")
        r.pantalla("correo-fallido")
        alternativo = f"alterno.{uuid.uuid4().hex[:8]}@example.pe"
        pagina.fill("#correo_alternativo", alternativo)
        pagina.click("main >> button:has-text('Reenviar')")
        [llegado] = _esperar(lambda: smtp.correos(para=alternativo), "el reenvío en el SMTP")
        assert "Solicitud de Certificado de Estudios recibida" in llegado["Subject"]
        _esperar(lambda: _texto(pagina, "#estado-correo") == "ENVIADO", "ENVIADO", pagina=pagina)
        assert "ENVIADO" in _texto(pagina, "tbody")
        r.pantalla("correo-reenviado")

        # The other two: every match at once, to their registered (now accepted) addresses.
        for payload in solicitudes:
            smtp.buzon.rechazar.discard(payload["correo"])
        pagina.click("nav.menu >> text=Correos fallidos")
        pagina.fill("#codigo_modular", codigo_modular)
        pagina.click("main >> button:has-text('Buscar')")
        assert "Resultados (2)" in _texto(pagina, "main")
        pagina.click("main >> button:has-text('Reenviar los 2 correo(s)')")
        assert "Se reenviaron 2 correo(s)" in _texto(pagina, ".aviso")
        r.pantalla("reenvio-masivo")
        registrados = [s["correo"] for s in solicitudes]
        _esperar(
            lambda: sum(len(smtp.correos(para=c)) for c in registrados) == 2,
            "los dos reenvíos al correo registrado",
        )
        _reprocesar_mensaje_fallido(pagina, r, consola, entorno)
        _salud_del_sistema(pagina, r)
        pagina.click("nav.menu >> text=Lotes de emisión")
        assert "Lotes (0)" in _texto(pagina, "main")
        assert "Ninguna solicitud lleva más de 30 minutos" in _texto(pagina, "#sin-atascadas")
        r.pantalla("lotes")
        navegador.close()
    assert not r.violaciones, "\n".join(r.violaciones)


def _mensaje_fallido(entorno) -> tuple[int, str]:
    """A dead letter in notificaciones: an acknowledgement it gave up on (to a new address)."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, insert

    from shared.db import crear_engine, tablas_infraestructura

    payload = _solicitud(f"{uuid.uuid4().int % 10_000_000:07d}")
    sobre = Evento("SolicitudRegistrada", payload).sobre("pruebas")
    tabla = tablas_infraestructura(MetaData())["mensajes_fallidos"]
    engine = crear_engine(Config.desde_entorno("notificaciones", entorno["env"]))
    with engine.begin() as conn:
        fila = conn.execute(
            insert(tabla).values(
                mensaje_id=sobre["id"],
                type="SolicitudRegistrada",
                sobre=sobre,
                error="OperationalError: la base de datos no respondió",
                permanente=0,
                intentos=6,
                creado_en=datetime.now(UTC),
            )
        )
    engine.dispose()
    return fila.inserted_primary_key[0], payload["correo"]


def _reprocesar_mensaje_fallido(pagina, r, consola: str, entorno) -> None:
    """Mensajes fallidos: the dead letter inspected and reprocessed; its email then arrives."""
    mensaje_id, correo = _mensaje_fallido(entorno)
    pagina.click("nav.menu >> text=Mensajes fallidos")
    pagina.goto(consola + "/mensajes-fallidos?servicio=notificaciones")
    assert "notificaciones (1 pendientes )" in _texto(pagina, ".pestanas")
    assert "OperationalError" in _texto(pagina, "tbody")
    r.pantalla("mensajes-fallidos")
    pagina.click(f"tbody >> text=Ver el mensaje {mensaje_id}")
    assert "SolicitudRegistrada" in _texto(pagina, "pre[aria-label='Sobre del mensaje']")
    assert correo not in _texto(pagina, "main")  # the address is masked
    r.pantalla("mensaje-fallido")
    pagina.click("main >> button:has-text('Reprocesar')")
    assert "devuelto a la cola de notificaciones" in _texto(pagina, ".aviso")
    assert _texto(pagina, "#reprocesado") != "pendiente"
    r.pantalla("mensaje-reprocesado")
    _esperar(lambda: entorno["smtp"].correos(para=correo), "el correo del mensaje reprocesado")


def _salud_del_sistema(pagina, r) -> None:
    """The health page: the services running here answer, the others are named as down."""
    pagina.click("nav.menu >> text=Salud del sistema")
    assert _texto(pagina, "#servicio-notificaciones").startswith("notificaciones ok ok ok")
    assert _texto(pagina, "#servicio-cuentas").startswith("cuentas ok ok ok")
    assert _texto(pagina, "#servicio-emision").startswith("emision no responde")
    assert _texto(pagina, "#estado-relay") == "ok"
    assert "notificaciones" in _texto(pagina, "table[aria-describedby=colas]")
    r.pantalla("salud")
