"""Registro de notas: tabs, grid, allowed grades, legend, suggestion, errors kept per cell."""

from __future__ import annotations

from tests.unit.web.conftest import csrf, pagina, texto
from web.comun.clientes.base import ErrorApi

PERMITIDAS = [f"{n:02d}" for n in range(21)] + ["EXO"]
FICHA = {
    "nivel": "SECUNDARIA",
    "grado": "PRIMERO",
    "modalidad": "EBR",
    "anio_lectivo": 2020,
    "codigo_modular": "0584714",
    "anexo": "0",
    "codigo": "0584714-0",
    "aplica": True,
    "diseno_curricular": "EBR-SEC-DCN2009",
    "situacion_final": "DESAPROBADO",
    "situacion_sugerida": {
        "situacion_final": "PROMOCIÓN GUIADA",
        "motivo": "En 2020 ningún estudiante repitió de grado (promoción guiada).",
    },
    "leyenda": {},
    "calificaciones": [
        {
            "area": "MATEMÁTICA",
            "tipo_area": "AREA",
            "calificacion": "08",
            "competencias": [],
            "calificaciones_permitidas": PERMITIDAS,
        },
        {
            "area": "DANZA",
            "tipo_area": "TALLER",
            "calificacion": None,
            "competencias": [],
            "calificaciones_permitidas": ["A", "B", "C"],
        },
    ],
    "observaciones": [],
}
ID_ESTUDIANTE = "k3Jd9sQpX0aLmN2vB7cYtw"
REGISTRO = {
    "estudiante": {
        "id_estudiante": ID_ESTUDIANTE,
        "tipo_documento": "DNI",
        "numero_documento": "72527431",
        "nombres": "VANESSA",
        "primer_apellido": "FLORES",
        "segundo_apellido": "LIZANA",
    },
    "instituciones": [{"codigo_modular": "0321456", "anexo": "0", "codigo": "0321456-0"}],
    "niveles": {
        "SECUNDARIA": {
            "completitud": "INFORMACIÓN INCOMPLETA",
            "grados": [FICHA],
            "pendientes": [
                {
                    "grado": "PRIMERO",
                    "campo": "calificacion",
                    "motivo": "PRIMERO: falta la calificación de «DANZA».",
                }
            ],
        }
    },
}


def _abrir(conectado, api) -> str:
    api["solicitudes"].responder(
        "solicitud",
        {
            "tipo_documento": "DNI",
            "numero_documento": "72527431",
            "nivel": "SECUNDARIA",
            "apellidos_y_nombres": "FLORES LIZANA, VANESSA",
            "fecha_nacimiento": "2003-05-14",
        },
    )
    api["notas"].responder("consultar_registro", REGISTRO)
    api["notas"].responder("disenos", [{"codigo": "EBR-SEC-DCN2009", "nombre": "DCN 2009"}])
    r = conectado.get("/registro-notas/solicitud/7")
    assert "72527431" not in r.headers["Location"]  # an opaque reference, never the document
    return r.headers["Location"]


def test_la_grilla_muestra_lo_que_pide_la_semilla(conectado, api):
    url = _abrir(conectado, api)
    doc = pagina(conectado.get(url))
    pestanas = [texto(a) for a in doc.select(".pestanas a")]
    assert [p.split(" (")[0] for p in pestanas] == [
        "PRIMERO",
        "SEGUNDO",
        "TERCERO",
        "CUARTO",
        "QUINTO",
    ]
    assert doc.select_one(".pestanas a[aria-current=page]").get_text().startswith("PRIMERO")
    assert doc.find(id="anio_lectivo")["value"] == "2020"
    codigos = [o["value"] for o in doc.find(id="codigo").find_all("option")]
    assert codigos == ["", "0584714-0", "0321456-0"]  # own IE, then those already associated
    assert doc.find(id="aplica").has_attr("checked")
    assert "Aplicará registro de notas" in texto(doc.find("label", attrs={"for": "aplica"}))
    assert doc.find(id="calificacion-0")["value"] == "08"
    assert "Calificaciones permitidas: A, B, C" in texto(doc.find(id="permitidas-1"))
    assert doc.find(id="calificacion-0")["hx-post"].endswith("/filas/0")
    leyenda = texto(doc.find(class_="leyenda"))
    assert "AREA OFICIAL [1]" in leyenda and "TALLERES [1]" in leyenda
    assert "COMPETENCIAS NO ASOCIADAS A ÁREAS [0]" in leyenda
    estado = texto(doc.find(id="estado-registro"))
    assert "INFORMACIÓN INCOMPLETA" in estado and "falta la calificación de «DANZA»" in estado
    # The suggestion is shown, never applied: the saved value stays selected.
    assert "Sugerencia: PROMOCIÓN GUIADA" in texto(doc.find(id="sugerencia"))
    assert doc.find(id="situacion_final").find("option", selected=True)["value"] == "DESAPROBADO"


def _grilla(token, **cambios):
    datos = {
        "csrf_token": token,
        "filas": "2",
        "anio_lectivo": "2020",
        "codigo": "0584714-0",
        "aplica": "1",
        "situacion_final": "APROBADO",
        "area-0": "MATEMÁTICA",
        "tipo-0": "AREA",
        "calificacion-0": "14",
        "area-1": "DANZA",
        "tipo-1": "TALLER",
        "calificacion-1": "a",
    }
    datos.update(cambios)
    return datos


def test_guardar_envia_el_grado_entero(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder("registrar_grado", REGISTRO)
    r = conectado.post(url, data=_grilla(csrf(conectado, url)))
    assert r.status_code == 302
    (id_estudiante, nivel, grado, cuerpo), _ = api["notas"].llamadas_a("registrar_grado")[0]
    # notas is asked by document in a body, then named by its id: no document in its URLs.
    assert (id_estudiante, nivel, grado) == (ID_ESTUDIANTE, "SECUNDARIA", "PRIMERO")
    assert api["notas"].llamadas_a("consultar_registro")[0][0] == ("DNI", "72527431")
    assert cuerpo["anio_lectivo"] == 2020 and cuerpo["codigo_modular"] == "0584714"
    assert [c["calificacion"] for c in cuerpo["calificaciones"]] == ["14", "A"]
    assert cuerpo["situacion_final"] == "APROBADO"


def test_un_rechazo_de_la_api_queda_junto_a_su_celda_con_lo_escrito(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder(
        "registrar_grado",
        ErrorApi(
            422,
            "datos_invalidos",
            "Revise los campos indicados.",
            {"calificaciones.0.calificacion": ["calificación «25» no permitida."]},
        ),
    )
    r = conectado.post(url, data=_grilla(csrf(conectado, url), **{"calificacion-0": "25"}))
    doc = pagina(r)
    assert r.status_code == 422
    assert "Fila 1 (MATEMÁTICA): calificación «25» no permitida." in texto(
        doc.find(class_="resumen-errores")
    )
    assert doc.find(class_="resumen-errores").find("a")["href"] == "#calificacion-0"
    assert doc.find(id="calificacion-0")["value"] == "25"
    assert doc.find(id="calificacion-1")["value"] == "A"
    assert "no permitida" in texto(doc.find(id="estado-fila-0"))


def test_anio_y_codigo_mal_escritos_no_llegan_a_la_api(conectado, api):
    url = _abrir(conectado, api)
    r = conectado.post(
        url, data=_grilla(csrf(conectado, url), anio_lectivo="98", codigo="", codigo_otro="12-3")
    )
    resumen = texto(pagina(r).find(class_="resumen-errores"))
    assert "Año lectivo: escriba el año con 4 cifras" in resumen
    assert "Código modular: escriba 7 dígitos, un guion y el anexo" in resumen
    assert api["notas"].llamadas_a("registrar_grado") == []
    assert pagina(r).find(id="anio_lectivo")["value"] == "98"


def test_quitar_una_fila_y_agregar_un_area_libre(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder("registrar_grado", REGISTRO)
    conectado.post(url, data=_grilla(csrf(conectado, url), quitar="1", nueva_area="  caligrafía "))
    cuerpo = api["notas"].llamadas_a("registrar_grado")[0][0][3]
    assert [c["area"] for c in cuerpo["calificaciones"]] == ["MATEMÁTICA", "CALIGRAFÍA"]


def test_usar_la_sugerencia_es_un_boton_explicito(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder("registrar_grado", REGISTRO)
    conectado.post(url, data=_grilla(csrf(conectado, url), usar_sugerencia="PROMOCIÓN GUIADA"))
    assert (
        api["notas"].llamadas_a("registrar_grado")[0][0][3]["situacion_final"] == "PROMOCIÓN GUIADA"
    )


def test_una_fila_por_htmx_guarda_solo_esa_celda(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder("registrar_grado", REGISTRO)
    r = conectado.post(
        url + "/filas/1",
        data={"area-1": "DANZA", "tipo-1": "TALLER", "calificacion-1": "b"},
        headers={"X-CSRFToken": csrf(conectado, url), "HX-Request": "true"},
    )
    assert "Guardado" in r.get_data(as_text=True)
    cuerpo = api["notas"].llamadas_a("registrar_grado")[0][0][3]
    assert [c["calificacion"] for c in cuerpo["calificaciones"]] == ["08", "B"]
    assert cuerpo["situacion_final"] == "DESAPROBADO"  # the rest of the grade as saved


def test_una_fila_rechazada_muestra_el_motivo(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder(
        "registrar_grado",
        ErrorApi(
            422,
            "datos_invalidos",
            "Revise.",
            {"calificaciones.1.calificacion": ["«Z» no permitida."]},
        ),
    )
    r = conectado.post(
        url + "/filas/1",
        data={"area-1": "DANZA", "calificacion-1": "z"},
        headers={"X-CSRFToken": csrf(conectado, url)},
    )
    assert "«Z» no permitida." in texto(pagina(r))


def test_estudiante_sin_registro_pide_sus_datos(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder(
        "consultar_registro", ErrorApi(404, "no_encontrado", "No existe el estudiante.")
    )
    r = conectado.get(url)
    assert r.status_code == 302 and r.headers["Location"].endswith("/estudiante")
    doc = pagina(conectado.get(r.headers["Location"]))
    assert doc.find(id="primer_apellido")["value"] == "FLORES"
    assert doc.find(id="segundo_apellido")["value"] == "LIZANA"
    assert doc.find(id="nombres")["value"] == "VANESSA"


def test_una_referencia_ajena_no_abre_nada(conectado, api):
    assert conectado.get("/registro-notas/otra-referencia/SECUNDARIA/PRIMERO").status_code == 404


def test_importar_actas_muestra_el_reporte_por_fila(conectado, api):
    import io

    api["notas"].responder(
        "importar_actas",
        {
            "procesadas": 3,
            "guardadas": 2,
            "errores": [
                {
                    "fila": 3,
                    "campo": "anio_lectivo",
                    "motivo": "El año lectivo debe estar entre 1900 y 2100.",
                }
            ],
        },
    )
    token = csrf(conectado, "/registro-notas/importacion")
    r = conectado.post(
        "/registro-notas/importacion",
        data={"csrf_token": token, "archivo": (io.BytesIO(b"tipo_documento,...\n"), "actas.csv")},
        content_type="multipart/form-data",
    )
    doc = pagina(r)
    assert "Filas leídas: 3 · guardadas: 2 · con errores: 1" in texto(doc.find(id="reporte").parent)
    assert [texto(td) for td in doc.find("tbody").find_all("td")] == [
        "3",
        "anio_lectivo",
        "El año lectivo debe estar entre 1900 y 2100.",
    ]
    assert api["notas"].llamadas_a("importar_actas")[0][0] == (b"tipo_documento,...\n",)


def test_importar_sin_archivo_o_con_otro_formato(conectado, api):
    import io

    token = csrf(conectado, "/registro-notas/importacion")
    r = conectado.post(
        "/registro-notas/importacion",
        data={"csrf_token": token},
        content_type="multipart/form-data",
    )
    assert "Adjunte el archivo CSV de las actas." in texto(pagina(r).find(class_="resumen-errores"))
    r = conectado.post(
        "/registro-notas/importacion",
        data={"csrf_token": token, "archivo": (io.BytesIO(b"%PDF"), "actas.pdf")},
        content_type="multipart/form-data",
    )
    assert "El archivo debe ser un CSV (.csv)." in texto(pagina(r).find(class_="resumen-errores"))
    assert api["notas"].llamadas_a("importar_actas") == []


def test_observaciones_se_agregan_y_su_error_se_muestra(conectado, api):
    url = _abrir(conectado, api)
    api["notas"].responder(
        "registrar_grado",
        ErrorApi(
            422,
            "datos_invalidos",
            "Revise.",
            {"observaciones.0.resolucion": ["Indique la resolución."]},
        ),
    )
    datos = _grilla(
        csrf(conectado, url), obs_tipo="TRASLADO", obs_anio="2020", obs_motivo="Cambio de domicilio"
    )
    r = conectado.post(url, data=datos)
    assert "Indique la resolución." in texto(pagina(r).find(class_="resumen-errores"))
    cuerpo = api["notas"].llamadas_a("registrar_grado")[0][0][3]
    assert cuerpo["observaciones"] == [
        {"tipo": "TRASLADO", "anio": 2020, "resolucion": "", "motivo": "Cambio de domicilio"}
    ]


def test_el_selector_de_archivo_de_actas_esta_en_espanol(conectado, api):
    from tests.unit.web.test_operaciones_registros import _selector_de_archivo

    doc = pagina(conectado.get("/registro-notas/importacion"))
    _selector_de_archivo(doc, "archivo", "Archivo CSV de actas")
