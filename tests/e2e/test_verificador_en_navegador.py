"""The verifier in Debian's Chromium: a phone camera reads the QR; each page passes axe.

The camera is Chromium's fake capture device fed a video made from the rendered PDF page
(pdftoppm → PNG → ffmpeg → .y4m), so the landing page's scanner (jsQR, vendored) decodes the very
QR that emision printed. verificacion runs under gunicorn as in ``test_navegador``.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from herramientas.procesos import Supervisor, web
from herramientas.smtp_local import iniciar
from shared.config import puertos
from tests import claves_prueba
from tests.conftest import PG_URL, REDIS_URL
from tests.e2e import recursos
from tests.e2e.accesibilidad import violaciones_graves
from tests.e2e.test_navegador import BANDERAS, CHROMIUM, _exigir_herramientas, navegador, url_del_qr
from tests.integration import datos
from tests.integration.verificacion.conftest import crear_sistema, emitir, pdf_de_emision

pytestmark = pytest.mark.e2e
__all__ = ["navegador"]  # the browser fixture, shared with test_navegador
BASE = recursos.base(3)
TELEFONO = {"width": 390, "height": 844}
ES = {"viewport": TELEFONO, "locale": "es-PE"}  # a phone in Peru (Chromium asks en-US otherwise)


@pytest.fixture(scope="module")
def sistema(request, tmp_path_factory):
    """Issue in-process; serve verificacion and emision (the grades' content) with gunicorn."""
    _exigir_herramientas()
    prefijo = request.getfixturevalue("prefijo_pg")
    var = tmp_path_factory.mktemp("verificador")
    url = f"http://127.0.0.1:{puertos(BASE)['verificacion']}"
    limites = f"prueba-{uuid.uuid4().hex[:10]}"
    buzon = iniciar(var / "correo", port=0)
    sistema = crear_sistema(prefijo, var, buzon, URL_VERIFICACION=url, RATELIMIT_KEY_PREFIX=limites)
    sistema.apps["verificacion"].extensions["verificacion"].claves.claves()  # the local copy
    env = {
        "DATABASE_URL": PG_URL,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_URL,
        "MC_VAR_DIR": str(var),
        "URL_EMISION": f"http://127.0.0.1:{puertos(BASE)['emision']}",
        "URL_VERIFICACION": url,
        "RATELIMIT_KEY_PREFIX": limites,
        "WEB_CONCURRENCY": "1",
        **claves_prueba.entorno(),
    }
    sup = Supervisor(env, var / "log")
    try:
        for servicio in ("emision", "verificacion"):
            sup.iniciar(web(servicio, puertos(BASE)[servicio]))
        sup.esperar_salud(limite=60)
        sistema.var, sistema.url = var, url
        yield sistema
    finally:
        sup.detener_todos()
        buzon.stop()
        for app in sistema.apps.values():
            app.extensions["mc"].engine.dispose()


def _video_de_la_pagina_con_qr(pdf: bytes, carpeta: Path) -> Path:
    """A few seconds of video of the PDF page that holds the QR, as a camera would film it."""
    if not shutil.which("ffmpeg"):
        pytest.fail("falta ffmpeg para la cámara simulada (apt-get install ffmpeg)")
    url_del_qr(pdf, carpeta)  # renders every page and proves one holds a readable QR
    imagen = next(p for p in sorted(carpeta.glob("pagina*.png")) if _tiene_qr(p))
    video = carpeta / "camara.y4m"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(imagen), "-t", "2",
         "-r", "5", "-vf", "scale=1000:-2,format=yuv420p", str(video)],
        check=True, timeout=120,
    )  # fmt: skip
    return video


def _tiene_qr(imagen: Path) -> bool:
    leido = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(imagen)],
        capture_output=True, timeout=60,
    )  # fmt: skip
    return leido.returncode == 0


def _sin_violaciones(pagina, nombre: str, carpeta: Path) -> None:
    pagina.screenshot(path=str(carpeta / f"{nombre}.png"), full_page=True)
    graves = violaciones_graves(pagina)
    assert graves == [], f"{nombre}: {graves}"


def test_la_camara_del_telefono_lee_el_qr_y_la_pagina_dice_vigente(sistema, tmp_path):
    from playwright.sync_api import sync_playwright

    ie, est = datos.institucion(), datos.estudiante(nombres="LUCÍA", primer_apellido="CCORI")
    datos.registrar_todo(sistema, ie, est)
    codigo = emitir(sistema, ie, est)
    video = _video_de_la_pagina_con_qr(
        pdf_de_emision(sistema, codigo, est["numero_documento"]), tmp_path
    )
    camara = ["--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"]
    base = sistema.url
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=BANDERAS + camara
        )
        contexto = chromium.new_context(**ES, permissions=["camera"])
        pagina = contexto.new_page()
        peticiones: list[str] = []
        pagina.on("request", lambda r: peticiones.append(r.url))
        pagina.goto(f"{base}/v/")
        pagina.click("#iniciar-escaner")
        pagina.wait_for_url(f"**/v/{codigo}?s=*", timeout=30_000)
        pagina.screenshot(path=str(sistema.var / "camara-vigente.png"), full_page=True)
        assert pagina.locator("#estado").inner_text() == "✔ VIGENTE"
        assert pagina.locator("#comprobacion-sello").get_attribute("data-resultado") == "SUPERADA"
        # Nothing but this site's own pages and files was asked for: the frames stayed here.
        assert all(url.startswith(base) for url in peticiones), peticiones
        contexto.close()
        chromium.close()
    print(f"capturas en {sistema.var}")


def test_cada_pagina_del_verificador_en_un_telefono_pasa_axe(sistema, navegador, tmp_path):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    codigo = emitir(sistema, ie, est)
    qr = url_del_qr(pdf_de_emision(sistema, codigo, est["numero_documento"]), tmp_path)
    base = qr.split("/v/")[0]
    carpeta = sistema.var / "capturas-verificador"
    carpeta.mkdir(exist_ok=True)
    pagina = navegador.new_page(**ES)

    pagina.goto(f"{base}/v/")
    assert pagina.locator("#iniciar-escaner").is_visible()  # JS on: the camera button shows
    _sin_violaciones(pagina, "inicio", carpeta)
    pagina.goto(qr)
    _sin_violaciones(pagina, "resultado-qr", carpeta)
    pagina.fill("#campo-documento", est["numero_documento"])
    pagina.click("text=Ver el certificado completo")
    assert pagina.locator("#grilla").is_visible()
    assert est["numero_documento"] not in pagina.url  # the document went in the POST body
    _sin_violaciones(pagina, "certificado-con-notas", carpeta)
    pagina.click("#idioma")  # the visible switch, on the page that holds the document
    assert pagina.locator("#estado").inner_text() == "✔ VALID"
    assert "Curricular areas" in pagina.locator("#grilla").inner_text()
    _sin_violaciones(pagina, "certificate-with-grades-en", carpeta)
    pagina.goto(f"{base}/v/{codigo}")  # the cookie keeps English
    assert pagina.locator("html").get_attribute("lang") == "en"
    _sin_violaciones(pagina, "result-en", carpeta)
    pagina.click("#idioma")
    assert pagina.locator("#estado").inner_text() == "✔ VIGENTE"
    pagina.goto(f"{base}/v/7K3M-9QXD-2HVB-N4TA")  # a mistyped code
    _sin_violaciones(pagina, "mal-escrito", carpeta)
    pagina.goto(f"{base}/v/no/existe")
    _sin_violaciones(pagina, "error-404", carpeta)
    pagina.close()
    print(f"capturas en {carpeta}")


def test_sin_javascript_el_inicio_es_un_formulario_que_funciona(sistema, navegador):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    codigo = emitir(sistema, ie, est)
    base = sistema.url
    contexto = navegador.new_context(**ES, java_script_enabled=False)
    pagina = contexto.new_page()
    pagina.goto(f"{base}/v/")
    assert not pagina.locator("#iniciar-escaner").is_visible()  # no camera button without JS
    pagina.fill("#campo-codigo", codigo.replace("-", "").lower())
    pagina.click("button:has-text('Verificar')")
    pagina.wait_for_url(f"**/v/{codigo}")
    assert pagina.locator("#estado").inner_text() == "✔ VIGENTE"
    contexto.close()
