"""Solicitudes pendientes / emitidas / rechazadas, their actions and the semi-automatic lote."""

from __future__ import annotations

from tests.unit.web.conftest import csrf, pagina, texto
from web.comun.clientes.base import ErrorApi

FILA = {
    "numero_solicitud": 7,
    "apellidos_y_nombres": "FLORES LIZANA, VANESSA DEL PILAR",
    "tipo_documento": "DNI",
    "numero_documento": "72527431",
    "nivel": "SECUNDARIA",
    "ultimo_anio": 2020,
    "ultimo_grado": "QUINTO",
    "creada_en": "2021-03-20T19:25:15+00:00",
    "estado": "PENDIENTE",
    "completitud": "INFORMACIÓN COMPLETA",
    "correo": "floreslizanav@gmail.com",
}


def _cola(api, filas, total=None):
    api["solicitudes"].responder(
        "cola",
        lambda nombre, **f: {
            "pagina": 1,
            "por_pagina": 20,
            "total": total or len(filas),
            "solicitudes": filas,
        },
    )


def test_pendientes_muestra_la_tabla_de_la_semilla(conectado, api):
    _cola(api, [FILA])
    doc = pagina(conectado.get("/solicitudes/pendientes"))
    cabeceras = [texto(th) for th in doc.find("table").find_all("th")]
    assert cabeceras == [
        "N°",
        "Apellidos y nombres",
        "Número de documento",
        "Último año",
        "Fecha solicitud",
        "Generar",
        "Estado",
        "Acciones",
        "Semiautomático",
        "Reenvío correo",
    ]
    celdas = [texto(td) for td in doc.find("tbody").find("tr").find_all("td")]
    assert celdas[:5] == [
        "1",
        "FLORES LIZANA, VANESSA DEL PILAR",
        "72527431",
        "2020",
        "20/03/2021 14:25:15",
    ]
    assert celdas[6] == "INFORMACIÓN COMPLETA"
    assert doc.find("input", {"name": "numeros_solicitud", "value": "7"}) is not None


def test_los_filtros_viajan_por_post_y_no_en_la_url(conectado, api):
    _cola(api, [])
    r = conectado.post(
        "/solicitudes/pendientes",
        data={
            "numero_documento": "72527431",
            "csrf_token": csrf(conectado, "/solicitudes/pendientes"),
        },
    )
    assert r.status_code == 302 and "72527431" not in r.headers["Location"]
    conectado.get(r.headers["Location"])
    assert api["solicitudes"].llamadas_a("cola")[-1][1]["numero_documento"] == "72527431"
    doc = pagina(conectado.get("/solicitudes/pendientes"))
    assert doc.find("input", {"name": "numero_documento"})["value"] == "72527431"
    assert "No hay solicitudes con esos filtros." in texto(doc.find("main"))


def test_filtro_invalido_dice_cual_y_conserva_lo_escrito(conectado, api):
    _cola(api, [])
    r = conectado.post(
        "/solicitudes/pendientes",
        data={"texto": "x", "csrf_token": csrf(conectado, "/solicitudes/pendientes")},
    )
    doc = pagina(r)
    assert r.status_code == 422
    assert "Apellidos y nombres: Entre 2 y 80 caracteres." in texto(
        doc.find(class_="resumen-errores")
    )
    assert doc.find("input", {"name": "texto"})["value"] == "x"


def test_rechazar_pide_motivo_y_lo_envia(conectado, api):
    api["solicitudes"].responder("solicitud", FILA)
    api["solicitudes"].responder("rechazar", {"numero_solicitud": 7, "estado": "RECHAZADA"})
    token = csrf(conectado, "/solicitudes/7/rechazo")
    r = conectado.post("/solicitudes/7/rechazo", data={"motivo_rechazo": "no", "csrf_token": token})
    assert r.status_code == 422
    assert "El motivo tiene entre 5 y 500 caracteres." in texto(
        pagina(r).find(id="motivo_rechazo-error")
    )
    assert pagina(r).find("textarea").get_text().strip() == "no"
    r = conectado.post(
        "/solicitudes/7/rechazo",
        data={"motivo_rechazo": "No estudió en esta IE", "csrf_token": token},
    )
    assert r.status_code == 302
    assert api["solicitudes"].llamadas_a("rechazar")[0][0] == (7, "No estudió en esta IE")


def test_reenvio_muestra_el_dialogo_de_la_semilla_y_el_error_de_la_api(conectado, api):
    api["solicitudes"].responder("solicitud", FILA)
    api["notificaciones"].responder(
        "dialogo_reenvio",
        {
            "numero_solicitud": 7,
            "numero_documento": "72527431",
            "nivel": "SECUNDARIA",
            "nombre_estudiante": "FLORES LIZANA, VANESSA DEL PILAR",
            "correo": "floreslizanav@gmail.com",
        },
    )
    doc = pagina(conectado.get("/solicitudes/7/reenvio", headers={"HX-Request": "true"}))
    dialogo = doc.find("dialog")
    assert "Último año de matrícula 2020" in texto(dialogo)
    assert (
        doc.find("input", {"name": "correo_alternativo"})["placeholder"]
        == "Ingrese Correo Electronico Alternativo"
    )
    api["notificaciones"].responder(
        "reenviar",
        ErrorApi(
            422, "datos_invalidos", "Revise.", {"correo_alternativo": ["El dominio no existe."]}
        ),
    )
    token = csrf(conectado, "/solicitudes/7/reenvio")
    r = conectado.post(
        "/solicitudes/7/reenvio",
        data={"correo_alternativo": "a@nada.pe", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200  # htmx swaps only 2xx: the dialog comes back with its error
    assert "El dominio no existe." in texto(pagina(r).find(id="correo_alternativo-error"))
    assert pagina(r).find("input", {"name": "correo_alternativo"})["value"] == "a@nada.pe"


def test_pdf_del_certificado_por_numero_de_solicitud(conectado, api):
    api["solicitudes"].responder(
        "solicitud", {**FILA, "estado": "EMITIDA", "codigo_virtual": "F82S-KSE1-ASSV-DDT9"}
    )
    api["emision"].responder("pdf", b"%PDF-1.4 prueba")
    r = conectado.get("/solicitudes/7/certificado.pdf")
    assert r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    assert api["emision"].llamadas_a("pdf")[0][0] == ("F82S-KSE1-ASSV-DDT9",)


def test_emitidas_y_rechazadas(conectado, api):
    _cola(
        api,
        [
            {
                **FILA,
                "estado": "EMITIDA",
                "codigo_virtual": "F82S-KSE1-ASSV-DDT9",
                "emitido_en": "2021-03-21T15:00:00+00:00",
                "motivo_rechazo": "Datos errados",
                "rechazada_por": "41234567",
                "rechazada_en": "2021-03-21T15:00:00+00:00",
            }
        ],
    )
    emitidas = texto(pagina(conectado.get("/solicitudes/emitidas")).find("tbody"))
    assert "F82S-KSE1-ASSV-DDT9" in emitidas and "Ver PDF" in emitidas and "Anular" in emitidas
    rechazadas = texto(pagina(conectado.get("/solicitudes/rechazadas")).find("tbody"))
    assert "Datos errados" in rechazadas and "41234567" in rechazadas


def test_seleccion_de_todas_crea_un_lote_y_muestra_su_avance(conectado, api):
    _cola(api, [FILA, {**FILA, "numero_solicitud": 8}])
    api["solicitudes"].responder("emitir", {"lote_id": "a" * 32, "solicitudes": []})
    token = csrf(conectado, "/semiautomatica")
    r = conectado.post("/emisiones", data={"todas": "1", "csrf_token": token})
    assert r.headers["Location"] == "/lotes/" + "a" * 32
    assert api["solicitudes"].llamadas_a("emitir")[0][0] == ([7, 8],)
    api["solicitudes"].responder(
        "lote",
        {
            "lote_id": "a" * 32,
            "creado_en": "2021-03-21T15:00:00+00:00",
            "total": 2,
            "emitidas": 1,
            "fallidas": 1,
            "en_emision": 0,
            "otras": 0,
            "terminado": True,
            "fallas": [{"numero_solicitud": 8, "motivo_falla": "Falta la plantilla"}],
        },
    )
    doc = pagina(conectado.get(r.headers["Location"]))
    assert doc.find(id="avance")["aria-live"] == "polite"
    assert "Lote terminado: 1 emitida, 1 fallida, 0 en emisión de 2." in texto(
        doc.find(id="avance-estado")
    )
    assert doc.find(attrs={"role": "progressbar"})["aria-valuenow"] == "100"
    assert "Falta la plantilla" in texto(doc.find(id="avance"))
    assert doc.find("button", string="Reintentar las fallidas") is not None
    assert conectado.get("/lotes/" + "a" * 32 + "/avance").status_code == 286  # htmx: stop polling


def test_lote_en_curso_sigue_consultando(conectado, api):
    api["solicitudes"].responder(
        "lote",
        {
            "lote_id": "b" * 32,
            "creado_en": "2021-03-21T15:00:00+00:00",
            "total": 4,
            "emitidas": 1,
            "fallidas": 0,
            "en_emision": 3,
            "otras": 0,
            "terminado": False,
            "fallas": [],
        },
    )
    doc = pagina(conectado.get("/lotes/" + "b" * 32))
    assert doc.find(id="avance")["hx-trigger"] == "every 1s"
    assert "Avance: 25 %" in texto(doc.find(id="avance"))
    assert conectado.get("/lotes/no-es-un-lote").status_code == 404


def test_sin_seleccion_no_llama_a_la_api(conectado, api):
    _cola(api, [FILA])
    token = csrf(conectado, "/semiautomatica")
    r = conectado.post("/emisiones", data={"csrf_token": token}, follow_redirects=True)
    assert "Seleccione al menos una solicitud" in texto(pagina(r).find(class_="aviso"))
    assert api["solicitudes"].llamadas_a("emitir") == []


def test_oaciged_marca_su_parte_del_consolidado(cliente, api):
    from tests.unit.web.conftest import ingresar
    from tests.unit.web.falsos import CUENTA_DIRECTORA

    ingresar(cliente, api, {**CUENTA_DIRECTORA, "rol": "OACIGED", "institucion": None})
    _cola(api, [{**FILA, "ultimo_anio": 1984}])
    doc = pagina(cliente.get("/solicitudes/pendientes"))
    assert any("Parte OACIGED lista" in texto(b) for b in doc.find_all("button"))
    api["solicitudes"].responder("parte_oaciged", {"numero_solicitud": 7, "atiende": "IE"})
    token = csrf(cliente, "/solicitudes/pendientes")
    r = cliente.post(
        "/solicitudes/7/parte-oaciged", data={"csrf_token": token}, follow_redirects=True
    )
    assert "La parte OACIGED de la solicitud N.° 00000007 quedó registrada." in texto(
        pagina(r).find(class_="aviso")
    )


def test_un_filtro_rechazado_por_la_api_queda_en_su_campo(conectado, api):
    api["solicitudes"].responder(
        "cola",
        ErrorApi(
            422, "datos_invalidos", "Revise.", {"numero_documento": ["El DNI tiene 8 dígitos."]}
        ),
    )
    with conectado.session_transaction() as s:
        s["filtros_rechazadas"] = {"numero_documento": "123"}
    r = conectado.get("/solicitudes/rechazadas")
    assert r.status_code == 422
    assert "El DNI tiene 8 dígitos." in texto(pagina(r).find(id="numero_documento-error"))
