"""The Solicitud WEB's pages (solicitudes faked at the client boundary): what a citizen reads."""

from __future__ import annotations

import pytest

from tests.unit.web.conftest import config_prueba, csrf, pagina, texto
from tests.unit.web.falsos import clientes_falsos
from web.comun.clientes.base import ErrorApi

IE = {
    "codigo_modular": "0584714",
    "anexo": "0",
    "nombre": "AUGUSTO B. LEGUIA",
    "estado": "ACTIVA",
    "codigo_ugel": "150103",
    "nombre_ugel": "UGEL 03",
    "modalidad": "EBR",
    "niveles": ["SECUNDARIA"],
    "habilitar_solicitud": True,
}
CERRADA = {**IE, "codigo_modular": "0584715", "nombre": "IE CERRADA", "habilitar_solicitud": False}
ESTUDIANTE = {
    "tipo_documento": "CE",
    "numero_documento": "001112311",
    "fecha_nacimiento": "1979-11-01",
    "primer_apellido": "RAMIREZ",
    "segundo_apellido": "",
    "nombres": "ARTURO JOHEL",
    "pais": "VENEZUELA",
}
DATOS = {
    "nivel": "SECUNDARIA",
    "ultimo_anio": "1996",
    "ultimo_grado": "QUINTO",
    "motivo_solicitud": "CONTINUIDAD_ESTUDIOS",
    "correo": "arturo@example.pe",
    "celular": "",
}
MOTIVOS = [
    {"codigo": "CONTINUIDAD_ESTUDIOS", "descripcion": "Continuidad de estudios (Educación)"},
    {"codigo": "OTROS", "descripcion": "Otros"},
]


@pytest.fixture
def api():
    falsos = clientes_falsos()
    sol = falsos["solicitudes"]
    sol.responder("instituciones", lambda q: [IE, CERRADA])
    sol.responder("terminos", {"version": "2026-01", "texto": "Declaro que los datos son míos."})
    sol.responder("catalogos", {"motivos": MOTIVOS})
    sol.responder("validar", {"valido": True, "nombre_enmascarado": "ARTURO J. R."})
    sol.responder("registrar", {"numero_solicitud": 42, "codigo_seguimiento": "ABCD-EFGH-JKMN"})
    return falsos


@pytest.fixture
def cliente(api):
    from web.ciudadano.app import create_app

    app = create_app(config_prueba("ciudadano"))
    app.extensions["mc_clientes_falsos"] = api
    return app.test_client()


def _enviar(cliente, ruta: str, datos: dict):
    return cliente.post(ruta, data={**datos, "csrf_token": csrf(cliente, ruta)})


def _hasta_estudiante(cliente):
    r = _enviar(cliente, "/solicitud/institucion?q=leguia", {"institucion": "0584714-0"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/solicitud/terminos")
    assert _enviar(cliente, "/solicitud/terminos", {"acepta": "y"}).status_code == 303
    assert (
        _enviar(cliente, "/solicitud/tipo-persona", {"tipo_persona": "ESTUDIANTE"}).status_code
        == 303
    )


def test_los_cinco_pasos_terminan_con_el_numero_y_el_codigo_de_seguimiento(cliente, api):
    _hasta_estudiante(cliente)
    r = _enviar(cliente, "/solicitud/estudiante", ESTUDIANTE)
    assert r.status_code == 303, texto(pagina(r).select_one(".resumen-errores"))
    assert _enviar(cliente, "/solicitud/datos", DATOS).status_code == 303
    revisar = pagina(cliente.get("/solicitud/revisar"))
    assert "Continuidad de estudios (Educación)" in texto(revisar.select_one("#respuestas"))
    r = _enviar(cliente, "/solicitud/revisar", {"acepta": "y"})
    assert r.status_code == 303
    final = pagina(cliente.get("/solicitud/registrada"))
    assert texto(final.select_one("#numero-solicitud")) == "00000042"
    assert texto(final.select_one("#codigo-seguimiento")) == "ABCD-EFGH-JKMN"
    (enviado,), _ = api["solicitudes"].llamadas_a("registrar")[0]
    assert enviado["terminos_version"] == "2026-01" and enviado["pais"] == "VENEZUELA"
    assert enviado["segundo_apellido"] == "" and enviado["apoderado"] is None


def test_la_ie_que_no_recibe_solicitudes_lo_dice_y_no_avanza(cliente):
    r = _enviar(cliente, "/solicitud/institucion?q=cerrada", {"institucion": "0584715-0"})
    assert r.status_code == 200
    resultados = pagina(r)
    assert "No recibe solicitudes por la web" in texto(resultados.select_one("#institucion"))
    assert "IE CERRADA no recibe solicitudes por la web" in texto(
        resultados.select_one(".resumen-errores")
    )


def test_un_paso_sin_los_anteriores_vuelve_al_primero(cliente):
    r = cliente.get("/solicitud/datos")
    assert r.status_code == 303 and r.headers["Location"].endswith("/solicitud/institucion")


def test_el_error_de_la_api_queda_en_su_campo_y_se_conserva_lo_escrito(cliente, api):
    _hasta_estudiante(cliente)
    api["solicitudes"].responder(
        "validar",
        ErrorApi(
            422,
            "regla_de_negocio",
            "El estudiante es menor de edad: la solicitud debe hacerla su apoderado.",
            {
                "tipo_persona": [
                    "El estudiante es menor de edad: la solicitud debe hacerla su apoderado."
                ]
            },
        ),
    )
    r = _enviar(cliente, "/solicitud/estudiante", ESTUDIANTE)
    leida = pagina(r)
    assert "menor de edad: la solicitud debe hacerla su apoderado" in texto(
        leida.select_one(".resumen-errores")
    )
    assert leida.select_one("#cambiar-tipo a")["href"] == "/solicitud/tipo-persona"
    assert leida.select_one("#numero_documento")["value"] == "001112311"
    api["solicitudes"].responder(
        "validar",
        ErrorApi(
            422,
            "datos_invalidos",
            "Revise los datos.",
            {"numero_documento": ["El carné de extranjería tiene 9 dígitos."]},
        ),
    )
    leida = pagina(_enviar(cliente, "/solicitud/estudiante", ESTUDIANTE))
    assert "tiene 9 dígitos" in texto(leida.select_one("#numero_documento-error"))
    assert leida.select_one("a[href='#numero_documento']") is not None  # the summary links it


def test_el_pais_es_obligatorio_para_un_documento_extranjero(cliente):
    _hasta_estudiante(cliente)
    leida = pagina(_enviar(cliente, "/solicitud/estudiante", {**ESTUDIANTE, "pais": ""}))
    assert "país de nacionalidad" in texto(leida.select_one("#pais-error"))
    assert leida.select_one("#nombres")["value"] == "ARTURO JOHEL"


def test_el_limite_de_la_api_es_una_pagina(cliente, api):
    _hasta_estudiante(cliente)
    api["solicitudes"].responder(
        "validar", ErrorApi(429, "demasiados_intentos", "Demasiados intentos desde su red.", {})
    )
    r = _enviar(cliente, "/solicitud/estudiante", ESTUDIANTE)
    assert r.status_code == 429 and r.mimetype == "text/html"
    assert texto(pagina(r).select_one("#mensaje-limite")) == "Demasiados intentos desde su red."


def test_el_seguimiento_muestra_el_estado_y_su_historial(cliente, api):
    api["solicitudes"].responder(
        "seguimiento",
        lambda codigo: {
            "numero_solicitud": 42,
            "estado": "EMITIDA",
            "detalle": "",
            "correo": "a***@example.pe",
            "codigo_virtual": "7K3M-9QXD-2HVB-N4TS",
            "historial": [
                {"estado": "PENDIENTE", "en": "2026-11-28T12:54:00+00:00", "detalle": ""},
                {"estado": "EMITIDA", "en": "2026-11-29T12:54:00+00:00", "detalle": ""},
            ],
        },
    )
    r = _enviar(cliente, "/seguimiento/", {"codigo_seguimiento": "abcd-efgh-jkmn"})
    assert r.status_code == 303
    leida = pagina(cliente.get(r.headers["Location"]))
    assert texto(leida.select_one("#estado-solicitud")) == "EMITIDA"
    assert [texto(li.strong) for li in leida.select("#historial li")] == ["PENDIENTE", "EMITIDA"]
    assert "ayuda" in texto(leida.select_one(".ayuda")).lower()  # the help channel on every page


def test_mis_certificados_pide_el_documento_en_un_post(cliente, api):
    api["verificacion"].responder(
        "detalle",
        lambda codigo, documento: {
            "estado": "VIGENTE",
            "nombre_estudiante": "ARTURO JOHEL RAMIREZ",
            "nombre_institucion": "AUGUSTO B. LEGUIA",
            "nivel": "SECUNDARIA",
            "codigo_virtual": codigo,
        },
    )
    formulario = pagina(cliente.get("/mis-certificados/")).select_one("form")
    assert formulario["method"] == "post"
    r = _enviar(
        cliente,
        "/mis-certificados/",
        {"codigo_virtual": "7k3m-9qxd-2hvb-n4ts", "numero_documento": "001112311"},
    )
    assert texto(pagina(r).select_one("#titular")) == "ARTURO JOHEL RAMIREZ"
    (codigo, documento), _ = api["verificacion"].llamadas_a("detalle")[0]
    assert (codigo, documento) == ("7K3M-9QXD-2HVB-N4TS", "001112311")


def test_la_busqueda_por_lugar_usa_el_padron_y_dice_si_cada_ie_recibe(cliente, api):
    padron = {**IE, "departamento": "LIMA", "provincia": "LIMA", "distrito": "BREÑA"}
    otra = {**padron, "codigo_modular": "0999999", "nombre": "IE SIN COPIA"}
    api["notas"].responder("instituciones", lambda **filtro: [padron, otra])
    r = cliente.get("/solicitud/institucion", query_string={"distrito": "breña"})
    lista = texto(pagina(r).select_one("#institucion"))
    assert "AUGUSTO B. LEGUIA" in lista and "Breña (Lima, Lima)" in lista
    assert "IE SIN COPIA" in lista and "No recibe solicitudes por la web" in lista
    (((), filtro),) = api["notas"].llamadas_a("instituciones")
    assert filtro == {"q": None, "distrito": "BREÑA"}


def test_una_busqueda_vacia_pide_algun_criterio(cliente):
    r = cliente.get("/solicitud/institucion", query_string={"q": "", "distrito": ""})
    assert "Escriba el nombre o el código modular, o el lugar" in texto(
        pagina(r).select_one(".resumen-errores")
    )
