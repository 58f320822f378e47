"""Sign-in, the layout of the seed, session cookie, CSRF, timeout and sign-out."""

from __future__ import annotations

import time

from tests.unit.web.conftest import csrf, ingresar, pagina, texto
from tests.unit.web.falsos import CUENTA_OPS, tokens
from web.comun.clientes.base import ErrorApi, NoAutenticadoApi
from web.comun.sesion import COOKIE

CEROS = {"pendientes": 0, "informacion_completa": 0, "en_emision": 0, "fallidas": 0}


def _ceros_por_cola(api):
    api["solicitudes"].responder("cifras", CEROS)


def test_sin_sesion_lleva_al_ingreso_y_luego_a_la_misma_pantalla(cliente, api):
    r = cliente.get("/inicio?x=1")
    assert r.status_code == 302
    assert "/ingresar?siguiente=/inicio?x%3D1" in r.headers["Location"]
    aviso = texto(pagina(cliente.get(r.headers["Location"])).find(class_="aviso"))
    assert "Su sesión terminó" in aviso
    api["cuentas"].responder("iniciar_sesion", tokens())
    token = csrf(cliente, "/ingresar")
    r = cliente.post(
        "/ingresar",
        data={"usuario": "41234567", "clave": "c", "csrf_token": token, "siguiente": "/inicio?x=1"},
    )
    assert r.status_code == 302 and r.headers["Location"] == "/inicio?x=1"


def test_ingreso_muestra_la_cabecera_de_la_semilla(cliente, api):
    _ceros_por_cola(api)
    ingresar(cliente, api)
    menu = pagina(cliente.get("/inicio")).find("nav", class_="menu")
    leido = texto(menu)
    assert "Bienvenido/a: PALACIOS PONCE, LOURDES HAYDEE" in leido
    assert "Rol: Director Secundaria" in leido
    assert "IE: AUGUSTO B. LEGUIA" in leido
    assert "Nivel: Secundaria" in leido
    assert "Código modular y anexo: 0584714-0" in leido
    assert api["cuentas"].llamadas_a("iniciar_sesion")[0][0] == ("41234567", "una-clave", None)


def test_la_cookie_es_segura_y_no_lleva_el_token(cliente, api):
    api["cuentas"].responder("iniciar_sesion", tokens())
    r = cliente.post(
        "/ingresar",
        data={"usuario": "41234567", "clave": "c", "csrf_token": csrf(cliente, "/ingresar")},
    )
    cookie = next(c for c in r.headers.getlist("Set-Cookie") if c.startswith(COOKIE + "="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "token-de-acceso" not in cookie
    assert "token-de-acceso" not in r.get_data(as_text=True)


def test_clave_incorrecta_dice_por_que_y_conserva_el_usuario(cliente, api):
    api["cuentas"].responder(
        "iniciar_sesion", NoAutenticadoApi(401, "no_autenticado", "Usuario o clave incorrectos.")
    )
    r = cliente.post(
        "/ingresar",
        data={"usuario": "41234567", "clave": "mala", "csrf_token": csrf(cliente, "/ingresar")},
    )
    doc = pagina(r)
    assert r.status_code == 401
    assert "Usuario o clave incorrectos." in texto(doc.find(class_="resumen-errores"))
    assert doc.find("input", {"name": "usuario"})["value"] == "41234567"
    assert not doc.find("input", {"name": "clave"}).get("value")


def test_totp_requerido_se_muestra_en_su_campo(cliente, api):
    api["cuentas"].responder(
        "iniciar_sesion",
        ErrorApi(
            401,
            "totp_requerido",
            "Ingrese el código…",
            {"codigo_totp": ["Ingrese el código de verificación de su aplicación autenticadora."]},
        ),
    )
    r = cliente.post(
        "/ingresar",
        data={"usuario": "41234567", "clave": "c", "csrf_token": csrf(cliente, "/ingresar")},
    )
    doc = pagina(r)
    error = doc.find(id="codigo_totp-error")
    assert "Ingrese el código de verificación" in texto(error)
    enlace = doc.find(class_="resumen-errores").find("a")
    assert enlace["href"] == "#codigo_totp"


def test_otro_rol_no_entra_al_panel_y_su_token_se_revoca(cliente, api):
    api["cuentas"].responder("iniciar_sesion", tokens(CUENTA_OPS))
    api["cuentas"].responder("cerrar_sesion", None)
    r = cliente.post(
        "/ingresar",
        data={"usuario": "44567890", "clave": "c", "csrf_token": csrf(cliente, "/ingresar")},
    )
    doc = pagina(r)
    assert r.status_code == 401
    assert "Use la consola de su rol." in texto(doc.find(class_="resumen-errores"))
    assert doc.find("input", {"name": "usuario"})["value"] == "44567890"
    assert api["cuentas"].llamadas_a("cerrar_sesion") == [(("r" * 43,), {})]
    assert cliente.get("/inicio").status_code == 302


def test_campos_vacios_se_rechazan_sin_llamar_a_cuentas(cliente, api):
    r = cliente.post(
        "/ingresar", data={"usuario": "", "clave": "", "csrf_token": csrf(cliente, "/ingresar")}
    )
    resumen = texto(pagina(r).find(class_="resumen-errores"))
    assert "Ingrese su usuario." in resumen and "Ingrese su clave." in resumen
    assert api["cuentas"].llamadas_a("iniciar_sesion") == []


def test_post_sin_csrf_se_rechaza(cliente, api):
    r = cliente.post("/ingresar", data={"usuario": "41234567", "clave": "c"})
    assert r.status_code == 400
    assert "Formulario vencido" in texto(pagina(r).find("h1"))
    assert api["cuentas"].llamadas_a("iniciar_sesion") == []


def test_el_token_se_renueva_en_el_servidor(cliente, api):
    _ceros_por_cola(api)
    ingresar(cliente, api)
    with cliente.session_transaction() as s:
        s["tokens"]["vence"] = time.time() + 5  # about to expire
    api["cuentas"].responder("renovar", {**tokens(), "access_token": "token-renovado"})
    from web.comun.personal import token_vigente  # the clients call it for each API request

    vistos = []
    api["solicitudes"].responder("cifras", lambda **k: vistos.append(token_vigente()) or CEROS)
    assert cliente.get("/inicio").status_code == 200
    assert api["cuentas"].llamadas_a("renovar")[0][0] == ("r" * 43,)
    assert set(vistos) == {"token-renovado"}
    with cliente.session_transaction() as s:
        assert s["tokens"]["access"] == "token-renovado"


def test_renovacion_rechazada_vuelve_al_ingreso(cliente, api):
    ingresar(cliente, api)
    with cliente.session_transaction() as s:
        s["tokens"]["vence"] = time.time() - 1
    api["cuentas"].responder(
        "renovar", NoAutenticadoApi(401, "no_autenticado", "La sesión venció.")
    )
    from web.comun.personal import token_vigente  # the clients call it for each API request

    api["solicitudes"].responder("cifras", lambda **k: token_vigente())
    r = cliente.get("/inicio")
    assert r.status_code == 302 and "/ingresar?siguiente=/inicio" in r.headers["Location"]


def test_cerrar_sesion_revoca_y_olvida(cliente, api):
    _ceros_por_cola(api)
    ingresar(cliente, api)
    api["cuentas"].responder("cerrar_sesion", None)
    r = cliente.post("/salir", data={"csrf_token": csrf(cliente, "/inicio")})
    assert r.status_code == 302
    assert api["cuentas"].llamadas_a("cerrar_sesion")[0][0] == ("r" * 43,)
    assert cliente.get("/inicio").status_code == 302


def test_siguiente_no_abre_otro_sitio(cliente, api):
    api["cuentas"].responder("iniciar_sesion", tokens())
    token = csrf(cliente, "/ingresar")
    r = cliente.post(
        "/ingresar",
        data={"usuario": "1", "clave": "c", "csrf_token": token, "siguiente": "//malo.example/x"},
    )
    assert r.headers["Location"] == "/inicio"


def test_inicio_muestra_las_cuatro_cifras_de_una_sola_llamada(conectado, api):
    api["solicitudes"].responder(
        "cifras", {"pendientes": 7, "informacion_completa": 5, "en_emision": 2, "fallidas": 1}
    )
    doc = pagina(conectado.get("/inicio"))
    tarjetas = [texto(t) for t in doc.find_all(class_="tarjeta")]
    assert tarjetas == ["7 Pendientes", "5 Información completa", "2 En emisión", "1 Fallidas"]
    assert len(api["solicitudes"].llamadas_a("cifras")) == 1
    assert api["solicitudes"].llamadas_a("cola") == []
    enlaces = [a["href"] for a in doc.find(class_="tarjetas").find_all("a")]
    assert "/semiautomatica" in enlaces and "/solicitudes/pendientes?estado=ERROR" in enlaces
