"""The staff panel in a real browser (Debian's Chromium) on real processes.

Every service, worker and the panel run as processes on PostgreSQL, Redis and a real SMTP
server. A director signs in, sees the pendientes, registers a student's five grades by typing
in the grid, sees the request turn INFORMACIÓN COMPLETA, issues every complete request as one
lote and watches the bar reach 100 %, opens a certificate and resends it to another address
(the email arrives). Every screen is photographed and checked with axe-core.
"""

from __future__ import annotations

import re
import time
import uuid

import pytest
import redis
import sqlalchemy as sa

from herramientas import demo
from herramientas.procesos import Supervisor, frontends, relay, web, worker
from herramientas.smtp_local import iniciar, leer_buzon
from services.emision.adapters.firma_pdf import asegurar_ca_local
from shared.config import SERVICIOS, Config, puertos
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import datos_panel, recursos
from tests.e2e.test_navegador import BANDERAS, CHROMIUM, _exigir_herramientas

pytestmark = pytest.mark.e2e

BASE = recursos.base(7)
REDIS_E2E = recursos.REDIS_E2E
ESTUDIANTES = 50  # one typed in the browser + 49 loaded by API: a lote of 50, as the issue says
NOTAS_DCN = ["14", "15", "16", "13", "12", "17", "15", "14", "EXO", "16", "15"]


@pytest.fixture(scope="module")
def entorno(postgres_url, redis_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("panel")
    prefijo = f"p{uuid.uuid4().hex[:8]}_"
    cliente = redis.Redis.from_url(REDIS_E2E)
    cliente.flushdb()
    cliente.close()
    buzon = iniciar(var / "correo", port=0)
    p = puertos(BASE)
    env = {
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_E2E,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(buzon.port),
        "MC_VAR_DIR": str(var),
        **recursos.entorno_de_puertos(BASE),
        "URL_VERIFICACION": f"http://127.0.0.1:{p['verificacion']}",
        "URL_EMISION": f"http://127.0.0.1:{p['emision']}",
        "CLAVE_SERVICIOS": claves_prueba.clave_servicios(),
        "MC_WEB_CLAVE_SECRETA": uuid.uuid4().hex,
        # 50 citizens' requests from one address in a minute: above the public per-IP limit.
        "LIMITE_POR_IP": "1000 per minute",
        "RATELIMIT_KEY_PREFIX": f"panel-{uuid.uuid4().hex[:8]}",
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
    _exigir_herramientas()
    sup = Supervisor(entorno["env"], entorno["var"] / "log")
    p = puertos(BASE)
    try:
        for servicio in SERVICIOS:
            sup.iniciar(web(servicio, p[servicio]))
            sup.iniciar(worker(servicio, concurrencia=2 if servicio == "emision" else 1))
        sup.iniciar(relay())
        sup.iniciar(frontends(BASE))
        sup.esperar_salud(limite=120)
        urls = demo.Urls.locales(BASE)
        sesiones = demo.Sesiones(urls.cuentas, entorno["cuentas"])
        solicitudes = datos_panel.cargar(urls, sesiones, ESTUDIANTES)
        yield {"sup": sup, "solicitudes": solicitudes, "panel": f"http://127.0.0.1:{BASE}/panel"}
    finally:
        sup.detener_todos()


class Recorrido:
    """A browser page that photographs and axe-checks every screen it reaches."""

    def __init__(self, pagina, carpeta):
        from axe_playwright_python.sync_playwright import Axe

        self.pagina, self.carpeta, self.axe, self.n = pagina, carpeta, Axe(), 0
        self.violaciones: list[str] = []

    def pantalla(self, nombre: str) -> None:
        self.n += 1
        self.pagina.screenshot(
            path=str(self.carpeta / f"{self.n:02d}-{nombre}.png"), full_page=True
        )
        resultado = self.axe.run(self.pagina)
        for v in resultado.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                objetivos = [n["target"] for n in v["nodes"]][:3]
                self.violaciones.append(f"{nombre}: {v['id']} ({v['impact']}) {objetivos}")


def _texto(pagina, selector: str) -> str:
    return re.sub(r"\s+", " ", pagina.inner_text(selector)).strip()


def test_directora_registra_notas_y_emite_un_lote(sistema, entorno, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    carpeta = tmp_path_factory.mktemp("capturas-panel")
    print(f"\nCapturas del panel en {carpeta}")
    director = entorno["cuentas"]["DIRECTOR_IE"]
    panel = sistema["panel"]
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1280, "height": 900}, locale="es-PE")
        r = Recorrido(pagina, carpeta)

        # Sign-in: a wrong password is refused in Spanish, the user name kept.
        pagina.goto(panel + "/")
        r.pantalla("ingreso")
        pagina.fill("#usuario", director.usuario)
        pagina.fill("#clave", "no-es-la-clave")
        pagina.click("button:has-text('Ingresar')")
        assert "Usuario o clave incorrectos." in _texto(pagina, ".resumen-errores")
        assert pagina.input_value("#usuario") == director.usuario
        r.pantalla("ingreso-error")
        pagina.fill("#clave", director.clave)
        with pagina.expect_navigation():
            pagina.keyboard.press("Enter")
        assert "Bienvenido/a: PALACIOS PONCE, LOURDES HAYDEE" in _texto(pagina, "nav.menu")
        assert "Código modular y anexo: 0584714-0" in _texto(pagina, "nav.menu")
        r.pantalla("inicio")

        # Pendientes: the first student's request lacks its grades.
        pagina.click("nav.menu >> text=Solicitudes pendientes")
        fila = pagina.locator("tr", has_text="FLORES")
        assert "SIN INFORMACIÓN" in fila.inner_text() or "INCOMPLETA" in fila.inner_text()
        r.pantalla("pendientes")

        # Registro de notas: the student's data first, then five grades typed in the grid.
        fila.locator("text=Registrar notas").click()
        assert pagina.input_value("#primer_apellido") == "FLORES"
        r.pantalla("registro-estudiante")
        pagina.click("button:has-text('Registrar estudiante')")
        for i, (grado, anio) in enumerate(demo.GRADOS):
            _registrar_grado(pagina, r, grado, anio, primera_vez=i == 0)
        _esperar(
            lambda: "INFORMACIÓN COMPLETA" in _texto(pagina, "#estado-registro"),
            pagina,
            "INFORMACIÓN COMPLETA en el registro",
        )
        r.pantalla("registro-completo")

        # The request turns INFORMACIÓN COMPLETA in the queue (solicitudes learns by event).
        pagina.goto(panel + "/solicitudes/pendientes")
        _esperar(
            lambda: "INFORMACIÓN COMPLETA" in pagina.locator("tr", has_text="FLORES").inner_text(),
            pagina,
            "la solicitud con INFORMACIÓN COMPLETA",
            recargar=True,
        )
        # Semi-automatic emission of every complete request as one lote.
        pagina.click("nav.menu >> text=Solicitudes para emisión semi-automática")
        assert f"({ESTUDIANTES})" in _texto(pagina, "main")
        r.pantalla("semiautomatica")
        pagina.check("#todas")
        pagina.click("button:has-text('Emitir certificados')")
        assert "Avance:" in _texto(pagina, "#avance")
        r.pantalla("lote-en-curso")
        pagina.wait_for_selector("text=Lote terminado", timeout=180_000)
        estado = _texto(pagina, "#avance")
        assert "Avance: 100 %" in estado
        assert f"{ESTUDIANTES} emitidas, 0 fallidas" in estado
        assert pagina.get_attribute("[role=progressbar]", "aria-valuenow") == "100"
        r.pantalla("lote-terminado")

        # Certificados emitidos: the PDF as staff (no document in the URL), then a resend.
        pagina.click("nav.menu >> text=Certificados emitidos")
        assert f"Resultados de búsqueda ({ESTUDIANTES})" in _texto(pagina, "main")
        pagina.fill("#texto", "FLORES")  # the filters are POSTed: nothing personal in the URL
        with pagina.expect_navigation():
            pagina.click("main >> button:has-text('Buscar')")
        assert "Resultados de búsqueda (1)" in _texto(pagina, "main")
        assert "FLORES" not in pagina.url
        fila = pagina.locator("tr", has_text="FLORES")
        enlace = fila.locator("a", has_text="Ver PDF")
        href = enlace.get_attribute("href")
        assert datos_panel.estudiante(0)["numero_documento"] not in href
        respuesta = pagina.request.get(panel.rsplit("/panel", 1)[0] + href)
        assert respuesta.headers["content-type"] == "application/pdf"
        assert respuesta.body()[:5] == b"%PDF-"
        r.pantalla("emitidos")
        fila.locator("a", has_text="Reenviar").click()
        pagina.wait_for_selector("dialog[open]")
        assert "Último año de matrícula 2020" in _texto(pagina, "dialog")
        pagina.fill("#correo_alternativo", "no-es-correo")
        pagina.click("dialog >> button:has-text('Enviar')")
        pagina.wait_for_selector("dialog[open] .resumen-errores")
        assert pagina.input_value("#correo_alternativo") == "no-es-correo"
        r.pantalla("reenvio-error")
        pagina.fill("#correo_alternativo", "alterno@example.pe")
        pagina.click("dialog >> button:has-text('Enviar')")
        pagina.wait_for_selector(".aviso--exito")
        r.pantalla("reenviado")
        url_pdf = href
        pantallas_de_la_directora(pagina, r, panel)

        # An expired session goes to sign-in and then back to the same screen.
        pagina.context.clear_cookies()
        pagina.goto(panel + "/configuracion/parametros")
        assert "Su sesión terminó" in _texto(pagina, ".aviso")
        pagina.fill("#usuario", director.usuario)
        pagina.fill("#clave", director.clave)
        with pagina.expect_navigation():
            pagina.keyboard.press("Enter")
        assert pagina.url == panel + "/configuracion/parametros"
        otra_ie(navegador, r, entorno, panel, url_pdf)
        otros_roles(navegador, r, entorno, panel)
        navegador.close()

    _esperar_correo(entorno, "alterno@example.pe")
    assert not r.violaciones, "\n".join(r.violaciones)


def pantallas_de_la_directora(pagina, r, panel: str) -> None:
    """The other screens of the menu, each photographed and checked, with one refusal each."""
    pagina.click("nav.menu >> text=Habilitar solicitud")
    assert "HABILITADA" in _texto(pagina, "main")
    r.pantalla("habilitar-solicitud")
    pagina.click("nav.menu >> text=Taller institución")
    pagina.fill("#nombre", "DANZA MODERNA")
    with pagina.expect_navigation():
        pagina.click("button:has-text('+ Agregar')")
    assert "DANZA MODERNA" in _texto(pagina, "tbody")
    with pagina.expect_navigation():
        pagina.click("tbody >> button:has-text('Dar de baja')")
    assert "Inactivo" in _texto(pagina, "tbody")
    r.pantalla("talleres")
    pagina.click("nav.menu >> text=Parámetros")
    pagina.fill("#max_areas", "99")
    with pagina.expect_navigation():
        pagina.click("main >> button:has-text('Guardar')")
    assert "Un número de 0 a 30." in _texto(pagina, ".resumen-errores")
    assert pagina.input_value("#max_areas") == "99"
    r.pantalla("parametros-error")
    pagina.click("nav.menu >> text=Estudiantes actuales")
    r.pantalla("estudiantes-actuales")
    pagina.click("nav.menu >> text=Búsqueda de estudiantes")
    assert "Para EBR, podrá ingresar como año máximo de culminación hasta el 2012" in _texto(
        pagina, "main"
    )
    est = datos_panel.estudiante(0)
    pagina.fill("#numero_documento", est["numero_documento"])
    pagina.fill("#nombres", est["nombres"])
    pagina.fill("#primer_apellido", est["primer_apellido"])
    pagina.fill("#segundo_apellido", est["segundo_apellido"])
    pagina.fill("#fecha_nacimiento", est["fecha_nacimiento"])
    r.pantalla("busqueda-estudiantes")
    with pagina.expect_navigation():
        pagina.click("main >> button:has-text('Buscar')")
    pagina.wait_for_selector("dialog[open]")
    assert "El estudiante ya cuenta con un certificado emitido." in _texto(pagina, "dialog")
    r.pantalla("busqueda-dialogo")
    pagina.click("dialog >> text=Cancelar")
    r.pantalla("informacion-adicional")
    pagina.click("nav.menu >> text=Importar actas (CSV)")
    csv = carpeta_csv(pagina) / "actas.csv"
    csv.write_text(
        "tipo_documento,numero_documento,nombres,primer_apellido,fecha_nacimiento,nivel,"
        "modalidad,grado,anio_lectivo,codigo_modular,anexo,situacion_final,MATEMÁTICA\n"
        "DNI,71234567,ANA,QUISPE,2004-02-01,SECUNDARIA,EBR,PRIMERO,2017,0584714,0,APROBADO,15\n"
        "DNI,71234568,LUIS,QUISPE,2004-02-01,SECUNDARIA,EBR,PRIMERO,3000,0584714,0,APROBADO,15\n",
        encoding="utf-8",
    )
    pagina.set_input_files("#archivo", str(csv))
    with pagina.expect_navigation():
        pagina.click("main >> button:has-text('Importar')")
    reporte = _texto(pagina, "#reporte + p")
    assert "Filas leídas: 2 · guardadas: 1 · con errores: 1" in reporte, reporte
    assert "anio_lectivo" in _texto(pagina, "main table")
    r.pantalla("importacion-actas")
    pagina.click("nav.menu >> text=Solicitudes rechazadas")
    r.pantalla("rechazadas")
    pagina.click("nav.menu >> text=Certificados emitidos")
    pagina.locator("tr", has_text="FLORES").locator("a", has_text="Ver").last.click()
    assert "Historial" in _texto(pagina, "main")
    r.pantalla("solicitud")
    pagina.click("nav.menu >> text=Certificados emitidos")
    pagina.locator("tr", has_text="FLORES").locator("a", has_text="Anular").click()
    pagina.fill("#motivo_anulacion", "corto")
    with pagina.expect_navigation():
        pagina.click("button:has-text('Anular certificado')")
    assert "entre 10 y 500 caracteres" in _texto(pagina, ".resumen-errores")
    r.pantalla("anulacion-error")


def carpeta_csv(pagina):
    """A folder for the files the browser uploads."""
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp(prefix="panel-csv-"))


def otra_ie(navegador, r, entorno, panel: str, url_pdf: str) -> None:
    """A director of another IE sees nothing of this one's students or certificates."""
    from services.cuentas.entrypoints.cli import crear_cuenta

    datos = {
        "usuario": "45678901",
        "nombres": "PEDRO",
        "apellidos": "OTRA IE",
        "correo": "pedro@example.pe",
        "rol": "DIRECTOR_IE",
        "codigo_modular": "0321456",
        "anexo": "0",
        "niveles": ("SECUNDARIA",),
    }
    clave = "clave-de-otra-ie-1"
    crear_cuenta(Config.desde_entorno("cuentas", entorno["env"]), datos, clave)
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900})
    pagina = contexto.new_page()
    pagina.goto(panel + "/ingresar")
    pagina.fill("#usuario", datos["usuario"])
    pagina.fill("#clave", clave)
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    for cola in ("pendientes", "emitidas", "rechazadas"):
        pagina.goto(f"{panel}/solicitudes/{cola}")
        assert "Resultados de búsqueda (0)" in _texto(pagina, "main"), cola
        assert "FLORES" not in _texto(pagina, "main")
    respuesta = pagina.request.get(panel.rsplit("/panel", 1)[0] + url_pdf)
    assert respuesta.status in (403, 404) and respuesta.headers["content-type"].startswith(
        "text/html"
    )
    pagina.goto(panel + "/solicitudes/1")
    assert "FLORES" not in _texto(pagina, "main")
    r.pagina = pagina
    r.pantalla("otra-ie-sin-acceso")
    contexto.close()


def otros_roles(navegador, r, entorno, panel: str) -> None:
    """OACIGED signs in with its TOTP code; a UGEL specialist picks the IE to configure."""
    oaciged = entorno["cuentas"]["OACIGED"]
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900})
    pagina = contexto.new_page()
    r.pagina = pagina
    pagina.goto(panel + "/ingresar")
    pagina.fill("#usuario", oaciged.usuario)
    pagina.fill("#clave", oaciged.clave)
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert "código de verificación" in _texto(pagina, ".resumen-errores").lower()
    r.pantalla("oaciged-totp")
    pagina.fill("#clave", oaciged.clave)
    pagina.fill("#codigo_totp", demo.codigo_totp(oaciged.totp_secreto))
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert "Rol:" in _texto(pagina, "nav.menu") and "Configuración" not in _texto(
        pagina, "nav.menu"
    )
    r.pantalla("oaciged-inicio")
    pagina.click("nav.menu >> text=Solicitudes pendientes")
    r.pantalla("oaciged-pendientes")
    contexto.close()

    ugel = entorno["cuentas"]["ESPECIALISTA_UGEL"]
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900})
    pagina = contexto.new_page()
    r.pagina = pagina
    pagina.goto(panel + "/ingresar")
    pagina.fill("#usuario", ugel.usuario)
    pagina.fill("#clave", ugel.clave)
    if ugel.totp_secreto:
        pagina.fill("#codigo_totp", demo.codigo_totp(ugel.totp_secreto))
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert "UGEL: UGEL 03 BREÑA" in _texto(pagina, "nav.menu")
    pagina.click("nav.menu >> text=Parámetros")
    r.pantalla("ugel-elegir-ie")
    pagina.fill("#codigo", "0584714-0")
    with pagina.expect_navigation():
        pagina.click("main >> button:has-text('Continuar')")
    r.pantalla("ugel-parametros")
    contexto.close()


def _registrar_grado(pagina, r, grado: str, anio: int, primera_vez: bool) -> None:
    """One grade by keyboard: año lectivo, save, «Agregar todos», type each cell, save."""
    pagina.click(f".pestanas >> text={grado}")
    pagina.fill("#anio_lectivo", str(anio))
    pagina.select_option("#codigo", "0584714-0")
    with pagina.expect_navigation():
        pagina.click("button:has-text('Guardar " + grado + "') >> nth=1")
    assert f"Se guardaron las notas de {grado}" in _texto(pagina, ".aviso--exito")
    pagina.select_option("#diseno_curricular", "EBR-SEC-DCN2009")
    with pagina.expect_navigation():
        pagina.click("button:has-text('Agregar todos')")
    celdas = pagina.locator("input[id^=calificacion-]")
    assert celdas.count() == len(NOTAS_DCN)
    if primera_vez:
        celdas.nth(0).fill("25")  # not an allowed grade: refused beside its cell
        celdas.nth(0).press("Tab")
        pagina.wait_for_selector("#estado-fila-0 .campo__error")
        assert "no permitida" in _texto(pagina, "#estado-fila-0")
        r.pantalla("registro-celda-rechazada")
    celdas.nth(0).focus()
    for i, nota in enumerate(NOTAS_DCN):  # typing, Enter to the next cell, as a director does
        pagina.keyboard.press("Control+A")
        pagina.keyboard.type(nota)
        pagina.keyboard.press("Enter" if i < len(NOTAS_DCN) - 1 else "Tab")
        if i < len(NOTAS_DCN) - 1:
            assert pagina.evaluate("document.activeElement.id") == f"calificacion-{i + 1}"
    pagina.select_option("#situacion_final", "APROBADO")
    # Each cell was saved as it was typed («Guardado» beside it); wait for the last answers so
    # that no message changing size moves the button under the mouse. The grade save merges
    # with any row save still running (409 → read again → save).
    n = len(NOTAS_DCN)
    pagina.wait_for_function(
        f"() => document.querySelectorAll('.estado-fila .guardada').length >= {n}"
    )
    with pagina.expect_navigation():
        pagina.click("button:has-text('Guardar " + grado + "') >> nth=1")
    if not pagina.locator(".aviso--exito").count():
        r.pantalla(f"fallo-{grado}")
    assert f"Se guardaron las notas de {grado}" in _texto(pagina, ".aviso--exito")
    assert pagina.input_value("#calificacion-8") == "EXO"
    if primera_vez:
        r.pantalla("registro-grado")


def _esperar(condicion, pagina, que: str, limite: float = 60.0, recargar: bool = False) -> None:
    fin = time.monotonic() + limite
    while not condicion():
        if time.monotonic() > fin:
            raise AssertionError(f"tiempo agotado esperando {que}")
        time.sleep(0.5)
        if recargar:
            pagina.reload()


def _esperar_correo(entorno, destinatario: str, limite: float = 60.0) -> None:
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if any(m["To"] == destinatario for m in leer_buzon(entorno["var"] / "correo")):
            return
        time.sleep(0.5)
    raise AssertionError(f"no llegó el correo a {destinatario}")
