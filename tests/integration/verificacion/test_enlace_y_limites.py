"""Issue 10, defects 4 and 5: no document number in any URL, one limited path to the public PDF,
a signed expiring email link, and limits that stop the guesser, not the holder."""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import urlsplit

import pytest

from herramientas.smtp_local import iniciar
from shared import enlaces
from tests.integration import datos
from tests.integration.verificacion.conftest import crear_sistema, emitir, pdf_de_emision

pytestmark = pytest.mark.integration

API = "/api/verificacion/certificados"
URL = re.compile(r"""https?://[^\s"'<>]+""")


def _sistema(request, tmp_path, **entorno):
    carpeta = tmp_path / uuid.uuid4().hex[:8]  # one per system: its mailbox, PDFs, keys
    carpeta.mkdir()
    buzon = iniciar(carpeta / "correo", port=0)
    sistema = crear_sistema(request.getfixturevalue("prefijo_pg"), carpeta, buzon, **entorno)

    def cerrar():
        buzon.stop()
        for app in sistema.apps.values():
            app.extensions["mc"].engine.dispose()

    request.addfinalizer(cerrar)
    return sistema


def _emitido(sistema):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    return emitir(sistema, ie, est), est


def _enlaces_del_correo(sistema, codigo: str) -> list[str]:
    """Every URL in the certificate email as it arrived at the SMTP server (text and HTML)."""
    [correo] = [m for m in sistema.correos() if codigo in str(m["Subject"])]
    texto = correo.get_body(("plain",)).get_content()
    html = correo.get_body(("html",)).get_content()
    return URL.findall(texto) + URL.findall(html.replace("&amp;", "&"))


def _ruta(url: str) -> str:
    partes = urlsplit(url)
    return f"{partes.path}?{partes.query}" if partes.query else partes.path


@pytest.fixture
def con_correo(request, tmp_path):
    sistema = _sistema(request, tmp_path)
    codigo, est = _emitido(sistema)
    return sistema, codigo, est


def test_el_correo_no_lleva_el_documento_en_ninguna_url(con_correo):
    sistema, codigo, est = con_correo
    urls = _enlaces_del_correo(sistema, codigo)
    assert urls, "el correo del certificado trae enlaces"
    for url in urls:
        assert est["numero_documento"] not in url, url
        assert "documento" not in url.lower(), url
    [descarga] = {u for u in urls if "/descarga?" in u}
    assert urlsplit(descarga).path == f"/v/{codigo}/descarga"


def test_el_enlace_del_correo_descarga_el_pdf_hasta_que_vence(con_correo, monkeypatch):
    sistema, codigo, est = con_correo
    [descarga] = {u for u in _enlaces_del_correo(sistema, codigo) if "/descarga?" in u}
    cliente = sistema.clientes["verificacion"]
    r = cliente.get(_ruta(descarga))
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data == pdf_de_emision(sistema, codigo, est["numero_documento"])

    vence = int(urlsplit(descarga).query.split("=", 1)[1].split(".")[0])
    assert 29 * 86400 < vence - time.time() <= 30 * 86400  # VIGENCIA_ENLACE_DESCARGA: 30 days
    monkeypatch.setattr(enlaces.time, "time", lambda: vence + 1)
    r = cliente.get(_ruta(descarga))
    assert r.status_code == 410 and r.mimetype == "text/html"
    pagina = r.get_data(as_text=True)
    assert "El enlace de descarga de su correo venció el" in pagina
    assert "con el número de documento del titular" in pagina
    assert 'id="campo-documento"' in pagina  # the way forward: the form on the same page


def test_un_enlace_alterado_se_rechaza(con_correo):
    sistema, codigo, _est = con_correo
    [descarga] = {u for u in _enlaces_del_correo(sistema, codigo) if "/descarga?" in u}
    cliente = sistema.clientes["verificacion"]
    vence, mac = urlsplit(descarga).query.split("=", 1)[1].split(".")
    otro, _ = _emitido(sistema)
    alterados = [
        f"/v/{codigo}/descarga?t={int(vence) + 86400}.{mac}",  # a later expiry
        f"/v/{codigo}/descarga?t={vence}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}",
        f"/v/{otro}/descarga?t={vence}.{mac}",  # another certificate
        f"/v/{codigo}/descarga?t=",
        f"/v/{codigo}/descarga?t={vence}.%C3%B1%00",
        f"/v/{codigo}/descarga",
    ]
    for ruta in alterados:
        r = cliente.get(ruta)
        assert r.status_code == 403 and r.mimetype == "text/html", ruta
        assert "El enlace de descarga no es válido" in r.get_data(as_text=True), ruta


def test_el_pdf_publico_tiene_un_solo_camino_y_esta_limitado(con_correo):
    sistema, codigo, est = con_correo
    emision = sistema.clientes["emision"]
    # emision no longer serves anyone who only knows a document number.
    r = emision.get(
        f"/api/emision/certificados/{codigo}/pdf",
        query_string={"documento": est["numero_documento"]},
    )
    assert r.status_code == 401
    # The one public path: 40 wrong numbers from one IP are stopped after 5 (per IP and code).
    cliente = sistema.clientes["verificacion"]
    ip = {"REMOTE_ADDR": "203.0.113.9"}
    estados = [
        cliente.post(f"{API}/{codigo}/pdf", json={"numero_documento": f"{i:08d}"}, environ_base=ip)
        for i in range(40)
    ]
    assert [r.status_code for r in estados] == [404] * 5 + [429] * 35
    assert "desde su conexión" in estados[-1].get_json()["error"]["mensaje"]
    assert int(estados[-1].headers["Retry-After"]) > 0
    # Once locked, that IP is not served even with the right number, on any document path.
    numero = est["numero_documento"]
    r = cliente.post(f"{API}/{codigo}/pdf", json={"numero_documento": numero}, environ_base=ip)
    assert r.status_code == 429
    r = cliente.post(f"/v/{codigo}/pdf", data={"numero_documento": numero}, environ_base=ip)
    assert r.status_code == 429 and "desde su conexión" in r.get_data(as_text=True)
    r = cliente.post(f"{API}/{codigo}/detalle", json={"numero_documento": numero}, environ_base=ip)
    assert r.status_code == 429


def test_diez_fallos_desde_otras_ips_no_bloquean_al_titular(con_correo):
    sistema, codigo, est = con_correo
    cliente = sistema.clientes["verificacion"]
    for i in range(10):  # ten wrong numbers, one from each of ten IPs
        r = cliente.post(
            f"{API}/{codigo}/detalle",
            json={"numero_documento": f"7000000{i}"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{i + 1}"},
        )
        assert r.status_code == 404
    titular = {"REMOTE_ADDR": "192.0.2.77"}
    numero = est["numero_documento"]
    r = cliente.post(f"{API}/{codigo}/pdf", json={"numero_documento": numero}, environ_base=titular)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    r = cliente.post(f"/v/{codigo}", data={"numero_documento": numero}, environ_base=titular)
    assert r.status_code == 200 and "Datos completos del certificado." in r.get_data(as_text=True)
    guesser = {"REMOTE_ADDR": "198.51.100.200"}
    for i in range(5):
        r = cliente.post(
            f"{API}/{codigo}/detalle",
            json={"numero_documento": f"8000000{i}"},
            environ_base=guesser,
        )
        assert r.status_code == 404
    # The guesser's IP is the one that is stopped, right number or not.
    r = cliente.post(
        f"{API}/{codigo}/detalle", json={"numero_documento": numero}, environ_base=guesser
    )
    assert r.status_code == 429
    assert r.get_json()["error"]["codigo"] == "demasiados_intentos"


def test_el_tope_por_certificado_acota_a_muchas_ips_sin_bloquear_al_titular(request, tmp_path):
    """Behind the gateway (PROXIES_CONFIABLES=1) each X-Forwarded-For is a client IP."""
    sistema = _sistema(
        request, tmp_path, PROXIES_CONFIABLES="1", LIMITE_VERIFICACION_POR_CODIGO="20 per day"
    )
    codigo, est = _emitido(sistema)
    cliente = sistema.clientes["verificacion"]
    nginx = {"REMOTE_ADDR": "10.9.9.9"}

    def intento(ip: str, documento: str) -> int:
        cabecera = {"X-Forwarded-For": ip}
        return cliente.post(
            f"{API}/{codigo}/detalle",
            json={"numero_documento": documento},
            headers=cabecera,
            environ_base=nginx,
        ).status_code

    # A botnet, 2 wrong numbers per IP: the backstop (20) is reached after 10 IPs...
    assert [intento(f"100.64.0.{i // 2}", f"6000{i:04d}") for i in range(20)] == [404] * 20
    # ...and from then on each IP has one try a day: its second wrong number is refused.
    assert [intento(f"100.64.1.{i // 2}", f"6100{i:04d}") for i in range(20)] == [404, 429] * 10
    assert intento("100.64.0.3", "60009999") == 429  # an IP that failed before the backstop
    # The holder, from an IP that has not failed, is served with the right number.
    assert intento("192.0.2.10", est["numero_documento"]) == 200
    # Without a trusted proxy, X-Forwarded-For is ignored: one IP, however many headers.
    sola = _sistema(request, tmp_path)
    otro, _ = _emitido(sola)
    falsos = [
        sola.clientes["verificacion"]
        .post(
            f"{API}/{otro}/detalle",
            json={"numero_documento": f"5000000{i}"},
            headers={"X-Forwarded-For": f"100.64.9.{i}"},
        )
        .status_code
        for i in range(7)
    ]
    assert falsos == [404] * 5 + [429] * 2
