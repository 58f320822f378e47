"""`make run`'s command in embedded mode: no servers, a certificate, then a clean Ctrl-C.

The certificate is checked as its holder's verifier would: the QR decoded from the rendered
page of the PDF that arrived by email, and exactly that URL opened.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from herramientas.smtp_local import leer_buzon
from tests.e2e import recursos
from tests.e2e.test_navegador import url_del_qr

pytestmark = pytest.mark.e2e


def test_mc_run_emite_un_certificado_valido_sin_servidores(tmp_path):
    entorno = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "BROKER_URL", "MAIL_SERVER", "MAIL_PORT")
    }
    base = recursos.EMBEBIDO_BASE
    entorno.update(MC_VAR_DIR=str(tmp_path), MC_PUERTO_BASE=str(base), PYTHONUNBUFFERED="1")
    mc = Path(sys.executable).parent / "mc"
    proceso = subprocess.Popen(
        [str(mc), "run"], env=entorno, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    salida = []
    try:
        fin = time.monotonic() + 150
        while time.monotonic() < fin:
            linea = proceso.stdout.readline()
            if not linea and proceso.poll() is not None:
                break
            salida.append(linea)
            if "Sirviendo" in linea:
                break
        texto = "".join(salida)
        assert "Sirviendo" in texto, texto
        url = re.search(r"Verificación:\s+(http://\S+/v/\S+)\s+→ VIGENTE", texto)
        assert url, texto
        pagina = requests.get(url.group(1), timeout=5)
        assert pagina.status_code == 200 and "VIGENTE" in pagina.text
        codigo = url.group(1).rsplit("/", 1)[1]
        correos = [m for m in leer_buzon(tmp_path / "correo") if codigo in str(m["Subject"])]
        assert len(correos) == 1
        adjuntos = list(correos[0].iter_attachments())
        assert [a.get_content_type() for a in adjuntos] == ["application/pdf", "application/vc+jwt"]
        _verificar_el_qr_del_pdf(adjuntos[0].get_content(), base, tmp_path)
        assert list((tmp_path / "db").glob("*.sqlite3"))  # embedded: SQLite files under var/
        _las_cuentas_demo_inician_sesion(texto, base)
        _el_panel_responde(texto, base)
        _la_consola_responde(texto, base)
        portal = re.search(r"Solicitud WEB: (http://\S+)", texto)
        assert portal, texto
        inicio = requests.get(portal.group(1), timeout=10)
        assert inicio.status_code == 200 and "Solicite su Certificado Oficial" in inicio.text
    finally:
        proceso.send_signal(signal.SIGINT)
        codigo_salida = proceso.wait(timeout=60)
        proceso.stdout.close()
    assert codigo_salida == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{base + 5}/api/verificacion/health", timeout=2)


def _el_panel_responde(texto: str, base: int) -> None:
    """`make run` prints the panel's URL; the demo director signs in there (no HTTPS here)."""
    panel = re.search(r"Panel: (http://\S+/panel/)", texto)
    assert panel and panel.group(1) == f"http://127.0.0.1:{base}/panel/", texto
    clave = re.search(r"DIRECTOR_IE: usuario (\d+) · clave (\S+)", texto)
    sesion = requests.Session()
    pagina = sesion.get(panel.group(1), timeout=10)
    assert pagina.status_code == 200 and "Iniciar sesión" in pagina.text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', pagina.text)
    assert token, pagina.text
    datos = {"usuario": clave.group(1), "clave": clave.group(2), "csrf_token": token.group(1)}
    inicio = sesion.post(f"{panel.group(1)}ingresar", data=datos, timeout=10)
    assert inicio.status_code == 200 and "Bienvenido/a:" in inicio.text, inicio.text[:500]


def _la_consola_responde(texto: str, base: int) -> None:
    """`make run` prints the operations console's URL; it answers with its sign-in page."""
    consola = re.search(r"Consola de operaciones: (http://\S+/operaciones/)", texto)
    assert consola and consola.group(1) == f"http://127.0.0.1:{base}/operaciones/", texto
    pagina = requests.get(consola.group(1), timeout=10)
    assert pagina.status_code == 200 and "Consola de operaciones" in pagina.text, pagina.text
    assert "Iniciar sesión" in pagina.text


def _verificar_el_qr_del_pdf(pdf: bytes, base: int, carpeta: Path) -> None:
    """Decode the QR from the PDF's rendered page; its URL and its seal both say VIGENTE."""
    (carpeta / "qr").mkdir()
    qr = url_del_qr(pdf, carpeta / "qr")
    verificacion = f"http://127.0.0.1:{base + 5}"
    assert qr.startswith(f"{verificacion}/v/") and "?s=" in qr, qr
    pagina = requests.get(qr, timeout=10)
    assert pagina.status_code == 200, pagina.text
    assert "✔ VIGENTE" in pagina.text and "sello digital del código QR es auténtico" in pagina.text
    r = requests.post(f"{verificacion}/api/verificacion/sellos", json={"sello": qr}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["sello"]["resultado"] == "AUTENTICO"
    assert r.json()["certificado"]["estado"] == "VIGENTE"
    claves = requests.get(f"{verificacion}/api/verificacion/claves", timeout=10).json()["claves"]
    assert claves and all(c["valido_desde"].endswith("+00:00") for c in claves)


def _las_cuentas_demo_inician_sesion(banner: str, base: int) -> None:
    """The banner prints one line per demo account; the director's signs in and works."""
    lineas = re.findall(r"^  (\w+): usuario (\d+) · clave (\S+)$", banner, re.MULTILINE)
    cuentas = {rol: (usuario, clave) for rol, usuario, clave in lineas}
    assert set(cuentas) == {"DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", "OPERACIONES"}, banner
    usuario, clave = cuentas["DIRECTOR_IE"]
    r = requests.post(
        f"http://127.0.0.1:{base + 6}/api/cuentas/sesiones",
        json={"usuario": usuario, "clave": clave},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    assert r.json()["cuenta"]["institucion"]["nombre"] == "AUGUSTO B. LEGUIA"
    pendientes = requests.get(
        f"http://127.0.0.1:{base + 1}/api/solicitudes/pendientes",
        headers={"Authorization": "Bearer " + r.json()["access_token"]},
        timeout=10,
    )
    assert pendientes.status_code == 200, pendientes.text
