"""A browser gets pages in Spanish (/, /v/ and every error outside /api/); API clients get JSON."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from services.verificacion.entrypoints.flask_app import create_app
from services.verificacion.service_layer import vistas
from shared.identificadores import agrupar, nuevo_codigo_virtual
from shared.migraciones import migrar
from tests.conftest import config_embebida

pytestmark = pytest.mark.integration

NAVEGADOR = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
JSON = {"Accept": "application/json"}


@pytest.fixture
def cliente(tmp_path):
    config = config_embebida("verificacion", tmp_path, LIMITE_VERIFICACION_POR_IP="5 per minute")
    migrar(config)
    app = create_app(config)
    yield app.test_client()
    app.extensions["mc"].engine.dispose()


def _html(respuesta) -> BeautifulSoup:
    assert respuesta.mimetype == "text/html", respuesta.get_data(as_text=True)[:300]
    pagina = BeautifulSoup(respuesta.get_data(as_text=True), "html.parser")
    assert pagina.html["lang"] == "es"
    assert pagina.find("meta", attrs={"name": "viewport"}) is not None  # usable on a phone
    return pagina


def _caja_del_codigo(pagina: BeautifulSoup):
    """The box to type a code: a labelled input in a GET form to the landing."""
    campo = pagina.select_one("input#campo-codigo")
    assert campo is not None and campo["name"] == "codigo"
    assert pagina.select_one("label[for=campo-codigo]").get_text(strip=True)
    formulario = campo.find_parent("form")
    assert formulario["method"] == "get" and formulario["action"] == "/v/"
    return campo


def test_la_raiz_y_v_muestran_la_caja_para_escribir_el_codigo(cliente):
    r = cliente.get("/", headers=NAVEGADOR)
    assert r.status_code == 302 and r.headers["Location"] == "/v/"
    r = cliente.get("/v/", headers=NAVEGADOR)
    assert r.status_code == 200
    pagina = _html(r)
    assert pagina.h1.get_text(strip=True) == "Verificar un certificado oficial de estudios"
    _caja_del_codigo(pagina)


def test_el_codigo_escrito_lleva_a_su_pagina_o_dice_que_esta_mal_escrito(cliente):
    codigo = nuevo_codigo_virtual()
    r = cliente.get("/v/", query_string={"codigo": f" {codigo.lower()} "}, headers=NAVEGADOR)
    assert r.status_code == 303 and r.headers["Location"] == f"/v/{agrupar(codigo)}"
    r = cliente.get(r.headers["Location"], headers=NAVEGADOR)
    assert r.status_code == 404 and "NO ENCONTRADO" in r.get_data(as_text=True)
    _caja_del_codigo(_html(r))  # a way forward: type it again

    mal = codigo[:-1] + ("0" if codigo[-1] != "0" else "1")
    r = cliente.get("/v/", query_string={"codigo": mal}, headers=NAVEGADOR)
    assert r.status_code == 400
    pagina = _html(r)
    assert "mal escrito" in pagina.select_one("#error-codigo").get_text()
    campo = _caja_del_codigo(pagina)
    assert campo["value"] == mal and campo["aria-invalid"] == "true"


@pytest.mark.parametrize(
    ("metodo", "ruta", "estado", "titulo"),
    [
        ("get", "/v/{codigo}/otra/cosa", 404, "Página no encontrada"),
        ("get", "/no-existe", 404, "Página no encontrada"),
        ("put", "/v/{codigo}", 405, "Acción no permitida en esta página"),
        ("delete", "/v/", 405, "Acción no permitida en esta página"),
    ],
)
def test_los_errores_son_paginas_para_el_navegador_y_json_para_la_api(
    cliente, metodo, ruta, estado, titulo
):
    ruta = ruta.format(codigo=agrupar(nuevo_codigo_virtual()))
    r = getattr(cliente, metodo)(ruta, headers=NAVEGADOR)
    assert r.status_code == estado
    pagina = _html(r)
    assert pagina.select_one("#estado").get_text(strip=True) == titulo
    assert pagina.select_one("#volver")["href"] == "/v/"
    _caja_del_codigo(pagina)

    r = getattr(cliente, metodo)(ruta, headers=JSON)
    assert r.status_code == estado and r.get_json()["error"]["codigo"]
    r = getattr(cliente, metodo)(ruta)  # no Accept header (curl, scripts): JSON as well
    assert r.status_code == estado and r.is_json


def test_las_rutas_de_la_api_responden_json_aun_al_navegador(cliente):
    r = cliente.get("/api/verificacion/no-existe", headers=NAVEGADOR)
    assert r.status_code == 404 and r.get_json()["error"]["mensaje"] == "El recurso no existe."
    r = cliente.get(f"/api/verificacion/certificados/{nuevo_codigo_virtual()}", headers=NAVEGADOR)
    assert r.status_code == 404 and r.get_json()["estado"] == "NO_ENCONTRADO"


def test_un_error_interno_es_una_pagina_en_castellano(cliente, monkeypatch):
    def falla(*_args, **_kwargs):
        raise RuntimeError("prueba: falla interna")

    monkeypatch.setattr(vistas, "verificar", falla)
    codigo = agrupar(nuevo_codigo_virtual())
    r = cliente.get(f"/v/{codigo}", headers=NAVEGADOR)
    assert r.status_code == 500
    pagina = _html(r)
    assert pagina.select_one("#estado").get_text(strip=True) == "Ocurrió un error"
    assert "Intente nuevamente" in pagina.select_one("#mensaje").get_text()
    assert "RuntimeError" not in str(pagina)
    r = cliente.get(f"/api/verificacion/certificados/{codigo}", headers=NAVEGADOR)
    assert r.status_code == 500 and r.get_json()["error"]["codigo"] == "error_interno"


def test_demasiadas_consultas_es_una_pagina_con_salida(cliente):
    codigo = agrupar(nuevo_codigo_virtual())
    estados = [cliente.get(f"/v/{codigo}", headers=NAVEGADOR).status_code for _ in range(6)]
    assert estados[-1] == 429
    r = cliente.get(f"/v/{codigo}", headers=NAVEGADOR)
    pagina = _html(r)
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert pagina.select_one("#estado").get_text(strip=True) == "Demasiadas consultas"
    assert pagina.find("a", href="/v/") is not None
