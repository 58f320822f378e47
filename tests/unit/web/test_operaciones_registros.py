"""The console's padrón, identity registry, staff accounts and signing keys (API faked)."""

from __future__ import annotations

import io

import pytest

from tests.unit.web.conftest import csrf, pagina, texto
from tests.unit.web.test_operaciones import _ingresar
from web.comun.clientes.base import ErrorApi


@pytest.fixture
def ops(api):
    from tests.unit.web.conftest import config_prueba
    from web.operaciones.app import create_app

    app = create_app(config_prueba("operaciones"))
    app.extensions["mc_clientes_falsos"] = api
    return app.test_client()


@pytest.fixture
def conectado(ops, api):
    assert _ingresar(ops, api).status_code == 302
    return ops


def _subir(cliente, ruta: str, pantalla: str, **archivos):
    datos = {"csrf_token": csrf(cliente, pantalla)}
    for campo, (nombre, contenido) in archivos.items():
        datos[campo] = (io.BytesIO(contenido), nombre)
    return cliente.post(ruta, data=datos, content_type="multipart/form-data")


REPORTE_PADRON = {
    "procesadas": 2,
    "guardadas": 1,
    "errores": [{"fila": 3, "campo": "estado", "motivo": "Debe ser uno de: ACTIVA, CERRADA."}],
    "filas": [
        {"fila": 2, "codigo_modular": "0584714", "anexo": "0", "resultado": "GUARDADA"},
        {
            "fila": 3,
            "codigo_modular": "0584715",
            "anexo": "0",
            "resultado": "RECHAZADA",
            "motivo": "estado: Debe ser uno de: ACTIVA, CERRADA.",
        },
    ],
}


def test_el_menu_tiene_las_pantallas_nuevas(conectado, api):
    api["notas"].responder("instituciones", [])
    menu = texto(pagina(conectado.get("/padron")).find("nav", class_="menu"))
    for entrada in ("Padrón de IIEE", "Registro de identidad", "Cuentas del personal"):
        assert entrada in menu
    assert "Claves de firma" in menu


def test_importar_el_padron_muestra_cada_fila(conectado, api):
    api["notas"].responder("importar_padron", REPORTE_PADRON)
    r = _subir(conectado, "/padron/importacion", "/padron", archivo=("padron.csv", b"x;y\n"))
    assert r.status_code == 200
    assert api["notas"].llamadas_a("importar_padron") == [((b"x;y\n",), {})]
    doc = pagina(r)
    assert texto(doc.find(id="resumen-importacion")) == (
        "Filas leídas: 2 · guardadas: 1 · rechazadas: 1"
    )
    assert texto(doc.find(id="fila-2")) == "2 0584714 0 Guardada —"
    assert texto(doc.find(id="fila-3")) == (
        "3 0584715 0 Rechazada estado: Debe ser uno de: ACTIVA, CERRADA."
    )


def test_importar_sin_archivo_o_no_csv_dice_por_que(conectado, api):
    r = _subir(conectado, "/padron/importacion", "/padron")
    assert r.status_code == 422
    assert "Archivo CSV del padrón: Adjunte el archivo CSV del padrón." in texto(
        pagina(r).find(class_="resumen-errores")
    )
    r = _subir(conectado, "/padron/importacion", "/padron", archivo=("padron.xlsx", b"PK"))
    assert "El archivo debe ser un CSV (.csv)." in texto(pagina(r).find(class_="resumen-errores"))
    api["notas"].responder(
        "importar_padron",
        ErrorApi(422, "archivo_invalido", "Faltan columnas", {"archivo": ["Faltan: nombre."]}),
    )
    r = _subir(conectado, "/padron/importacion", "/padron", archivo=("p.csv", b"a\n"))
    assert r.status_code == 422
    assert "Archivo CSV del padrón: Faltan: nombre." in texto(
        pagina(r).find(class_="resumen-errores")
    )


def test_buscar_en_el_padron(conectado, api):
    api["notas"].responder(
        "instituciones",
        [
            {
                "codigo_modular": "0584714",
                "anexo": "0",
                "nombre": "AUGUSTO B. LEGUIA",
                "estado": "ACTIVA",
                "codigo_ugel": "150103",
                "nombre_ugel": "UGEL 03",
                "modalidad": "EBR",
                "niveles": ["PRIMARIA", "SECUNDARIA"],
                "distrito": "BREÑA",
            }
        ],
    )
    doc = pagina(conectado.get("/padron?q=LEGUIA&estado=ACTIVA"))
    assert api["notas"].llamadas_a("instituciones") == [((), {"q": "LEGUIA", "estado": "ACTIVA"})]
    assert "Instituciones (1)" in texto(doc.find(id="resultados"))
    assert "0584714-0 AUGUSTO B. LEGUIA ACTIVA UGEL 03 (150103)" in texto(doc.find("tbody"))
    r = conectado.get("/padron?q=LE")
    assert r.status_code == 400
    assert pagina(r).find("input", {"name": "q"})["value"] == "LE"
    assert "De 3 a 100 caracteres." in texto(pagina(r).find(class_="resumen-errores"))


def test_cargar_el_registro_de_identidad(conectado, api):
    api["solicitudes"].responder(
        "importar_registro_identidad",
        {
            "cargado": True,
            "personas": 2,
            "vinculos": 1,
            "filas_personas": 2,
            "filas_vinculos": 1,
            "errores": [],
        },
    )
    r = _subir(
        conectado,
        "/registro-identidad",
        "/registro-identidad",
        personas=("personas.csv", b"p\n"),
        vinculos=("vinculos.csv", b"v\n"),
    )
    assert r.status_code == 200
    assert api["solicitudes"].llamadas_a("importar_registro_identidad") == [((b"p\n", b"v\n"), {})]
    assert texto(pagina(r).find(id="resumen-carga")).startswith(
        "Se cargaron 2 persona(s) y 1 vínculo(s)"
    )


def test_el_registro_de_identidad_con_filas_malas_no_carga_nada(conectado, api):
    api["solicitudes"].responder(
        "importar_registro_identidad",
        {
            "cargado": False,
            "personas": 0,
            "vinculos": 0,
            "filas_personas": 3,
            "filas_vinculos": 0,
            "errores": [
                {
                    "archivo": "personas.csv",
                    "fila": 3,
                    "campo": "numero_documento",
                    "motivo": "El DNI tiene 8 dígitos.",
                }
            ],
        },
    )
    r = _subir(conectado, "/registro-identidad", "/registro-identidad", personas=("p.csv", b"p\n"))
    assert r.status_code == 422
    doc = pagina(r)
    assert "No se cargó nada" in texto(doc.find(id="resumen-carga"))
    assert texto(doc.find(id="reporte-filas").find("tbody")) == (
        "personas.csv 3 numero_documento El DNI tiene 8 dígitos."
    )
    r = _subir(conectado, "/registro-identidad", "/registro-identidad")
    assert "Archivo CSV de personas: Adjunte el archivo CSV de personas." in texto(
        pagina(r).find(class_="resumen-errores")
    )


CUENTA_UGEL = {
    "usuario": "40111222",
    "nombre": "QUISPE ROJAS, ANA",
    "correo": "aquispe@ugel03.gob.pe",
    "rol": "ESPECIALISTA_UGEL",
    "rol_etiqueta": "Especialista UGEL",
    "activa": True,
    "totp_configurado": False,
    "requiere_totp": False,
    "codigo_ugel": "150103",
    "nombre_ugel": "UGEL 03 BREÑA",
    "institucion": None,
    "sesion_iniciada_en": None,
    "administra": True,
}
CUENTA_DIRECTOR = {
    **CUENTA_UGEL,
    "usuario": "41234567",
    "nombre": "PALACIOS PONCE, LOURDES HAYDEE",
    "rol": "DIRECTOR_IE",
    "rol_etiqueta": "Director Secundaria",
    "totp_configurado": True,
    "institucion": {"codigo_modular_y_anexo": "0584714-0", "nombre": "AUGUSTO B. LEGUIA"},
    "sesion_iniciada_en": "2026-12-01T15:00:00+00:00",
    "administra": False,
}


def test_cuentas_del_personal_lista_y_filtra(conectado, api):
    api["cuentas"].responder(
        "cuentas",
        {"pagina": 1, "por_pagina": 20, "total": 2, "cuentas": [CUENTA_DIRECTOR, CUENTA_UGEL]},
    )
    doc = pagina(conectado.get("/cuentas-del-personal?q=QUISPE&rol=&activa=true"))
    ((_, filtro),) = api["cuentas"].llamadas_a("cuentas")
    assert filtro == {"pagina": 1, "por_pagina": 20, "q": "QUISPE", "activa": "true"}
    filas = [texto(f) for f in doc.select("#tabla-cuentas tbody tr")]
    assert filas[0].startswith("PALACIOS PONCE, LOURDES HAYDEE")
    assert "IE 0584714-0 AUGUSTO B. LEGUIA Activa Configurado 01/12/2026" in filas[0]
    assert filas[0].endswith("—")  # a director is administered by their UGEL
    assert "UGEL 03 BREÑA (150103) Activa No Nunca Desactivar" in filas[1]
    # the usuario (a document number) only in POST bodies, never in a link
    assert "40111222" not in " ".join(a["href"] for a in doc.find_all("a"))


def test_la_cuenta_propia_no_ofrece_desactivarse(conectado, api):
    """cuentas refuses deactivating oneself; the console does not offer it, and says why."""
    propia = {**CUENTA_UGEL, "usuario": "44567890", "nombre": "MENDOZA RÍOS, JORGE LUIS"}
    api["cuentas"].responder(
        "cuentas",
        {"pagina": 1, "por_pagina": 20, "total": 2, "cuentas": [propia, CUENTA_UGEL]},
    )
    doc = pagina(conectado.get("/cuentas-del-personal"))
    filas = doc.select("#tabla-cuentas tbody tr")
    assert "Su propia cuenta: otra persona de Operaciones puede desactivarla." in texto(filas[0])
    assert not filas[0].find("button")
    assert "Desactivar" in texto(filas[1])


def test_desactivar_pide_confirmacion_y_motivo(conectado, api):
    api["cuentas"].responder("cuenta", CUENTA_UGEL)
    api["cuentas"].responder("cuentas", {"pagina": 1, "por_pagina": 20, "total": 0, "cuentas": []})
    token = csrf(conectado, "/cuentas-del-personal")
    r = conectado.post(
        "/cuentas-del-personal/desactivacion", data={"csrf_token": token, "usuario": "40111222"}
    )
    assert "¿Desactivar la cuenta de QUISPE ROJAS, ANA?" in texto(pagina(r).find("h1"))
    datos = {"csrf_token": token, "usuario": "40111222", "paso": "confirmar", "motivo": ""}
    r = conectado.post("/cuentas-del-personal/desactivacion", data=datos)
    assert r.status_code == 400
    assert "Indique el motivo de la desactivación." in texto(
        pagina(r).find(class_="resumen-errores")
    )
    api["cuentas"].responder("desactivar", {**CUENTA_UGEL, "activa": False})
    datos["motivo"] = "Dejó la UGEL"
    r = conectado.post("/cuentas-del-personal/desactivacion", data=datos)
    assert r.status_code == 302
    assert api["cuentas"].llamadas_a("desactivar") == [(("40111222", "Dejó la UGEL"), {})]
    doc = pagina(conectado.get("/cuentas-del-personal"))
    assert "Se desactivó la cuenta de QUISPE ROJAS, ANA" in texto(doc.find(class_="aviso"))


CLAVES = {
    "claves": [
        {
            "kid": "20261201-bbbbbb",
            "algoritmo": "Ed25519",
            "clave_publica": "x",
            "valido_desde": "2026-12-01T12:00:00+00:00",
            "valido_hasta": None,
            "activa": True,
        },
        {
            "kid": "20260101-aaaaaa",
            "algoritmo": "Ed25519",
            "clave_publica": "y",
            "valido_desde": "2026-01-01T12:00:00+00:00",
            "valido_hasta": "2026-12-01T12:00:00+00:00",
            "activa": False,
        },
    ],
    "certificado_pdf": {
        "sujeto": "Common Name: Mi Certificado",
        "emisor": "Common Name: CA",
        "numero_serie": "3a81",
        "valido_desde": "2026-01-01T00:00:00+00:00",
        "valido_hasta": "2029-01-01T00:00:00+00:00",
        "huella_sha256": "C5:0A",
    },
}


def test_claves_de_firma_y_rotacion_con_confirmacion(conectado, api):
    api["emision"].responder("claves", CLAVES)
    api["verificacion"].responder("claves", [{"kid": "20260101-aaaaaa"}])
    doc = pagina(conectado.get("/claves-de-firma"))
    assert texto(doc.find(id="clave-20261201-bbbbbb")).startswith("20261201-bbbbbb Activa")
    assert texto(doc.find(id="clave-20261201-bbbbbb")).endswith(
        "Todavía no (se le avisó de la rotación; la pide en segundos)"
    )
    assert "Retirada 01/01/2026" in texto(doc.find(id="clave-20260101-aaaaaa"))
    assert "2028" in texto(doc.find(id="pades-hasta"))  # 2029-01-01 UTC, in Lima
    confirmacion = pagina(conectado.get("/claves-de-firma/rotacion"))
    assert "¿Rotar la clave del sello del QR?" in texto(confirmacion.find("h1"))
    assert api["emision"].llamadas_a("rotar_clave") == []
    api["emision"].responder(
        "rotar_clave", {"kid": "n", "mensaje": "La clave n firma desde ahora."}
    )
    r = conectado.post(
        "/claves-de-firma/rotacion",
        data={"csrf_token": csrf(conectado, "/claves-de-firma/rotacion")},
    )
    assert r.status_code == 302 and api["emision"].llamadas_a("rotar_clave") == [((), {})]
    assert "La clave n firma desde ahora." in texto(
        pagina(conectado.get("/claves-de-firma")).find(class_="aviso")
    )


def test_claves_cuando_verificacion_no_responde(conectado, api):
    from web.comun.clientes.base import ApiNoDisponible

    api["emision"].responder("claves", CLAVES)
    api["verificacion"].responder("claves", ApiNoDisponible(503, "x", "no"))
    doc = pagina(conectado.get("/claves-de-firma"))
    assert "verificación no responde" in texto(doc.find(id="clave-20261201-bbbbbb"))


def _selector_de_archivo(doc, id_: str, etiqueta: str, errores: bool = False) -> None:
    """The shared macro's picker: a Spanish button for a hidden, focusable, labelled input."""
    entrada = doc.find("input", id=id_)
    assert entrada["type"] == "file" and "archivo__control" in entrada["class"]
    assert entrada.get("tabindex") is None and not entrada.has_attr("hidden")  # still focusable
    etiquetas = [texto(e) for e in doc.find_all("label", attrs={"for": id_})]
    assert etiquetas[0].startswith(etiqueta) and etiquetas[1] == "Elegir archivo"
    nombre = doc.find(id=f"{id_}-nombre")
    # Filled in by mc.js; without JS it is empty and hidden, so it never says something false.
    assert nombre.has_attr("hidden") and texto(nombre) == "" and nombre["aria-live"] == "polite"
    assert f"{id_}-nombre" in entrada["aria-describedby"].split()
    if errores:
        assert f"{id_}-error" in entrada["aria-describedby"].split()


def test_los_selectores_de_archivo_de_la_consola_estan_en_espanol(conectado, api):
    api["notas"].responder("instituciones", [])
    _selector_de_archivo(pagina(conectado.get("/padron")), "archivo", "Archivo CSV del padrón")
    doc = pagina(conectado.get("/registro-identidad"))
    _selector_de_archivo(doc, "personas", "Archivo CSV de personas")
    _selector_de_archivo(doc, "vinculos", "Archivo CSV de vínculos (opcional)")
    r = _subir(conectado, "/padron/importacion", "/padron")  # refused: the error is described
    _selector_de_archivo(pagina(r), "archivo", "Archivo CSV del padrón", errores=True)
