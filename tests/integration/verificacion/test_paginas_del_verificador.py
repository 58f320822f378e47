"""The verifier's pages on PostgreSQL: per-check breakdown, the certificate as HTML, English.

Issued through the whole system; pages read through Flask's test client and parsed as a person
reads them (BeautifulSoup), emision answering verificacion in-process.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

from herramientas.demo import AREAS_DCN
from shared.enlaces import CABECERA_SERVICIO, credencial_de_servicio
from shared.identificadores import agrupar, nuevo_codigo_virtual
from tests.integration import datos
from tests.integration.verificacion.conftest import contenido_qr, emitir, pdf_de_emision

pytestmark = pytest.mark.integration

INGLES = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def emitido(sistema_v):
    ie, est = datos.institucion(), datos.estudiante(nombres="ROSA ELENA", primer_apellido="HUAMÁN")
    datos.registrar_todo(sistema_v, ie, est)
    return sistema_v, emitir(sistema_v, ie, est), est, ie


def _leer(respuesta) -> BeautifulSoup:
    assert respuesta.mimetype == "text/html", respuesta.get_data(as_text=True)[:300]
    return BeautifulSoup(respuesta.get_data(as_text=True), "html.parser")


def _texto(pagina: BeautifulSoup, selector: str) -> str:
    elemento = pagina.select_one(selector)
    assert elemento is not None, f"no hay {selector} en la página"
    return " ".join(elemento.get_text(" ", strip=True).split())


def _comprobaciones(pagina: BeautifulSoup) -> dict[str, str]:
    return {
        li["id"].removeprefix("comprobacion-"): li["data-resultado"]
        for li in pagina.select("#comprobaciones li")
    }


def test_el_codigo_escrito_muestra_cada_comprobacion(emitido):
    sistema, codigo, _est, _ie = emitido
    pagina = _leer(sistema.clientes["verificacion"].get(f"/v/{codigo}"))
    assert _texto(pagina, "#estado") == "✔ VIGENTE"
    assert _comprobaciones(pagina) == {
        "integridad": "NO_COMPROBADA",
        "estado": "SUPERADA",
        "sello": "NO_COMPROBADA",
    }
    assert "no fue sustituido ni anulado" in _texto(pagina, "#comprobacion-estado")
    assert "Escanee el código QR" in _texto(pagina, "#comprobacion-sello")


def test_el_qr_muestra_la_clave_del_sello_vigente_al_emitir(emitido):
    sistema, codigo, est, _ie = emitido
    url = urlsplit(contenido_qr(sistema, codigo))
    pagina = _leer(sistema.clientes["verificacion"].get(f"{url.path}?{url.query}"))
    assert _comprobaciones(pagina) == {
        "integridad": "SUPERADA",
        "estado": "SUPERADA",
        "sello": "SUPERADA",
    }
    kid = sistema.apps["emision"].extensions["llavero"].activa
    sello = _texto(pagina, "#comprobacion-sello")
    assert f"clave {kid}, vigente al emitirse" in sello and "(hora de Lima)" in sello

    # The seal goes on with the document number (a form field), so the full page keeps it.
    formulario = pagina.select_one("#campo-documento").find_parent("form")
    campos = {i["name"]: i.get("value", "") for i in formulario.select("input")}
    assert set(campos) == {"s", "numero_documento"} and campos["s"] in url.query
    r = sistema.clientes["verificacion"].post(
        formulario["action"], data={**campos, "numero_documento": est["numero_documento"]}
    )
    assert _comprobaciones(_leer(r)) == {
        "integridad": "SUPERADA",
        "estado": "SUPERADA",
        "sello": "SUPERADA",
    }


def test_con_el_documento_se_ve_el_certificado_con_sus_notas(emitido):
    sistema, codigo, est, _ie = emitido
    r = sistema.clientes["verificacion"].post(
        f"/v/{codigo}", data={"numero_documento": est["numero_documento"]}
    )
    assert r.status_code == 200
    pagina = _leer(r)
    filas = {
        _texto(tr, "th"): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in pagina.select("#grilla tr")
    }
    cabecera = [
        [celda.get_text(strip=True) for celda in tr.select("th, td")]
        for tr in pagina.select("#grilla thead tr")
    ]
    assert cabecera[0] == ["Año lectivo", "2016", "2017", "2018", "2019", "2020"]
    assert cabecera[1] == ["Grado", "PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO"]
    assert filas[AREAS_DCN[0]] == ["12", "13", "14", "15", "16"]  # as grados_demo grades them
    assert filas["EDUCACIÓN RELIGIOSA"] == ["EXO"] * 5
    assert filas["Situación final"] == ["APROBADO"] * 5
    assert _comprobaciones(pagina)["integridad"] == "SUPERADA"
    assert "Las notas mostradas coinciden" in _texto(pagina, "#comprobacion-integridad")
    assert pagina.select_one("#descargar") is not None  # the PDF beside it
    with sistema.clientes["verificacion"].get("/v/recursos/verificacion.css") as estilos:
        assert "@media print" in estilos.get_data(as_text=True)  # printable: no forms, no header


def test_notas_alteradas_en_el_almacen_fallan_la_integridad(emitido):
    sistema, codigo, est, _ie = emitido
    with sistema.apps["emision"].extensions["mc"].engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE certificados SET contenido_certificado = jsonb_set("
                "contenido_certificado::jsonb, '{grados,0,situacion_final}', '\"REPROBADO\"')::json"
                " WHERE codigo_virtual = :c"
            ),
            {"c": codigo.replace("-", "")},
        )
    pagina = _leer(
        sistema.clientes["verificacion"].post(
            f"/v/{codigo}", data={"numero_documento": est["numero_documento"]}
        )
    )
    assert _comprobaciones(pagina)["integridad"] == "FALLIDA"
    assert "no coinciden con la huella" in _texto(pagina, "#comprobacion-integridad")


def test_sin_emision_el_detalle_dice_que_las_notas_no_se_pueden_mostrar(emitido):
    sistema, codigo, est, _ie = emitido
    sistema.emision.caida = True
    pagina = _leer(
        sistema.clientes["verificacion"].post(
            f"/v/{codigo}", data={"numero_documento": est["numero_documento"]}
        )
    )
    assert pagina.select_one("#grilla") is None
    assert "no se pueden mostrar en este momento" in _texto(pagina, "#sin-grilla")
    assert _texto(pagina, "#estudiante") == "ROSA ELENA HUAMÁN ÑAHUI"


@pytest.mark.parametrize(
    "preparar, esperado",
    [("vigente", "✔ VALID"), ("sustituido", "⚠ SUPERSEDED"), ("anulado", "✘ ANNULLED")],
)
def test_accept_language_en_da_la_pagina_en_ingles(sistema_v, preparar, esperado):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_v, ie, est)
    codigo = emitir(sistema_v, ie, est)
    if preparar == "sustituido":
        emitir(sistema_v, ie, est)
    if preparar == "anulado":
        r = sistema_v.clientes["emision"].post(
            f"/api/emision/certificados/{codigo}/anulacion",
            json={"motivo_anulacion": "Calificación equivocada en el segundo grado."},
            headers=datos.director(ie),
        )
        assert r.status_code == 200
        sistema_v.entregar()
    r = sistema_v.clientes["verificacion"].get(f"/v/{codigo}", headers=INGLES)
    pagina = _leer(r)
    assert pagina.html["lang"] == "en" and "Accept-Language" in r.headers["Vary"]
    assert _texto(pagina, "#estado") == esperado
    assert "Checks" in _texto(pagina, "#comprobaciones-tarjeta")
    # Spanish stays the default, for a browser that asks for neither
    r = sistema_v.clientes["verificacion"].get(f"/v/{codigo}", headers={"Accept-Language": "fr"})
    assert _leer(r).html["lang"] == "es"


def test_no_encontrado_en_ingles(sistema_v):
    otro = agrupar(nuevo_codigo_virtual())
    r = sistema_v.clientes["verificacion"].get(f"/v/{otro}", headers=INGLES)
    assert r.status_code == 404 and _texto(_leer(r), "#estado") == "✘ NOT FOUND"


def test_el_cambio_de_idioma_es_un_post_y_se_recuerda(emitido):
    sistema, codigo, est, _ie = emitido
    cliente = sistema.clientes["verificacion"]
    pagina = _leer(cliente.get(f"/v/{codigo}"))
    boton = pagina.select_one("#idioma")
    formulario = boton.find_parent("form")
    assert formulario["method"] == "post" and boton.get_text(strip=True) == "English"
    volver = formulario.select_one("input[name=volver]")["value"]
    r = cliente.post(formulario["action"], data={"volver": volver, "idioma": "en"})
    assert r.status_code == 303 and r.headers["Location"] == f"/v/{codigo}"
    assert "idioma=en" in r.headers["Set-Cookie"] and "HttpOnly" in r.headers["Set-Cookie"]
    pagina = _leer(cliente.get(f"/v/{codigo}"))  # the cookie now chooses English
    assert _texto(pagina, "#estado") == "✔ VALID"
    assert _texto(pagina, "#idioma") == "Español"

    # Nowhere else: a foreign address in ``volver`` goes back to the landing.
    for ajeno in ("https://ejemplo.org/v/", "//ejemplo.org/v/", "/api/verificacion/"):
        r = cliente.post("/v/idioma", data={"volver": ajeno, "idioma": "es"})
        assert r.headers["Location"] == "/v/", ajeno


def test_en_el_detalle_el_cambio_de_idioma_lleva_el_documento_en_el_formulario(emitido):
    sistema, codigo, est, _ie = emitido
    cliente = sistema.clientes["verificacion"]
    numero = est["numero_documento"]
    pagina = _leer(cliente.post(f"/v/{codigo}", data={"numero_documento": numero}))
    formulario = pagina.select_one("#cambio-idioma")
    assert formulario["method"] == "post" and numero not in formulario["action"]
    campos = {i["name"]: i["value"] for i in formulario.select("input[type=hidden]")}
    assert campos == {"numero_documento": numero}
    r = cliente.post(formulario["action"], data={**campos, "idioma": "en"})
    pagina = _leer(r)
    assert pagina.html["lang"] == "en" and r.status_code == 200
    assert "Curricular areas" in _texto(pagina, "#grilla")
    assert _texto(pagina, "#estudiante") == "ROSA ELENA HUAMÁN ÑAHUI"


def test_el_contenido_de_emision_solo_para_su_ie_la_oaciged_o_verificacion(emitido):
    sistema, codigo, _est, ie = emitido
    emision = sistema.clientes["emision"]
    url = f"/api/emision/certificados/{codigo}/contenido"
    assert emision.get(url).status_code == 401
    r = emision.get(url, headers=datos.director(datos.institucion()))
    assert r.status_code == 403
    assert r.get_json()["error"]["mensaje"] == (
        "Solo la institución educativa que lo emitió puede ver este certificado."
    )
    clave = emision.application.extensions["mc"].config.clave_servicios
    otro = emision.get(url, headers={CABECERA_SERVICIO: credencial_de_servicio(clave, "notas")})
    assert otro.status_code == 403
    r = emision.get(url, headers={CABECERA_SERVICIO: credencial_de_servicio(clave, "verificacion")})
    assert r.status_code == 200
    contenido = r.get_json()
    assert contenido["grados"][0]["calificaciones"][0]["area"] == AREAS_DCN[0]
    assert "contenido_qr" not in contenido and "url_verificacion" not in contenido
    assert emision.get(url, headers=datos.director(ie)).status_code == 200
    desconocido = url.replace(codigo, agrupar(nuevo_codigo_virtual()))
    assert emision.get(desconocido, headers=datos.oaciged()).status_code == 404


def test_el_pdf_comprobado_en_ingles_y_su_integridad_en_el_desglose(emitido):
    sistema, codigo, est, _ie = emitido
    pdf = pdf_de_emision(sistema, codigo, est["numero_documento"])
    for contenido, esperado, resultado in (
        (pdf, "identical to the certificate issued", "SUPERADA"),
        (pdf[:-10] + b"0000000000", "does NOT match", "FALLIDA"),
    ):
        r = sistema.clientes["verificacion"].post(
            f"/v/{codigo}/archivo",
            data={"archivo": (io.BytesIO(contenido), "c.pdf", "application/pdf")},
            content_type="multipart/form-data",
            headers=INGLES,
        )
        leida = _leer(r)
        assert esperado in _texto(leida, "#archivo")
        assert _comprobaciones(leida)["integridad"] == resultado
