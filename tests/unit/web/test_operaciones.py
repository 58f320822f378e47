"""The operations console: sign-in for OPERACIONES only, failed mail filtered and replayed."""

from __future__ import annotations

import pytest

from tests.unit.web.conftest import config_prueba, csrf, pagina, texto
from tests.unit.web.falsos import CUENTA_DIRECTORA, CUENTA_OPS, tokens
from web.comun.clientes.base import ErrorApi

FALLIDO = {
    "correo_id": 7,
    "plantilla": "acuse",
    "destinatario": "v***@example.pe",
    "tipo_destinatario": "SOLICITANTE",
    "numero_solicitud": 123,
    "referencia": "x",
    "codigo_modular": "0584714",
    "anexo": "0",
    "origen": "EVENTO",
    "estado": "FALLIDO",
    "intentos": 1,
    "motivo_falla": "550 mailbox unavailable",
    "creado_en": "2026-12-01T10:00:00+00:00",
    "enviado_en": None,
    "fallido_en": "2026-12-01T10:00:05+00:00",
    "proximo_intento_en": None,
    "plazo_hasta": None,
}
DETALLE = {
    **FALLIDO,
    "historial": [
        {
            "intento": 1,
            "en": "2026-12-01T10:00:05+00:00",
            "destinatario": "v***@example.pe",
            "resultado": "ERROR_PERMANENTE",
            "detalle": "550 mailbox unavailable",
        }
    ],
}


@pytest.fixture
def ops(api):
    from web.operaciones.app import create_app

    app = create_app(config_prueba("operaciones"))
    app.extensions["mc_clientes_falsos"] = api
    return app.test_client()


def _ingresar(cliente, api, cuenta=CUENTA_OPS):
    api["cuentas"].responder("iniciar_sesion", tokens(cuenta))
    api["cuentas"].responder("cerrar_sesion", None)
    return cliente.post(
        "/ingresar",
        data={
            "usuario": "44567890",
            "clave": "c",
            "codigo_totp": "123456",
            "csrf_token": csrf(cliente, "/ingresar"),
        },
    )


@pytest.fixture
def conectado(ops, api):
    assert _ingresar(ops, api).status_code == 302
    return ops


def test_sin_sesion_lleva_al_ingreso(ops):
    r = ops.get("/correos-fallidos")
    assert r.status_code == 302 and "/ingresar?siguiente=" in r.headers["Location"]


def test_sesion_vencida_vuelve_a_la_misma_pantalla_tras_ingresar(ops, api):
    pantalla = "/correos-fallidos?codigo_modular=0584714"
    r = ops.get(pantalla)
    destino = r.headers["Location"]
    assert "/ingresar?siguiente=/correos-fallidos?codigo_modular%3D0584714" in destino
    assert "Su sesión terminó" in texto(pagina(ops.get(destino)).find(class_="aviso"))
    api["cuentas"].responder("iniciar_sesion", tokens(CUENTA_OPS))
    r = ops.post(
        "/ingresar",
        data={
            "usuario": "44567890",
            "clave": "c",
            "codigo_totp": "123456",
            "csrf_token": csrf(ops, "/ingresar"),
            "siguiente": pantalla,
        },
    )
    assert r.status_code == 302 and r.headers["Location"] == pantalla


def test_ingreso_con_totp_y_menu(conectado, api):
    assert api["cuentas"].llamadas_a("iniciar_sesion")[0][0] == ("44567890", "c", "123456")
    api["notificaciones"].responder("fallidos", {"total": 3, "correos": []})
    api["notificaciones"].responder("retrasados", {"total": 1, "correos": []})
    doc = pagina(conectado.get("/inicio"))
    menu = texto(doc.find("nav", class_="menu"))
    assert "Bienvenido/a: MENDOZA RÍOS, JORGE LUIS" in menu and "Correos fallidos" in menu
    assert "3 Correos fallidos" in texto(doc.find(class_="tarjetas"))


def test_otro_rol_no_entra_a_la_consola_y_su_token_se_revoca(ops, api):
    r = _ingresar(ops, api, CUENTA_DIRECTORA)
    assert r.status_code == 401
    assert "solo para el personal de operaciones" in texto(pagina(r).find(class_="resumen-errores"))
    assert api["cuentas"].llamadas_a("cerrar_sesion") == [(("r" * 43,), {})]
    assert ops.get("/correos-fallidos").status_code == 302


def test_filtro_se_envia_a_la_api_y_lista_los_fallidos(conectado, api):
    api["notificaciones"].responder(
        "fallidos", {"pagina": 1, "por_pagina": 20, "total": 1, "correos": [FALLIDO]}
    )
    r = conectado.get("/correos-fallidos?desde=2026-12-01&codigo_modular=0584714&motivo_falla=550")
    assert r.status_code == 200
    ((_, filtro),) = api["notificaciones"].llamadas_a("fallidos")
    assert filtro == {
        "desde": "2026-12-01",
        "codigo_modular": "0584714",
        "motivo_falla": "550",
        "pagina": 1,
        "por_pagina": 20,
    }
    doc = pagina(r)
    fila = texto(doc.find("tbody"))
    assert "550 mailbox unavailable" in fila and "0584714-0" in fila
    assert doc.find("input", {"name": "codigo_modular"})["value"] == "0584714"
    ocultos = {i["name"]: i["value"] for i in doc.select("form[method=post] input[type=hidden]")}
    assert ocultos["motivo_falla"] == "550" and ocultos["desde"] == "2026-12-01"


def test_filtro_invalido_dice_que_campo_y_conserva_lo_escrito(conectado, api):
    r = conectado.get("/correos-fallidos?codigo_modular=12&desde=2026-13-01")
    assert r.status_code == 400
    resumen = texto(pagina(r).find(class_="resumen-errores"))
    assert "Código modular de la IE: El código modular tiene 7 dígitos." in resumen
    assert "Falló desde" in resumen
    assert pagina(r).find("input", {"name": "codigo_modular"})["value"] == "12"
    assert api["notificaciones"].llamadas_a("fallidos") == []


def test_la_api_rechaza_el_filtro_y_el_mensaje_va_al_campo(conectado, api):
    api["notificaciones"].responder(
        "fallidos",
        ErrorApi(
            422,
            "VALIDACION",
            "Datos inválidos",
            {"hasta": ["La fecha «hasta» es anterior a «desde»."]},
        ),
    )
    r = conectado.get("/correos-fallidos?desde=2026-12-02&hasta=2026-12-01")
    assert r.status_code == 400
    assert "Falló hasta: La fecha «hasta» es anterior a «desde»." in texto(
        pagina(r).find(class_="resumen-errores")
    )


def test_detalle_muestra_cada_intento(conectado, api):
    api["notificaciones"].responder("correo", DETALLE)
    doc = pagina(conectado.get("/correos/7"))
    assert texto(doc.find(id="estado-correo")) == "FALLIDO"
    assert "ERROR_PERMANENTE" in texto(doc.find("tbody"))
    assert doc.find("form", action="/correos/7/reenvio") is not None


def test_reenvio_a_otro_correo_lleva_al_correo_nuevo(conectado, api):
    api["notificaciones"].responder("correo", DETALLE)
    api["notificaciones"].responder(
        "reenviar_fallido",
        {"correo_id": 8, "estado": "PENDIENTE", "mensaje": "Correo reenviado a o***@example.pe."},
    )
    token = csrf(conectado, "/correos/7")
    r = conectado.post(
        "/correos/7/reenvio", data={"correo_alternativo": "otro@example.pe", "csrf_token": token}
    )
    assert r.status_code == 302 and r.headers["Location"] == "/correos/8"
    assert api["notificaciones"].llamadas_a("reenviar_fallido") == [((7, "otro@example.pe"), {})]
    aviso = texto(pagina(conectado.get("/correos/8")).find(class_="aviso"))
    assert aviso == "Correo reenviado a o***@example.pe."


def test_correo_mal_escrito_se_rechaza_y_se_conserva(conectado, api):
    api["notificaciones"].responder("correo", DETALLE)
    token = csrf(conectado, "/correos/7")
    r = conectado.post(
        "/correos/7/reenvio", data={"correo_alternativo": "otro@", "csrf_token": token}
    )
    assert r.status_code == 400
    assert "Ingrese un correo electrónico válido" in texto(pagina(r).find(class_="resumen-errores"))
    assert pagina(r).find("input", {"name": "correo_alternativo"})["value"] == "otro@"
    assert api["notificaciones"].llamadas_a("reenviar_fallido") == []


def test_doble_reenvio_muestra_el_conflicto(conectado, api):
    api["notificaciones"].responder("correo", DETALLE)
    api["notificaciones"].responder(
        "reenviar_fallido", ErrorApi(409, "CONFLICTO", "Este correo ya fue reenviado.", {})
    )
    token = csrf(conectado, "/correos/7")
    r = conectado.post("/correos/7/reenvio", data={"csrf_token": token})
    assert r.status_code == 409
    assert "Este correo ya fue reenviado." in texto(pagina(r).find(class_="resumen-errores"))


def test_reenviar_todos_los_del_filtro(conectado, api):
    api["notificaciones"].responder("reenviar_fallidos", {"reenviados": 2, "correos": [8, 9]})
    api["notificaciones"].responder(
        "fallidos", {"pagina": 1, "por_pagina": 20, "total": 0, "correos": []}
    )
    r = conectado.post(
        "/correos-fallidos/reenvio",
        data={
            "motivo_falla": "550",
            "codigo_modular": "0584714",
            "csrf_token": _token(conectado, api),
        },
    )
    assert r.status_code == 302
    assert api["notificaciones"].llamadas_a("reenviar_fallidos") == [
        ((), {"codigo_modular": "0584714", "motivo_falla": "550"})
    ]
    aviso = texto(pagina(conectado.get(r.headers["Location"])).find(class_="aviso"))
    assert aviso == "Se reenviaron 2 correo(s) a su correo registrado."


def _token(cliente, api) -> str:
    api["notificaciones"].responder("correo", DETALLE)
    return csrf(cliente, "/correos/7")


MENSAJE = {
    "id": 4,
    "mensaje_id": "abc",
    "type": "CertificadoEmitido",
    "error": "KeyError: 'codigo_virtual'",
    "permanente": True,
    "intentos": 3,
    "creado_en": "2026-12-01T10:00:00+00:00",
    "reprocesado_en": None,
}


def _mensajes(api, total_por_servicio: dict):
    for servicio in (
        "solicitudes",
        "notas",
        "emision",
        "notificaciones",
        "verificacion",
        "cuentas",
    ):
        total = total_por_servicio.get(servicio, 0)
        api[servicio].responder(
            "mensajes_fallidos",
            lambda *a, total=total, **k: {
                "pagina": 1,
                "por_pagina": 20,
                "total": total,
                "mensajes": [MENSAJE] * min(total, 1),
            },
        )


def test_mensajes_fallidos_por_servicio(conectado, api):
    _mensajes(api, {"emision": 2})
    doc = pagina(conectado.get("/mensajes-fallidos?servicio=emision"))
    pestanas = texto(doc.find(class_="pestanas"))
    assert "emision (2 pendientes )" in pestanas and "notas (0 pendientes )" in pestanas
    assert "KeyError: 'codigo_virtual' (permanente)" in texto(doc.find("tbody"))
    assert doc.find("form", action="/mensajes-fallidos/emision/reprocesos") is not None
    assert conectado.get("/mensajes-fallidos?servicio=otro").status_code == 404


def test_un_mensaje_se_inspecciona_y_se_reprocesa(conectado, api):
    api["emision"].responder("mensaje_fallido", {**MENSAJE, "sobre": '{"type": "X"}'})
    doc = pagina(conectado.get("/mensajes-fallidos/emision/4"))
    assert texto(doc.find("pre", attrs={"aria-label": "Sobre del mensaje"})) == '{"type": "X"}'
    api["emision"].responder("reprocesar_mensaje", {"reprocesados": 1, "mensajes": [4]})
    token = doc.find("input", {"name": "csrf_token"})["value"]
    r = conectado.post("/mensajes-fallidos/emision/4/reproceso", data={"csrf_token": token})
    assert r.status_code == 302 and api["emision"].llamadas_a("reprocesar_mensaje") == [((4,), {})]
    aviso = texto(pagina(conectado.get(r.headers["Location"])).find(class_="aviso"))
    assert aviso == "Mensaje 4 devuelto a la cola de emision."


def test_reprocesar_dos_veces_dice_por_que(conectado, api):
    api["emision"].responder("mensaje_fallido", {**MENSAJE, "sobre": "{}"})
    token = csrf(conectado, "/mensajes-fallidos/emision/4")
    api["emision"].responder(
        "reprocesar_mensaje", ErrorApi(409, "conflicto", "Este mensaje ya fue reprocesado.", {})
    )
    r = conectado.post("/mensajes-fallidos/emision/4/reproceso", data={"csrf_token": token})
    aviso = texto(pagina(conectado.get(r.headers["Location"])).find(class_="aviso"))
    assert aviso == "No se reprocesó: Este mensaje ya fue reprocesado."


def test_salud_lee_health_y_metrics_con_el_parser_de_prometheus(conectado, monkeypatch):
    from web.operaciones import salud

    metricas_servicio = (
        '# TYPE mc_outbox_pendientes gauge\nmc_outbox_pendientes{servicio="%s"} 4.0\n'
        "# TYPE mc_outbox_antiguedad_segundos gauge\n"
        'mc_outbox_antiguedad_segundos{servicio="%s"} 12.5\n'
    )
    relay = '# TYPE mc_cola_mensajes gauge\nmc_cola_mensajes{cola="emision"} 7.0\n'

    class Respuesta:
        def __init__(self, texto=None, datos=None):
            self.text, self._datos = texto, datos

        def json(self):
            return self._datos

        def raise_for_status(self):
            pass

    def get(self, url, timeout):
        if "notas" in url:
            raise salud.requests.ConnectionError("caído")
        if url.endswith("/health"):
            return Respuesta(datos={"estado": "ok", "base_de_datos": "ok", "broker": "ok"})
        if url.endswith(":9/metrics"):
            return Respuesta(relay)
        servicio = next(s for s in salud.SERVICIOS if s in url)
        return Respuesta(metricas_servicio % (servicio, servicio))

    monkeypatch.setattr(salud.requests.Session, "get", get)
    conectado.application.extensions["mc_web"] = conectado.application.extensions["mc_web"].con(
        urls={s: f"http://{s}.invalid" for s in salud.SERVICIOS},
        extras={"url_metricas_relay": "http://relay.invalid:9/metrics"},
    )
    doc = pagina(conectado.get("/salud-del-sistema"))
    assert texto(doc.find(id="servicio-emision")) == "emision ok ok ok 4 12.5 s OpenAPI de emision"
    assert texto(doc.find(id="servicio-notas")) == "notas no responde — — — — OpenAPI de notas"
    enlace = doc.find(id="servicio-emision").find("a")["href"]
    assert enlace == "http://emision.invalid/api/emision/docs"
    assert "Hay servicios o procesos que no responden" in texto(doc.find(id="resumen-salud"))
    assert texto(doc.find(id="estado-relay")) == "ok"
    assert "emision 7" in texto(doc.find("table", attrs={"aria-describedby": "colas"}))


def test_salud_detras_del_gateway_lee_las_metricas_dentro_de_la_red(conectado, monkeypatch):
    """nginx answers /metrics with a 404 page: each service's are read at URL_METRICAS_<S>."""
    from web.operaciones import salud
    from web.operaciones.app import metricas_del_entorno

    class Respuesta:
        def __init__(self, texto="", datos=None, estado=200):
            self.text, self._datos, self.estado = texto, datos, estado

        def json(self):
            return self._datos

        def raise_for_status(self):
            if self.estado >= 400:
                raise salud.requests.HTTPError(str(self.estado))

    def get(self, url, timeout):
        if url.endswith("/health"):
            return Respuesta(datos={"estado": "ok", "base_de_datos": "ok", "broker": "ok"})
        if url.startswith("http://gateway"):  # the gateway's 404 page, not metrics
            return Respuesta("<html>No encontrado</html>", estado=404)
        servicio = url.split("//")[1].split(":")[0]
        return Respuesta(
            f'# TYPE mc_outbox_pendientes gauge\nmc_outbox_pendientes{{servicio="{servicio}"}} 2\n'
        )

    monkeypatch.setattr(salud.requests.Session, "get", get)
    entorno = {"URL_METRICAS_EMISION": "http://emision:8000/metrics", "URL_METRICAS_RELAY": ""}
    extras = metricas_del_entorno(entorno)
    assert extras == {"urls_metricas": {"emision": "http://emision:8000/metrics"}}
    conectado.application.extensions["mc_web"] = conectado.application.extensions["mc_web"].con(
        urls={s: "http://gateway:8080" for s in salud.SERVICIOS},
        extras={**extras, "url_metricas_relay": ""},
    )
    doc = pagina(conectado.get("/salud-del-sistema"))
    assert texto(doc.find(id="servicio-emision")).startswith("emision ok ok ok 2")
    assert texto(doc.find(id="servicio-notas")).startswith("notas ok ok ok —")


def test_lotes_con_su_avance_y_atascadas(conectado, api):
    lote = {
        "lote_id": "a" * 32,
        "creado_en": "2026-12-01T10:00:00+00:00",
        "rol": "DIRECTOR_IE",
        "codigo_modular": "0584714",
        "anexo": "0",
        "codigo_ugel": None,
        "total": 50,
        "emitidas": 20,
        "fallidas": 5,
        "en_emision": 25,
        "terminado": False,
    }
    api["solicitudes"].responder(
        "lotes_operaciones", {"pagina": 1, "por_pagina": 20, "total": 1, "lotes": [lote]}
    )
    api["solicitudes"].responder(
        "atascadas",
        {
            "minutos": 45,
            "solicitudes": [
                {
                    "numero_solicitud": 99,
                    "codigo_modular": "0584714",
                    "anexo": "0",
                    "lote_id": "a" * 32,
                    "emision_ordenada_en": "2026-12-01T09:00:00+00:00",
                    "minutos": 61,
                }
            ],
        },
    )
    doc = pagina(conectado.get("/lotes?minutos=45"))
    fila = texto(doc.find(id="lote-" + "a" * 32))
    assert "DIRECTOR_IE · IE 0584714-0 50 20 5 25 50 % En curso" in fila
    assert api["solicitudes"].llamadas_a("atascadas") == [((45,), {})]
    assert "99 0584714-0" in texto(doc.find("table", attrs={"aria-describedby": "atascadas"}))
    r = conectado.get("/lotes?minutos=0")
    assert r.status_code == 400 and "De 1 a 10080 minutos." in texto(
        pagina(r).find(class_="resumen-errores")
    )
