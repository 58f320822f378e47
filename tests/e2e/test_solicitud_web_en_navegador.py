"""The citizen's Solicitud WEB in Debian's Chromium on a phone (390×844), every process real.

Services, workers, the outbox relay and the web frontends (web.servidor, portal at /) run as
processes on PostgreSQL, Redis and a local SMTP server. The school, its grades and the identity
registry are loaded through the APIs as in ``make run``; then a person fills the five steps. A
screenshot of every screen goes to the folder the test prints; axe-core runs on each.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from herramientas import demo
from herramientas.procesos import Supervisor, frontends, relay, web, worker
from herramientas.smtp_local import iniciar, leer_buzon
from services.emision.adapters.firma_pdf import asegurar_ca_local
from services.emision.service_layer.handlers import MOTIVO_FALLA_TECNICA
from shared.adjuntos_pdf import adjunto
from shared.config import SERVICIOS, Config, puertos
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import recursos
from tests.e2e.accesibilidad import violaciones_graves
from tests.e2e.test_navegador import _exigir_herramientas, navegador

pytestmark = pytest.mark.e2e
__all__ = ["navegador"]
BASE = recursos.base(4)
REDIS_E2E = recursos.REDIS_E2E
TELEFONO = {"viewport": {"width": 390, "height": 844}, "locale": "es-PE"}
MENOR = {
    "tipo_documento": "DNI",
    "numero_documento": "71112223",
    "nombres": "LUCÍA",
    "primer_apellido": "FLORES",
    "segundo_apellido": "QUISPE",
    "fecha_nacimiento": "2012-03-01",
    "pais": "PERÚ",
}
MADRE = {
    "tipo_documento": "CE",
    "numero_documento": "001112311",
    "nombres": "ROSA",
    "primer_apellido": "QUISPE",
    "segundo_apellido": "",
    "fecha_nacimiento": "1980-01-15",
    "pais": "VENEZUELA",
}


@pytest.fixture(scope="module")
def portal(postgres_url, tmp_path_factory):
    """Every process up, the demo school loaded; yields the portal's URL and helpers."""
    _exigir_herramientas()
    var = tmp_path_factory.mktemp("solicitud-web")
    prefijo = f"w{uuid.uuid4().hex[:8]}_"
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
        "MC_WEB_COOKIE_SEGURA": "0",  # plain http on 127.0.0.1 in this test
    }
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio, env))
    firma_dir = Config.desde_entorno("emision", env).firma_dir
    rotar(firma_dir)  # real mode: keys are provisioned
    asegurar_ca_local(firma_dir)  # and the PDF signing certificate
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas", env))
    sup = Supervisor(env, var / "log")
    try:
        for servicio in SERVICIOS:
            sup.iniciar(web(servicio, p[servicio]))
            # emision gives an order up at its first failure (in production, after hours of
            # retries): the citizen's page of a failed emission is reached in seconds.
            sup.entorno["MAX_REINTENTOS"] = "0" if servicio == "emision" else "8"
            sup.iniciar(worker(servicio))
        sup.entorno.pop("MAX_REINTENTOS")
        sup.iniciar(relay())
        sup.iniciar(frontends(BASE))
        sup.esperar_salud(limite=120)
        urls = demo.Urls.locales(BASE)
        sesiones = demo.Sesiones(urls.cuentas, cuentas)
        demo.cargar_registro(urls, sesiones)
        demo.preparar_solicitudes(urls, sesiones, [demo.ESTUDIANTE, MENOR, MADRE])
        _vincular(urls, sesiones)
        capturas = var / "capturas"
        capturas.mkdir()
        yield {
            "url": f"http://127.0.0.1:{BASE}",
            "urls": urls,
            "sesiones": sesiones,
            "var": var,
            "capturas": capturas,
            "cuentas": cuentas,
            "postgres_url": postgres_url,
            "esquema_solicitudes": f"{prefijo}solicitudes",
        }
        print(f"capturas en {capturas}")
    finally:
        sup.detener_todos()
        buzon.stop()
        engine = sa.create_engine(postgres_url)
        with engine.begin() as conn:
            for servicio in SERVICIOS:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
        engine.dispose()


def _vincular(urls, sesiones) -> None:
    import requests

    vinculo = {
        "apoderado_tipo_documento": MADRE["tipo_documento"],
        "apoderado_numero_documento": MADRE["numero_documento"],
        "tipo_documento": MENOR["tipo_documento"],
        "numero_documento": MENOR["numero_documento"],
        "vinculo": "MADRE",
    }
    r = requests.put(
        f"{urls.solicitudes}/api/solicitudes/registro-identidad",
        json={"personas": [], "vinculos": [vinculo]},
        headers=sesiones.cabecera("OPERACIONES"),
        timeout=10,
    )
    assert r.status_code == 200, r.text


class Recorrido:
    """A person on a phone: each screen photographed and checked with axe-core."""

    def __init__(self, navegador, portal: dict, nombre: str):
        self.contexto = navegador.new_context(**TELEFONO)
        self.pagina = self.contexto.new_page()
        self.carpeta: Path = portal["capturas"] / nombre
        self.carpeta.mkdir()
        self.base = portal["url"]
        self.n = 0

    def mirar(self, nombre: str) -> None:
        self.n += 1
        self.pagina.screenshot(
            path=str(self.carpeta / f"{self.n:02d}-{nombre}.png"), full_page=True
        )
        assert violaciones_graves(self.pagina) == [], nombre
        ancho = self.pagina.evaluate("document.documentElement.scrollWidth")
        assert ancho <= 390, f"{nombre}: la página mide {ancho} px de ancho en un teléfono"
        assert "numero_documento" not in self.pagina.url and "7252" not in self.pagina.url

    def continuar(self, texto: str = "Continuar") -> None:
        self.pagina.get_by_role("button", name=texto).click()
        self.pagina.wait_for_load_state()

    def hasta_tipo_de_persona(self, tipo: str) -> None:
        p = self.pagina
        p.goto(self.base + "/")
        self.mirar("inicio")
        p.click("#comenzar")
        self.mirar("busqueda")
        p.fill("#q", demo.IE["codigo_modular"])
        self.continuar("Buscar")
        assert "Recibe solicitudes por la web" in p.locator("#institucion").inner_text()
        self.mirar("resultados")
        p.check(f"#ie-{demo.IE['codigo_modular']}-{demo.IE['anexo']}")
        self.continuar()
        self.mirar("terminos")
        p.check("#acepta")
        self.continuar()
        self.mirar("tipo-persona")
        p.check(f"input[value={tipo}]")
        self.continuar()

    def persona(self, datos: dict, boton: str = "Validar y continuar") -> None:
        p = self.pagina
        p.select_option("#tipo_documento", datos["tipo_documento"])
        p.fill("#numero_documento", datos["numero_documento"])
        p.fill("#fecha_nacimiento", datos["fecha_nacimiento"])
        p.fill("#primer_apellido", datos["primer_apellido"])
        p.fill("#segundo_apellido", datos["segundo_apellido"])
        p.fill("#nombres", datos["nombres"])
        p.fill("#pais", datos["pais"])
        self.continuar(boton)

    def solicitud_y_envio(self, correo: str) -> str:
        p = self.pagina
        self.mirar("solicitud")
        p.select_option("#nivel", "SECUNDARIA")
        p.fill("#ultimo_anio", "2020")
        p.select_option("#ultimo_grado", "QUINTO")
        p.select_option("#motivo_solicitud", "CONTINUIDAD_ESTUDIOS")
        p.fill("#correo", correo)
        self.continuar()
        assert "Continuidad de estudios (Educación)" in p.locator("#respuestas").inner_text()
        self.mirar("revisar")
        self.continuar("Enviar la solicitud")
        self.mirar("registrada")
        return p.locator("#codigo-seguimiento").inner_text().strip()


def _esperar(condicion, que: str, limite: float = 60.0):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        if valor := condicion():
            return valor
        time.sleep(0.5)
    raise AssertionError(f"tiempo agotado esperando {que}")


def _acuse(portal: dict, codigo: str):
    return [
        m
        for m in leer_buzon(portal["var"] / "correo")
        if codigo in m.get_body(("plain",)).get_content()
    ]


def test_un_ciudadano_completa_los_cinco_pasos_y_luego_ve_su_solicitud_emitida(navegador, portal):
    r = Recorrido(navegador, portal, "estudiante")
    r.hasta_tipo_de_persona("ESTUDIANTE")
    r.mirar("estudiante")
    r.persona(demo.ESTUDIANTE)
    codigo = r.solicitud_y_envio("vanessa@example.pe")
    assert len(codigo.replace("-", "")) >= 10
    numero = int(r.pagina.locator("#numero-solicitud").inner_text())
    [acuse] = _esperar(lambda: _acuse(portal, codigo), "el correo de acuse")
    enlace = f"{portal['url']}/seguimiento/{codigo}"
    assert enlace in acuse.get_body(("plain",)).get_content()  # the email links the tracking

    r.pagina.click("#ir-seguimiento")
    assert r.pagina.url == enlace
    assert r.pagina.locator("#estado-solicitud").inner_text() == "PENDIENTE"
    r.mirar("seguimiento-pendiente")
    demo.emitir(portal["urls"], portal["sesiones"], numero)  # the director, via the API
    demo.esperar_emitida(portal["urls"], codigo)
    r.pagina.reload()
    assert r.pagina.locator("#estado-solicitud").inner_text() == "EMITIDA"
    assert "EMITIDA" in r.pagina.locator("#historial").inner_text()
    r.mirar("seguimiento-emitida")

    # Mis certificados: the código virtual and the document (a POST) to see and re-download.
    codigo_virtual = r.pagina.locator("#codigo-virtual").inner_text().strip()
    r.pagina.get_by_role("link", name="ver y descargar mi certificado").click()
    r.pagina.fill("#codigo_virtual", codigo_virtual.replace("-", "").lower())  # as typed
    r.pagina.fill("#numero_documento", demo.ESTUDIANTE["numero_documento"])
    r.continuar("Ver mi certificado")
    assert r.pagina.locator("#titular").inner_text() == "VANESSA DEL PILAR FLORES LIZANA"
    r.mirar("mis-certificados")
    with r.pagina.expect_download() as descarga:
        r.pagina.get_by_role("button", name="Descargar el PDF").click()
    pdf = Path(descarga.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert descarga.value.suggested_filename == f"certificado-{codigo_virtual}.pdf"
    with r.pagina.expect_download() as descarga:
        r.pagina.get_by_role("button", name="Descargar la credencial verificable (.jwt)").click()
    credencial = Path(descarga.value.path()).read_text()
    assert descarga.value.suggested_filename == f"certificado-{codigo_virtual}.jwt"
    assert adjunto(pdf).decode() == credencial  # the very credential inside the PDF
    r.contexto.close()


def test_un_apoderado_solicita_el_certificado_de_una_menor(navegador, portal):
    r = Recorrido(navegador, portal, "apoderado")
    r.hasta_tipo_de_persona("APODERADO")
    r.mirar("apoderado")
    r.persona(MADRE, "Continuar")
    r.mirar("estudiante-menor")
    r.persona(MENOR)
    codigo = r.solicitud_y_envio("rosa.quispe@example.pe")
    _esperar(lambda: _acuse(portal, codigo), "el correo de acuse")
    r.contexto.close()


def test_una_menor_que_pide_como_estudiante_lee_el_motivo_y_no_pierde_lo_escrito(navegador, portal):
    r = Recorrido(navegador, portal, "rechazo")
    r.hasta_tipo_de_persona("ESTUDIANTE")
    r.persona(MENOR)
    resumen = r.pagina.locator(".resumen-errores").inner_text()
    assert "El estudiante es menor de edad" in resumen and "Apoderado" in resumen
    assert r.pagina.locator("#cambiar-tipo").is_visible()  # a way to the step to change
    assert r.pagina.input_value("#numero_documento") == MENOR["numero_documento"]
    assert r.pagina.input_value("#nombres") == MENOR["nombres"]
    r.mirar("motivo-del-rechazo")
    r.contexto.close()


def test_sin_javascript_la_solicitud_tambien_funciona(navegador, portal):
    contexto = navegador.new_context(**TELEFONO, java_script_enabled=False)
    pagina = contexto.new_page()
    pagina.goto(portal["url"] + "/solicitud/institucion")
    pagina.fill("#distrito", "Breña")  # by place: the padrón in notas
    pagina.get_by_role("button", name="Buscar").click()
    pagina.check(f"#ie-{demo.IE['codigo_modular']}-{demo.IE['anexo']}")
    pagina.get_by_role("button", name="Continuar").click()
    assert "Términos y condiciones" in pagina.locator("h1").inner_text()
    pagina.get_by_role("button", name="Continuar").click()  # without accepting
    assert "Debe aceptar" in pagina.locator(".resumen-errores").inner_text()
    contexto.close()


# What only staff may read: exception class names (camel case: ErrorTransitorio, ValueError),
# the old "Detalle técnico:" suffix, and the cause emision gave up on.
TECNICO = re.compile(
    r"[a-z]Error|Error[A-Z]|Exception|Traceback|Detalle técnico|reintentos|aún no llega"
)


def test_una_emision_fallida_dice_al_ciudadano_que_paso_y_al_director_el_detalle(navegador, portal):
    """emision cannot issue (its copy of the grades is behind the version solicitudes saw):
    the order is given up, the request goes to ERROR. The citizen's tracking page says it in
    plain words and what to do; the director's panel shows the technical cause."""
    solicitud = demo.solicitar(portal["urls"], "falla@example.pe", demo.ESTUDIANTE)
    numero, codigo = solicitud["numero_solicitud"], solicitud["codigo_seguimiento"]
    engine = sa.create_engine(portal["postgres_url"])
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f'UPDATE "{portal["esquema_solicitudes"]}".completitudes '
                "SET version = version + 100 WHERE numero_documento = :n"
            ),
            {"n": demo.ESTUDIANTE["numero_documento"]},
        )
    engine.dispose()
    demo.emitir(portal["urls"], portal["sesiones"], numero)

    r = Recorrido(navegador, portal, "emision-fallida")
    r.pagina.goto(f"{portal['url']}/seguimiento/{codigo}")

    def en_error() -> bool:
        r.pagina.reload()
        return r.pagina.locator("#estado-solicitud").inner_text() == "ERROR"

    _esperar(en_error, "la solicitud en ERROR")
    texto = r.pagina.locator("main").inner_text()
    assert r.pagina.locator("#detalle-estado").inner_text() == MOTIVO_FALLA_TECNICA
    assert f"N.° de solicitud {numero:08d}" in r.pagina.locator("#que-hacer").inner_text()
    assert TECNICO.search(texto) is None, TECNICO.search(texto)
    r.mirar("seguimiento-error")
    r.contexto.close()

    director = portal["cuentas"]["DIRECTOR_IE"]
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="es-PE")
    pagina = contexto.new_page()
    pagina.goto(f"{portal['url']}/panel/")
    pagina.fill("#usuario", director.usuario)
    pagina.fill("#clave", director.clave)
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Ingresar").click()
    pagina.goto(f"{portal['url']}/panel/solicitudes/{numero}")
    assert pagina.locator("#motivo-falla").inner_text() == MOTIVO_FALLA_TECNICA
    detalle = pagina.locator("#detalle-tecnico").inner_text()
    assert "el registro de notas aún no llega a emisión" in detalle
    assert "Detalle técnico:" in pagina.locator("table").inner_text()  # on the ERROR line
    pagina.screenshot(path=str(portal["capturas"] / "panel-solicitud-error.png"), full_page=True)
    assert violaciones_graves(pagina) == []
    contexto.close()
