"""`make run`'s command in embedded mode: no servers, a certificate, then a clean Ctrl-C."""

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

from shared.smtp_local import leer_buzon

pytestmark = pytest.mark.e2e


def test_mc_run_emite_un_certificado_valido_sin_servidores(tmp_path):
    entorno = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "BROKER_URL", "MAIL_SERVER", "MAIL_PORT")
    }
    base = int(os.environ.get("MC_E2E_EMBEBIDO_BASE", "28000"))
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
        url = re.search(r"Verificación:\s+(http://\S+/v/\S+)\s+→ VÁLIDO", texto)
        assert url, texto
        pagina = requests.get(url.group(1), timeout=5)
        assert pagina.status_code == 200 and "VÁLIDO" in pagina.text
        codigo = url.group(1).rsplit("/", 1)[1]
        correos = [m for m in leer_buzon(tmp_path / "correo") if codigo in str(m["Subject"])]
        assert len(correos) == 1
        assert [a.get_content_type() for a in correos[0].iter_attachments()] == ["application/pdf"]
        assert list((tmp_path / "db").glob("*.sqlite3"))  # embedded: SQLite files under var/
        _las_cuentas_demo_inician_sesion(texto, base)
    finally:
        proceso.send_signal(signal.SIGINT)
        codigo_salida = proceso.wait(timeout=60)
        proceso.stdout.close()
    assert codigo_salida == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{base + 5}/api/verificacion/health", timeout=2)


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
