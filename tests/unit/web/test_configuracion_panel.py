"""Configuración and Emisión directa; the menu and the routes by role."""

from __future__ import annotations

from tests.unit.web.conftest import csrf, ingresar, pagina, texto
from tests.unit.web.falsos import CUENTA_DIRECTORA
from web.comun.clientes.base import ErrorApi

TALLERES = [
    {
        "id": i,
        "nombre": f"TALLER {i:02d}",
        "estado": "ACTIVO" if i % 3 else "INACTIVO",
        "creado_en": "2022-09-27T15:00:00+00:00",
    }
    for i in range(1, 13)
]


def test_talleres_paginados_agregar_y_dar_de_baja(conectado, api):
    api["notas"].responder("talleres", TALLERES)
    doc = pagina(conectado.get("/configuracion/talleres"))
    filas = doc.find("tbody").find_all("tr")
    assert len(filas) == 10 and "Página 1 de 2" in texto(doc.find(class_="paginacion"))
    assert [texto(td) for td in filas[0].find_all("td")][:4] == [
        "1",
        "TALLER 01",
        "27/09/2022",
        "Activo",
    ]
    api["notas"].responder(
        "crear_taller",
        ErrorApi(
            409,
            "conflicto",
            "Ya existe el taller MÚSICA.",
            {"nombre": ["Ya existe el taller MÚSICA."]},
        ),
    )
    token = csrf(conectado, "/configuracion/talleres")
    r = conectado.post("/configuracion/talleres", data={"nombre": "música", "csrf_token": token})
    assert "Ya existe el taller MÚSICA." in texto(pagina(r).find(id="nombre-error"))
    assert pagina(r).find(id="nombre")["value"] == "música"
    api["notas"].responder(
        "dar_de_baja_taller", {"id": 2, "nombre": "TALLER 02", "estado": "INACTIVO"}
    )
    r = conectado.post(
        "/configuracion/talleres/2/baja", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Se dio de baja el taller TALLER 02." in texto(pagina(r).find(class_="aviso"))
    assert api["notas"].llamadas_a("dar_de_baja_taller")[0][0] == ("0584714", "0", 2)


def test_parametros_valida_y_guarda(conectado, api):
    actuales = {
        "codigo": "0584714-0",
        "min_areas": 1,
        "max_areas": 10,
        "min_talleres": 0,
        "max_talleres": 0,
    }
    api["notas"].responder("parametros", actuales)
    doc = pagina(conectado.get("/configuracion/parametros"))
    assert "Mínimo Áreas Curriculares: 1 — Máximo Áreas Curriculares: 10" in texto(doc.find("main"))
    token = csrf(conectado, "/configuracion/parametros")
    r = conectado.post(
        "/configuracion/parametros",
        data={
            "csrf_token": token,
            "min_areas": "x",
            "max_areas": "12",
            "min_talleres": "0",
            "max_talleres": "2",
        },
    )
    assert r.status_code == 422
    assert pagina(r).find(id="max_areas")["value"] == "12"
    api["notas"].responder("configurar_parametros", actuales)
    r = conectado.post(
        "/configuracion/parametros",
        data={
            "csrf_token": token,
            "min_areas": "2",
            "max_areas": "12",
            "min_talleres": "0",
            "max_talleres": "2",
        },
    )
    assert r.status_code == 302
    assert api["notas"].llamadas_a("configurar_parametros")[0][0][2] == {
        "min_areas": 2,
        "max_areas": 12,
        "min_talleres": 0,
        "max_talleres": 2,
    }


def test_habilitar_solicitud(conectado, api):
    api["solicitudes"].responder(
        "habilitar_solicitud",
        {
            "codigo_modular": "0584714",
            "anexo": "0",
            "nombre": "AUGUSTO B. LEGUIA",
            "habilitar_solicitud": False,
        },
    )
    assert "DESHABILITADA" in texto(
        pagina(conectado.get("/configuracion/habilitar-solicitud")).find("main")
    )
    api["solicitudes"].responder("cambiar_habilitar_solicitud", {})
    token = csrf(conectado, "/configuracion/habilitar-solicitud")
    conectado.post(
        "/configuracion/habilitar-solicitud",
        data={"csrf_token": token, "habilitar_solicitud": "si"},
    )
    args, kwargs = api["solicitudes"].llamadas_a("cambiar_habilitar_solicitud")[0]
    assert args == (True,) and kwargs == {"codigo_modular": "0584714", "anexo": "0"}


def test_busqueda_con_certificado_emitido_ofrece_el_dialogo(conectado, api):
    api["solicitudes"].responder(
        "buscar_estudiante",
        {
            "tipo_documento": "CE",
            "numero_documento": "001112311",
            "completitud": {},
            "certificado_emitido": {
                "numero_solicitud": 3,
                "codigo_virtual": "F82S-KSE1-ASSV-DDT9",
                "nivel": "SECUNDARIA",
                "ultimo_anio": 1996,
                "ultimo_grado": "QUINTO",
            },
            "mensaje": (
                "El estudiante ya cuenta con un certificado emitido. ¿Desea generar la "
                "solicitud a partir de la información de este Certificado de Estudios?"
            ),
        },
    )
    api["solicitudes"].responder(
        "catalogos",
        {
            "motivos": [
                {
                    "codigo": "CONTINUIDAD_ESTUDIOS",
                    "descripcion": "Continuidad de estudios (Educación)",
                }
            ]
        },
    )
    doc = pagina(conectado.get("/emision-directa/busqueda"))
    assert "CE" in [o["value"] for o in doc.find(id="tipo_documento").find_all("option")]
    assert "Carné de Extranjería" in texto(doc.find(id="tipo_documento"))
    assert "Para EBR, podrá ingresar como año máximo de culminación hasta el 2012." in texto(
        doc.find("main")
    )
    token = csrf(conectado, "/emision-directa/busqueda")
    r = conectado.post(
        "/emision-directa/busqueda",
        data={
            "csrf_token": token,
            "tipo_documento": "CE",
            "numero_documento": "001112311",
            "nombres": "ARTURO JOHEL",
            "primer_apellido": "RAMIREZ",
            "fecha_nacimiento": "1979-11-01",
        },
    )
    assert r.status_code == 302 and "001112311" not in r.headers["Location"]
    dialogo = pagina(conectado.get(r.headers["Location"])).find("dialog")
    assert "El estudiante ya cuenta con un certificado emitido." in texto(dialogo)
    api["solicitudes"].responder("nueva_solicitud", {"numero_solicitud": 9})
    r = conectado.post(
        "/emision-directa/desde-certificado", data={"csrf_token": token}, follow_redirects=False
    )
    assert api["solicitudes"].llamadas_a("nueva_solicitud")[0][0] == (3,)


def test_busqueda_rechazada_por_la_api_marca_el_campo(conectado, api):
    api["solicitudes"].responder(
        "buscar_estudiante",
        ErrorApi(
            409,
            "conflicto",
            "Los datos no coinciden.",
            {"fecha_nacimiento": ["La fecha de nacimiento no coincide con el documento."]},
        ),
    )
    token = csrf(conectado, "/emision-directa/busqueda")
    r = conectado.post(
        "/emision-directa/busqueda",
        data={
            "csrf_token": token,
            "tipo_documento": "DNI",
            "numero_documento": "72527431",
            "nombres": "V",
            "primer_apellido": "F",
            "fecha_nacimiento": "2003-05-15",
        },
    )
    doc = pagina(r)
    assert "La fecha de nacimiento no coincide" in texto(doc.find(id="fecha_nacimiento-error"))
    assert doc.find(id="numero_documento")["value"] == "72527431"


def test_menu_y_rutas_segun_el_rol(cliente, api):
    oaciged = {
        **CUENTA_DIRECTORA,
        "rol": "OACIGED",
        "rol_etiqueta": "OACIGED",
        "institucion": None,
        "niveles": [],
    }
    ingresar(cliente, api, oaciged)
    api["solicitudes"].responder(
        "cifras", {"pendientes": 0, "informacion_completa": 0, "en_emision": 0, "fallidas": 0}
    )
    menu = texto(pagina(cliente.get("/inicio")).find("nav", class_="menu"))
    assert "Configuración" not in menu and "Búsqueda de estudiantes" not in menu
    assert "Solicitudes pendientes" in menu
    assert cliente.get("/configuracion/parametros").status_code == 403
    assert cliente.get("/emision-directa/busqueda").status_code == 403


def test_especialista_ugel_elige_la_ie(cliente, api):
    ugel = {
        **CUENTA_DIRECTORA,
        "rol": "ESPECIALISTA_UGEL",
        "institucion": None,
        "codigo_ugel": "150103",
        "nombre_ugel": "UGEL 03 BREÑA",
    }
    ingresar(cliente, api, ugel)
    doc = pagina(cliente.get("/configuracion/parametros"))
    assert "Indique la institución educativa" in texto(doc.find("main"))
    token = csrf(cliente, "/configuracion/parametros")
    activa = "La institución educativa 0584714-0 está activa: la atiende su director, no la UGEL."
    api["solicitudes"].responder("habilitar_solicitud", ErrorApi(403, "sin_permiso", activa, {}))
    r = cliente.post(
        "/configuracion/institucion",
        data={"csrf_token": token, "codigo": "0584714-0", "volver": "configuracion.parametros"},
        follow_redirects=True,
    )
    assert activa in texto(pagina(r).find("main"))  # refused with its reason, not kept
    assert "Indique la institución educativa" in texto(pagina(r).find("main"))
    api["solicitudes"].responder("habilitar_solicitud", {"habilitar_solicitud": True})
    r = cliente.post(
        "/configuracion/institucion",
        data={"csrf_token": token, "codigo": "0321456-1", "volver": "configuracion.parametros"},
    )
    assert r.location.endswith("/configuracion/parametros")
    afuera = cliente.post(
        "/configuracion/institucion",
        data={"csrf_token": token, "codigo": "0321456-1", "volver": "https://otro.example/"},
    )
    assert afuera.location.endswith("/configuracion/habilitar-solicitud")  # no outside address
    api["notas"].responder(
        "parametros", {"min_areas": 1, "max_areas": 10, "min_talleres": 0, "max_talleres": 0}
    )
    cliente.get("/configuracion/parametros")
    assert api["notas"].llamadas_a("parametros")[0][0] == ("0321456", "1")
