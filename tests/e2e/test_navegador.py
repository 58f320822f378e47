"""A real browser (Debian's Chromium, driven by Playwright) opens the URL in a certificate's QR.

The certificate is issued in-process on PostgreSQL (the integration harness); verificacion is
served by gunicorn as a separate process on the same schemas, its read model fed by its real
consumers; the QR is decoded from the rendered PDF page (pdftoppm + zbarimg), as a phone would.
"""

from __future__ import annotations

import os
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
from tests.integration import datos
from tests.integration.verificacion.conftest import crear_sistema, emitir, pdf_de_emision

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
# As root on a closed network: no sandbox, and no background calls home (see .ci/run).
BANDERAS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BASE = recursos.base(1)


def _exigir_herramientas() -> None:
    faltan = [p for p in (CHROMIUM, "pdftoppm", "zbarimg") if not shutil.which(p)]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        faltan.append("playwright (pip)")
    if not faltan:
        return
    mensaje = f"faltan {', '.join(faltan)} para las pruebas en navegador"
    if os.environ.get("MC_REQUIERE_SERVICIOS") or os.environ.get("CI"):
        pytest.fail(mensaje + " (.ci/run los instala)")
    pytest.skip(mensaje + ": apt-get install chromium poppler-utils zbar-tools")


@pytest.fixture(scope="module")
def sistema(request, tmp_path_factory):
    """Issue in-process; serve verificacion with gunicorn on the same schemas."""
    _exigir_herramientas()
    prefijo = request.getfixturevalue("prefijo_pg")
    var = tmp_path_factory.mktemp("navegador")
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
        "URL_EMISION": "http://127.0.0.1:9",  # nobody there: seals use the copy in the DB
        "RATELIMIT_KEY_PREFIX": limites,
        "WEB_CONCURRENCY": "1",
        **claves_prueba.entorno(),  # real mode: this run's JWKS file and internal key
    }
    sup = Supervisor(env, var / "log")
    try:
        sup.iniciar(web("verificacion", puertos(BASE)["verificacion"]))
        sup.esperar_salud(limite=60)
        sistema.var = var
        yield sistema
    finally:
        sup.detener_todos()
        buzon.stop()
        for app in sistema.apps.values():
            app.extensions["mc"].engine.dispose()


@pytest.fixture(scope="module")
def navegador():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BANDERAS)
        yield chromium
        chromium.close()


def url_del_qr(pdf: bytes, carpeta: Path) -> str:
    """Render the PDF's pages to images and read the QR on them, as a phone camera would."""
    (carpeta / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", str(carpeta / "c.pdf"), str(carpeta / "pagina")],
        check=True,
        timeout=60,
    )
    for imagen in sorted(carpeta.glob("pagina*.png")):
        leido = subprocess.run(
            ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(imagen)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if leido.returncode == 0 and leido.stdout.strip():
            return leido.stdout.strip().splitlines()[0]
    raise AssertionError("no se encontró un código QR en el PDF")


def _abrir(navegador, url: str, captura: Path):
    # a phone's screen, set to Spanish (Chromium asks for en-US otherwise: English pages)
    pagina = navegador.new_page(viewport={"width": 390, "height": 844}, locale="es-PE")
    pagina.goto(url)
    pagina.screenshot(path=str(captura), full_page=True)
    return pagina


def test_el_qr_de_un_certificado_abre_la_pagina_y_dice_valido(sistema, navegador, tmp_path):
    ie, est = datos.institucion(), datos.estudiante(nombres="LUCÍA", primer_apellido="CCORI")
    datos.registrar_todo(sistema, ie, est)
    codigo = emitir(sistema, ie, est)
    url = url_del_qr(pdf_de_emision(sistema, codigo, est["numero_documento"]), tmp_path)
    assert url.startswith(f"http://127.0.0.1:{puertos(BASE)['verificacion']}/v/{codigo}?s=")

    pagina = _abrir(navegador, url, sistema.var / "valido.png")
    assert pagina.locator("#estado").inner_text() == "✔ VIGENTE"
    assert "sello digital del código QR es auténtico" in pagina.locator("#sello").inner_text()
    assert pagina.locator("#estudiante").inner_text() == "LUCÍA C. Ñ."

    # The holder's document number unlocks the full name, as a verifier would type it.
    pagina.fill("#campo-documento", est["numero_documento"])
    pagina.click("text=Ver el certificado completo")
    assert pagina.locator("#estudiante").inner_text() == "LUCÍA CCORI ÑAHUI"
    pagina.close()


def test_tras_una_reemision_el_qr_anterior_dice_sustituido(sistema, navegador, tmp_path):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    primero = emitir(sistema, ie, est)
    url_primero = url_del_qr(pdf_de_emision(sistema, primero, est["numero_documento"]), tmp_path)
    segundo = emitir(sistema, ie, est)  # a reissue: the first one is superseded

    pagina = _abrir(navegador, url_primero, sistema.var / "sustituido.png")
    assert pagina.locator("#estado").inner_text() == "⚠ SUSTITUIDO"
    assert "no es el último emitido" in pagina.content()
    pagina.click("#mas-reciente")  # the link leads to the newest certificate
    pagina.wait_for_url(f"**/v/{segundo}")
    assert pagina.locator("#estado").inner_text() == "✔ VIGENTE"
    pagina.close()
