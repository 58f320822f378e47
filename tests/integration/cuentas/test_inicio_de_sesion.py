"""Sign-in through cuentas: what the panel gets, refresh with rotation, sign-out, TOTP."""

from __future__ import annotations

import jwt
import pytest

from tests.integration import datos
from tests.integration.cuentas.conftest import bearer

pytestmark = pytest.mark.integration


def test_un_director_inicia_sesion_y_recibe_lo_que_muestra_el_encabezado(cuentas):
    ie = cuentas.ie_en_padron(nombre="AUGUSTO B. LEGUIA", codigo_ugel="150103")
    director = cuentas.alta(
        "DIRECTOR_IE",
        datos.especialista("150103"),
        codigo_modular=ie["codigo_modular"],
        anexo=ie["anexo"],
    )
    r = cuentas.iniciar(director["usuario"], director["clave"])
    assert r.status_code == 200, r.get_json()
    cuerpo = r.get_json()
    assert cuerpo["token_type"] == "Bearer" and cuerpo["expires_in"] <= 900
    perfil = cuentas.cliente.get("/api/cuentas/yo", headers=bearer(r)).get_json()
    assert perfil == cuerpo["cuenta"]
    assert perfil["nombre"] == "PALACIOS PONCE, LOURDES HAYDEE"
    assert perfil["rol_etiqueta"] == "Director Secundaria"
    assert perfil["niveles"] == ["SECUNDARIA"]
    assert perfil["institucion"] == {
        "codigo_modular": ie["codigo_modular"],
        "anexo": "0",
        "codigo_modular_y_anexo": f"{ie['codigo_modular']}-0",
        "nombre": "AUGUSTO B. LEGUIA",
    }
    # The token: EdDSA, a kid that the JWKS publishes, the claims every service reads.
    token = cuerpo["access_token"]
    cabecera = jwt.get_unverified_header(token)
    jwks = cuentas.cliente.get("/api/cuentas/.well-known/jwks.json").get_json()
    assert cabecera["alg"] == "EdDSA"
    assert cabecera["kid"] in [k["kid"] for k in jwks["keys"]]
    assert all("d" not in k for k in jwks["keys"])  # public halves only
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] <= 900
    assert {k: claims[k] for k in ("sub", "name", "rol", "codigo_modular", "anexo", "niveles")} == {
        "sub": director["usuario"],
        "name": "PALACIOS PONCE, LOURDES HAYDEE",
        "rol": "DIRECTOR_IE",
        "codigo_modular": ie["codigo_modular"],
        "anexo": "0",
        "niveles": ["SECUNDARIA"],
    }
    # ...and another service accepts it for the director's own IE.
    pendientes = cuentas.sistema.clientes["solicitudes"].get(
        "/api/solicitudes/pendientes", headers=bearer(r)
    )
    assert pendientes.status_code == 200, pendientes.get_json()


def test_clave_equivocada_o_usuario_inexistente_dicen_lo_mismo(cuentas):
    ugel = cuentas.alta("ESPECIALISTA_UGEL", codigo_ugel="150105")
    malo = cuentas.iniciar(ugel["usuario"], "otra-clave-cualquiera")
    nadie = cuentas.iniciar("99999999", "otra-clave-cualquiera")
    assert malo.status_code == nadie.status_code == 401
    assert malo.get_json() == nadie.get_json()
    assert malo.get_json()["error"]["mensaje"] == "Usuario o clave incorrectos."


def test_renovacion_rota_el_token_y_una_reutilizacion_cierra_la_sesion(cuentas):
    ugel = cuentas.alta("ESPECIALISTA_UGEL", codigo_ugel="150105")
    primero = cuentas.iniciar(ugel["usuario"], ugel["clave"]).get_json()
    renovar = "/api/cuentas/sesiones/renovacion"
    segundo = cuentas.cliente.post(renovar, json={"refresh_token": primero["refresh_token"]})
    assert segundo.status_code == 200
    nuevo = segundo.get_json()
    assert nuevo["refresh_token"] != primero["refresh_token"]
    assert nuevo["access_token"] != primero["access_token"]
    # The old refresh token presented again: stolen. The whole session ends, the new one too.
    robado = cuentas.cliente.post(renovar, json={"refresh_token": primero["refresh_token"]})
    assert robado.status_code == 401
    legitimo = cuentas.cliente.post(renovar, json={"refresh_token": nuevo["refresh_token"]})
    assert legitimo.status_code == 401
    assert legitimo.get_json()["error"]["mensaje"] == (
        "La sesión venció o fue cerrada; inicie sesión nuevamente."
    )


def test_cierre_de_sesion(cuentas):
    ugel = cuentas.alta("ESPECIALISTA_UGEL", codigo_ugel="150105")
    sesion = cuentas.iniciar(ugel["usuario"], ugel["clave"]).get_json()
    cuerpo = {"refresh_token": sesion["refresh_token"]}
    assert cuentas.cliente.post("/api/cuentas/sesiones/cierre", json=cuerpo).status_code == 204
    r = cuentas.cliente.post("/api/cuentas/sesiones/renovacion", json=cuerpo)
    assert r.status_code == 401


def test_la_sesion_de_renovacion_vence_a_las_doce_horas(cuentas):
    ugel = cuentas.alta("ESPECIALISTA_UGEL", codigo_ugel="150105")
    sesion = cuentas.iniciar(ugel["usuario"], ugel["clave"]).get_json()
    assert sesion["refresh_expires_in"] == 12 * 3600
    cuentas.reloj.avanzar(hours=12, seconds=1)
    r = cuentas.cliente.post(
        "/api/cuentas/sesiones/renovacion", json={"refresh_token": sesion["refresh_token"]}
    )
    assert r.status_code == 401


def test_operaciones_y_oaciged_usan_totp_con_codigos_de_un_solo_uso(cuentas):
    for rol in ("OPERACIONES", "OACIGED"):
        cuenta = cuentas.alta(rol)
        assert cuenta["totp_secreto"], "su enlace de primera clave pide configurar el autenticador"
        sin_codigo = cuentas.iniciar(cuenta["usuario"], cuenta["clave"])
        assert sin_codigo.status_code == 401
        error = sin_codigo.get_json()["error"]
        assert error["codigo"] == "totp_requerido"
        assert error["campos"] == {
            "codigo_totp": ["Ingrese el código de verificación de su aplicación autenticadora."]
        }
        equivocado = cuentas.iniciar(cuenta["usuario"], cuenta["clave"], "000000")
        assert equivocado.status_code == 401
        # The enrolment used this 30-second step's code: the next one signs in.
        codigo = cuentas.codigo(cuenta["totp_secreto"], pasos=1)
        bueno = cuentas.iniciar(cuenta["usuario"], cuenta["clave"], codigo)
        assert bueno.status_code == 200, bueno.get_json()
        assert bueno.get_json()["cuenta"]["totp_configurado"] is True
        repetido = cuentas.iniciar(cuenta["usuario"], cuenta["clave"], codigo)
        assert repetido.status_code == 401
        assert repetido.get_json()["error"]["mensaje"] == (
            "El código de verificación no es correcto o ya fue usado."
        )


def test_la_primera_clave_de_operaciones_exige_configurar_el_autenticador(cuentas):
    cuerpo = cuentas.nueva("OPERACIONES")
    assert cuentas.crear(cuerpo, datos.operaciones()).status_code == 201
    token = cuentas.enlace(cuerpo["correo"])
    r = cuentas.cliente.post(f"/api/cuentas/enlaces/{token}", json={"clave": "Clave-Segura-2026"})
    assert r.status_code == 422
    assert "codigo_totp" in r.get_json()["error"]["campos"]
    totp = cuentas.cliente.post(f"/api/cuentas/enlaces/{token}/totp").get_json()
    assert totp["uri"].startswith("otpauth://totp/Mi%20Certificado:")
    r = cuentas.cliente.post(
        f"/api/cuentas/enlaces/{token}",
        json={"clave": "Clave-Segura-2026", "codigo_totp": "123456"},
    )
    assert r.status_code == 422  # a wrong code: the link is still usable
    r = cuentas.cliente.post(
        f"/api/cuentas/enlaces/{token}",
        json={"clave": "Clave-Segura-2026", "codigo_totp": cuentas.codigo(totp["secreto"])},
    )
    assert r.status_code == 200, r.get_json()
