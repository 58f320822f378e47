"""The UGEL specialist's and OACIGED's own journeys in the staff panel (Debian's Chromium).

Every service, worker and the panel run as processes on PostgreSQL and Redis. A closed IE of
UGEL 03 has a citizen's request routed to its UGEL: the specialist signs in, is refused an
active IE of the same UGEL with its reason, picks the closed one, completes the last grade in
the grid, issues the request from pendientes and opens the PDF it issued. A request for
studies up to 1985 goes to OACIGED: it signs in with its TOTP code, types the grade of 1983 in
the grid, issues it and opens it. Every screen is photographed (also at 390 px) and checked
with axe-core.
"""

from __future__ import annotations

import uuid

import pytest
import redis
import requests
import sqlalchemy as sa

from herramientas import demo
from herramientas.procesos import Supervisor, frontends, relay, web, worker
from herramientas.smtp_local import iniciar
from services.emision.adapters.firma_pdf import asegurar_ca_local
from shared.config import SERVICIOS, Config, puertos
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import recursos
from tests.e2e.test_navegador import BANDERAS, CHROMIUM, _exigir_herramientas
from tests.e2e.test_panel_navegador import Recorrido, _esperar, _texto

pytestmark = pytest.mark.e2e

BASE = recursos.base(10)
REDIS_E2E = recursos.REDIS_E2E
CERRADA = {**demo.IE, "codigo_modular": "0712345", "nombre": "SAN MARTÍN", "estado": "CERRADA"}
EST_UGEL = {**demo.ESTUDIANTE, "numero_documento": "71112223", "primer_apellido": "HUAMÁN"}
EST_OACIGED = {
    **demo.ESTUDIANTE,
    "numero_documento": "08123456",
    "nombres": "ROSA ELENA",
    "primer_apellido": "CCAHUANA",
    "fecha_nacimiento": "1965-03-02",
}
ANIOS_OACIGED = [1979, 1980, 1981, 1982, 1983]


@pytest.fixture(scope="module")
def entorno(postgres_url, redis_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("panel-ugel")
    prefijo = f"u{uuid.uuid4().hex[:8]}_"
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
        "RATELIMIT_KEY_PREFIX": f"ugel-{uuid.uuid4().hex[:8]}",
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
            sup.iniciar(worker(servicio))
        sup.iniciar(relay())
        sup.iniciar(frontends(BASE))
        sup.esperar_salud(limite=120)
        urls = demo.Urls.locales(BASE)
        sesiones = demo.Sesiones(urls.cuentas, entorno["cuentas"])
        solicitudes = _cargar(urls, sesiones)
        yield {"solicitudes": solicitudes, "panel": f"http://127.0.0.1:{BASE}/panel"}
    finally:
        sup.detener_todos()


def _ok(r: requests.Response, *esperados: int) -> dict:
    assert r.status_code in (esperados or (200,)), f"{r.request.url} → {r.status_code}: {r.text}"
    return r.json() if r.content else {}


def _grados(ie: dict, anios: list[int], quien: dict, est: dict, urls) -> None:
    """Five grades by API as ``quien``; QUINTO without its situación final (the browser's)."""
    registro = demo.registrar_estudiante(urls, est, quien)
    for (grado, datos), anio in zip(demo.grados_demo(), anios, strict=True):
        datos = {**datos, "anio_lectivo": anio, "codigo_modular": ie["codigo_modular"]}
        if grado == "QUINTO":
            datos["situacion_final"] = None
        ruta = f"{registro}/grados/SECUNDARIA/{grado}"
        _ok(requests.put(ruta, json=datos, headers=quien, timeout=10))


def _cargar(urls: demo.Urls, sesiones: demo.Sesiones) -> dict:
    """Both IEs, both students with four complete grades, both requests."""
    ops, ugel = sesiones.cabecera("OPERACIONES"), sesiones.cabecera("ESPECIALISTA_UGEL")
    oaciged = sesiones.cabecera("OACIGED")
    for ie in (demo.IE, CERRADA):
        _ok(requests.post(f"{urls.notas}/api/notas/instituciones", json=ie, headers=ops), 201)
    _grados(CERRADA, [a for _, a in demo.GRADOS], ugel, EST_UGEL, urls)
    _grados(demo.IE, ANIOS_OACIGED, oaciged, EST_OACIGED, urls)
    demo.preparar_solicitudes(urls, sesiones, [EST_UGEL, EST_OACIGED])

    def conoce_la_cerrada():
        r = requests.get(
            f"{urls.solicitudes}/api/solicitudes/configuracion/habilitar-solicitud",
            params={"codigo_modular": CERRADA["codigo_modular"], "anexo": "0"},
            headers=ugel,
            timeout=10,
        )
        return r.status_code == 200

    _esperar(conoce_la_cerrada, None, "que solicitudes conozca la IE cerrada")
    _ok(
        requests.put(
            f"{urls.solicitudes}/api/solicitudes/configuracion/habilitar-solicitud",
            json={"habilitar_solicitud": True, "codigo_modular": CERRADA["codigo_modular"]}
            | {"anexo": "0"},
            headers=ugel,
            timeout=10,
        )
    )
    return {
        "ugel": _solicitar(urls, EST_UGEL, CERRADA, 2020),
        "oaciged": _solicitar(urls, EST_OACIGED, demo.IE, 1983),
    }


def _solicitar(urls, est: dict, ie: dict, ultimo_anio: int) -> dict:
    """The citizen's request (terms, identity, request) at ``ie`` up to ``ultimo_anio``."""
    terminos = _ok(requests.get(f"{urls.solicitudes}/api/solicitudes/terminos", timeout=10))
    persona = {k: est[k] for k in demo._CAMPOS_PERSONA}
    lugar = {"codigo_modular": ie["codigo_modular"], "anexo": ie["anexo"]}
    cuerpo = {**persona, **lugar, "tipo_persona": "ESTUDIANTE"}
    _ok(requests.post(f"{urls.solicitudes}/api/solicitudes/validaciones", json=cuerpo))
    cuerpo |= {
        "nivel": "SECUNDARIA",
        "ultimo_anio": ultimo_anio,
        "ultimo_grado": "QUINTO",
        "motivo_solicitud": "CONTINUIDAD_ESTUDIOS",
        "correo": f"{est['numero_documento']}@example.pe",
        "celular": "987654321",
        "acepta_terminos": True,
        "terminos_version": terminos["version"],
    }
    r = requests.post(f"{urls.solicitudes}/api/solicitudes/solicitudes", json=cuerpo, timeout=10)
    return _ok(r, 201)


def _ingresar(navegador, panel: str, cuenta, ancho: int = 1280):
    """A new browser context signed in as ``cuenta`` (with its TOTP code when it has one)."""
    contexto = navegador.new_context(viewport={"width": ancho, "height": 900}, locale="es-PE")
    pagina = contexto.new_page()
    pagina.goto(panel + "/ingresar")
    pagina.fill("#usuario", cuenta.usuario)
    pagina.fill("#clave", cuenta.clave)
    if cuenta.totp_secreto:
        pagina.fill("#codigo_totp", demo.codigo_totp(cuenta.totp_secreto))
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    return contexto, pagina


def test_la_ugel_y_la_oaciged_emiten_lo_suyo(sistema, entorno, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    carpeta = tmp_path_factory.mktemp("capturas-ugel-oaciged")
    print(f"\nCapturas en {carpeta}")
    panel = sistema["panel"]
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BANDERAS)
        r = Recorrido(None, carpeta)
        recorrido_ugel(navegador, r, entorno, sistema, panel)
        recorrido_oaciged(navegador, r, entorno, sistema, panel)
        a_390_px(navegador, r, entorno, panel)
        navegador.close()
    assert not r.violaciones, "\n".join(r.violaciones)


def recorrido_ugel(navegador, r, entorno, sistema, panel: str) -> None:
    """The specialist: an active IE refused, the closed one picked, completed, issued, opened."""
    contexto, pagina = _ingresar(navegador, panel, entorno["cuentas"]["ESPECIALISTA_UGEL"])
    r.pagina = pagina
    assert "UGEL: UGEL 03 BREÑA" in _texto(pagina, "nav.menu")
    pagina.click("nav.menu >> text=Parámetros")
    pagina.fill("#codigo", "0584714-0")
    with pagina.expect_navigation():
        pagina.click("main >> button:has-text('Continuar')")
    assert "está activa: la atiende su director, no la UGEL" in _texto(pagina, "main")
    assert pagina.locator("#codigo").count() == 1  # still asked which IE
    r.pantalla("ugel-ie-activa-rechazada")
    pagina.fill("#codigo", "0712345-0")
    with pagina.expect_navigation():
        pagina.click("main >> button:has-text('Continuar')")
    assert pagina.locator("#max_areas").count() == 1
    r.pantalla("ugel-parametros-ie-cerrada")
    numero = sistema["solicitudes"]["ugel"]["numero_solicitud"]
    _completar_y_emitir(pagina, r, panel, "HUAMÁN", numero, "ugel")
    contexto.close()


def recorrido_oaciged(navegador, r, entorno, sistema, panel: str) -> None:
    """OACIGED: the request up to 1985 in its queue, the 1983 grade typed, issued, opened."""
    contexto, pagina = _ingresar(navegador, panel, entorno["cuentas"]["OACIGED"])
    r.pagina = pagina
    assert "Configuración" not in _texto(pagina, "nav.menu")
    numero = sistema["solicitudes"]["oaciged"]["numero_solicitud"]
    _completar_y_emitir(pagina, r, panel, "CCAHUANA", numero, "oaciged")
    pagina.goto(panel + "/solicitudes/pendientes")
    assert "HUAMÁN" not in _texto(pagina, "main")  # the UGEL's request is not OACIGED's
    contexto.close()


def _completar_y_emitir(pagina, r, panel: str, apellido: str, numero: int, quien: str) -> None:
    """Pendientes → the QUINTO grid (one grade typed, situación final) → issue → the PDF."""
    pagina.click("nav.menu >> text=Solicitudes pendientes")
    fila = pagina.locator("tr", has_text=apellido)
    assert "INCOMPLETA" in fila.inner_text()
    assert "Resultados de búsqueda (1)" in _texto(pagina, "main")
    r.pantalla(f"{quien}-pendientes")
    fila.locator("text=Registrar notas").click()
    pagina.click(".pestanas >> text=QUINTO")
    celda = pagina.locator("#calificacion-0")
    celda.fill("18")
    celda.press("Tab")
    pagina.wait_for_selector("#estado-fila-0 .guardada")
    pagina.select_option("#situacion_final", "APROBADO")
    with pagina.expect_navigation():
        pagina.click("button:has-text('Guardar QUINTO') >> nth=1")
    assert "Se guardaron las notas de QUINTO" in _texto(pagina, ".aviso--exito")
    assert pagina.input_value("#calificacion-0") == "18"
    _esperar(
        lambda: "INFORMACIÓN COMPLETA" in _texto(pagina, "#estado-registro"),
        pagina,
        "INFORMACIÓN COMPLETA en el registro",
        recargar=True,
    )
    r.pantalla(f"{quien}-registro-completo")
    pagina.goto(panel + "/solicitudes/pendientes")
    _esperar(
        lambda: "INFORMACIÓN COMPLETA" in pagina.locator("tr", has_text=apellido).inner_text(),
        pagina,
        "la solicitud con INFORMACIÓN COMPLETA",
        recargar=True,
    )
    pagina.check(f"#generar-{numero}")
    with pagina.expect_navigation():
        pagina.click("button:has-text('Generar certificados seleccionados')")
    pagina.wait_for_selector("text=Lote terminado", timeout=120_000)
    assert "1 emitida, 0 fallidas" in _texto(pagina, "#avance")
    r.pantalla(f"{quien}-lote-terminado")
    pagina.click("nav.menu >> text=Certificados emitidos")
    assert "Resultados de búsqueda (1)" in _texto(pagina, "main")
    href = pagina.locator("tr", has_text=apellido).locator("a", has_text="Ver PDF")
    href = href.get_attribute("href")
    respuesta = pagina.request.get(panel.rsplit("/panel", 1)[0] + href)
    assert respuesta.status == 200, respuesta.text()[:300]
    assert respuesta.headers["content-type"] == "application/pdf"
    assert respuesta.body()[:5] == b"%PDF-"
    r.pantalla(f"{quien}-emitidos")


PANTALLAS_390 = (
    "/inicio",
    "/solicitudes/pendientes",
    "/solicitudes/emitidas",
    "/solicitudes/rechazadas",
    "/semiautomatica",
    "/emision-directa/estudiantes-actuales",
    "/configuracion/habilitar-solicitud",
    "/configuracion/talleres",
    "/configuracion/parametros",
    "/registro-notas/importacion",
)


def a_390_px(navegador, r, entorno, panel: str) -> None:
    """Every screen of the menu at a phone's 390 px: nothing wider than the screen."""
    contexto, pagina = _ingresar(navegador, panel, entorno["cuentas"]["ESPECIALISTA_UGEL"], 390)
    r.pagina = pagina
    pagina.goto(panel + "/configuracion/parametros")
    pagina.fill("#codigo", "0712345-0")
    with pagina.expect_navigation():
        pagina.click("main >> button:has-text('Continuar')")
    anchas = []
    for ruta in PANTALLAS_390:
        pagina.goto(panel + ruta)
        r.pantalla("390px" + ruta.replace("/", "-"))
        ancho = pagina.evaluate("document.documentElement.scrollWidth")
        if ancho > 390:
            anchas.append(f"{ruta}: {ancho} px")
    assert not anchas, anchas
    contexto.close()
