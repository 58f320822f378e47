"""Who creates and deactivates whom; first-password and reset links by email; the audit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.integration import datos

pytestmark = pytest.mark.integration


def test_un_especialista_crea_directores_solo_de_las_ie_de_su_ugel(cuentas):
    propia = cuentas.ie_en_padron(codigo_ugel="150102", niveles=["PRIMARIA", "SECUNDARIA"])
    ajena = cuentas.ie_en_padron(codigo_ugel="150106")
    ugel = datos.especialista("150102")

    def director(ie, **cambios):
        return cuentas.nueva(
            "DIRECTOR_IE", codigo_modular=ie["codigo_modular"], anexo=ie["anexo"], **cambios
        )

    r = cuentas.crear(director(propia, niveles=["SECUNDARIA"]), ugel)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["rol_etiqueta"] == "Director Secundaria"
    assert r.get_json()["codigo_ugel"] == "150102"

    r = cuentas.crear(director(ajena), ugel)
    assert r.status_code == 403
    assert r.get_json()["error"]["mensaje"] == (
        f"La institución educativa {ajena['codigo_modular']}-0 no pertenece a su UGEL "
        "(150102): solo administra directores de las IIEE de su UGEL."
    )
    r = cuentas.crear(director(propia, niveles=["INICIAL"]), ugel)
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"] == {
        "niveles": [
            f"La IE {propia['codigo_modular']}-0 no atiende el nivel INICIAL "
            "(atiende: PRIMARIA, SECUNDARIA)."
        ]
    }
    fuera = cuentas.nueva("DIRECTOR_IE", codigo_modular=datos.codigo_modular_unico(), anexo="0")
    r = cuentas.crear(fuera, ugel)
    assert r.status_code == 422
    assert "no está en el padrón" in r.get_json()["error"]["campos"]["codigo_modular"][0]
    # The specialist lists the directors of their UGEL only.
    lista = cuentas.cliente.get("/api/cuentas/cuentas", headers=ugel).get_json()
    assert {c["institucion"]["codigo_modular"] for c in lista["cuentas"]} == {
        propia["codigo_modular"]
    }


def test_cada_rol_administra_solo_los_roles_que_le_tocan(cuentas):
    ie = cuentas.ie_en_padron(codigo_ugel="150102")
    director_ie = {"codigo_modular": ie["codigo_modular"], "anexo": ie["anexo"]}
    casos = [
        (datos.operaciones(), cuentas.nueva("DIRECTOR_IE", **director_ie), 403),
        (datos.especialista("150102"), cuentas.nueva("OPERACIONES"), 403),
        (
            datos.especialista("150102"),
            cuentas.nueva("ESPECIALISTA_UGEL", codigo_ugel="150102"),
            403,
        ),
        (datos.director(ie), cuentas.nueva("DIRECTOR_IE", **director_ie), 403),
        (datos.oaciged(), cuentas.nueva("OACIGED"), 403),
        (datos.operaciones(), cuentas.nueva("OACIGED"), 201),
        (datos.operaciones(), cuentas.nueva("ESPECIALISTA_UGEL", codigo_ugel="150102"), 201),
        (datos.operaciones(), cuentas.nueva("OPERACIONES"), 201),
    ]
    for headers, cuerpo, esperado in casos:
        r = cuentas.crear(cuerpo, headers)
        assert r.status_code == esperado, (cuerpo["rol"], r.get_json())
    r = cuentas.crear(cuentas.nueva("DIRECTOR_IE"), datos.especialista("150102"))
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"]["codigo_modular"] == [
        "Un director necesita su institución educativa."
    ]


def test_una_ugel_que_no_esta_en_el_padron_se_rechaza_al_crear_la_cuenta(cuentas):
    cuentas.ie_en_padron(codigo_ugel="150103", nombre_ugel="UGEL 03 BREÑA")
    for codigo, mensaje in [
        ("UGEL 03 BRENA", "El código de la UGEL tiene 6 dígitos"),
        ("150199", "La UGEL 150199 no está en el padrón de instituciones educativas"),
    ]:
        r = cuentas.crear(
            cuentas.nueva("ESPECIALISTA_UGEL", codigo_ugel=codigo), datos.operaciones()
        )
        assert r.status_code == 422, r.get_json()
        assert r.get_json()["error"]["campos"]["codigo_ugel"][0].startswith(mensaje)
    r = cuentas.crear(cuentas.nueva("ESPECIALISTA_UGEL", codigo_ugel="150103"), datos.operaciones())
    assert r.status_code == 201, r.get_json()
    assert (r.get_json()["codigo_ugel"], r.get_json()["nombre_ugel"]) == (
        "150103",
        "UGEL 03 BREÑA",
    )


def test_un_especialista_no_desactiva_directores_de_otra_ugel(cuentas):
    ie = cuentas.ie_en_padron(codigo_ugel="150102")
    cuerpo = cuentas.nueva("DIRECTOR_IE", codigo_modular=ie["codigo_modular"], anexo="0")
    assert cuentas.crear(cuerpo, datos.especialista("150102")).status_code == 201
    url = f"/api/cuentas/cuentas/{cuerpo['usuario']}/desactivacion"
    motivo = {"motivo": "Cambio de director"}
    r = cuentas.cliente.post(url, json=motivo, headers=datos.especialista("150109"))
    assert r.status_code == 403
    r = cuentas.cliente.post(url, json=motivo, headers=datos.especialista("150102"))
    assert r.status_code == 200 and r.get_json()["activa"] is False
    r = cuentas.cliente.post(url, json=motivo, headers=datos.especialista("150102"))
    assert r.status_code == 409


def test_la_primera_clave_llega_por_correo_y_el_enlace_sirve_una_vez(cuentas):
    cuentas.ie_en_padron(codigo_ugel="150102")
    cuerpo = cuentas.nueva("ESPECIALISTA_UGEL", codigo_ugel="150102")
    assert cuentas.crear(cuerpo, datos.operaciones()).status_code == 201
    cuentas.sistema.entregar()
    [correo] = [m for m in cuentas.sistema.correos() if m["To"] == cuerpo["correo"]]
    assert correo["Subject"] == "Mi Certificado: establezca la clave de su cuenta"
    texto = correo.get_body(("plain",)).get_content()
    assert "Se creó su cuenta de Mi Certificado (Especialista UGEL)." in texto
    assert f"Su usuario es {cuerpo['usuario']}." in texto
    assert "El enlace sirve una sola vez" in texto
    html = correo.get_body(("html",)).get_content()
    assert "Establecer mi clave" in html
    token = cuentas.enlace(cuerpo["correo"])
    enlace = cuentas.cliente.get(f"/api/cuentas/enlaces/{token}").get_json()
    assert enlace["proposito"] == "PRIMERA_CLAVE" and enlace["requiere_totp"] is False

    corta = cuentas.cliente.post(f"/api/cuentas/enlaces/{token}", json={"clave": "corta"})
    assert corta.status_code == 422
    assert corta.get_json()["error"]["campos"] == {
        "clave": ["La clave debe tener al menos 10 caracteres."]
    }
    r = cuentas.cliente.post(f"/api/cuentas/enlaces/{token}", json={"clave": "Clave-Segura-2026"})
    assert r.status_code == 200
    otra_vez = cuentas.cliente.post(
        f"/api/cuentas/enlaces/{token}", json={"clave": "Otra-Clave-2026"}
    )
    assert otra_vez.status_code == 404
    assert otra_vez.get_json()["error"]["mensaje"] == (
        "El enlace no es válido o ya fue usado; solicite uno nuevo."
    )
    assert cuentas.iniciar(cuerpo["usuario"], "Clave-Segura-2026").status_code == 200
    assert cuentas.iniciar(cuerpo["usuario"], "Otra-Clave-2026").status_code == 401


def test_el_enlace_de_primera_clave_vence_a_las_72_horas(cuentas):
    cuentas.ie_en_padron(codigo_ugel="150102")
    cuerpo = cuentas.nueva("ESPECIALISTA_UGEL", codigo_ugel="150102")
    assert cuentas.crear(cuerpo, datos.operaciones()).status_code == 201
    token = cuentas.enlace(cuerpo["correo"])
    cuentas.reloj.avanzar(hours=72, seconds=1)
    r = cuentas.cliente.post(f"/api/cuentas/enlaces/{token}", json={"clave": "Clave-Segura-2026"})
    assert r.status_code == 410
    assert r.get_json()["error"]["mensaje"] == "El enlace venció; solicite uno nuevo."


def test_recuperar_la_clave_con_un_enlace_de_una_hora(cuentas):
    cuenta = cuentas.alta("ESPECIALISTA_UGEL", codigo_ugel="150102")
    sesion = cuentas.iniciar(cuenta["usuario"], cuenta["clave"]).get_json()
    existe = cuentas.cliente.post(
        "/api/cuentas/recuperaciones", json={"usuario": cuenta["usuario"]}
    )
    nadie = cuentas.cliente.post("/api/cuentas/recuperaciones", json={"usuario": "11111111"})
    assert existe.status_code == nadie.status_code == 202
    assert existe.get_json() == nadie.get_json()  # it never tells who has an account
    cuentas.sistema.entregar()
    recibido = [m for m in cuentas.sistema.correos() if m["To"] == cuenta["correo"]][-1]
    assert recibido["Subject"] == "Mi Certificado: enlace para restablecer su clave"
    token = cuentas.enlace(cuenta["correo"])

    # A second request within two minutes sends nothing new; later, a new link replaces it.
    cuentas.cliente.post("/api/cuentas/recuperaciones", json={"usuario": cuenta["usuario"]})
    assert cuentas.enlace(cuenta["correo"]) == token
    cuentas.reloj.avanzar(minutes=3)
    cuentas.cliente.post("/api/cuentas/recuperaciones", json={"usuario": cuenta["usuario"]})
    nuevo = cuentas.enlace(cuenta["correo"])
    assert nuevo != token
    assert cuentas.cliente.get(f"/api/cuentas/enlaces/{token}").status_code == 404

    r = cuentas.cliente.post(f"/api/cuentas/enlaces/{nuevo}", json={"clave": "Nueva-Clave-2026"})
    assert r.status_code == 200
    assert cuentas.iniciar(cuenta["usuario"], cuenta["clave"]).status_code == 401
    assert cuentas.iniciar(cuenta["usuario"], "Nueva-Clave-2026").status_code == 200
    # The sessions opened with the old password end with the reset.
    r = cuentas.cliente.post(
        "/api/cuentas/sesiones/renovacion", json={"refresh_token": sesion["refresh_token"]}
    )
    assert r.status_code == 401

    cuentas.cliente.post("/api/cuentas/recuperaciones", json={"usuario": cuenta["usuario"]})
    vencera = cuentas.enlace(cuenta["correo"])
    cuentas.reloj.avanzar(minutes=61)
    assert cuentas.cliente.get(f"/api/cuentas/enlaces/{vencera}").status_code == 410


def test_un_director_cambia_su_propia_clave(cuentas):
    ie = cuentas.ie_en_padron(codigo_ugel="150102")
    director = cuentas.alta(
        "DIRECTOR_IE", datos.especialista("150102"), codigo_modular=ie["codigo_modular"], anexo="0"
    )
    sesion = cuentas.iniciar(director["usuario"], director["clave"]).get_json()
    headers = {"Authorization": "Bearer " + sesion["access_token"]}
    url = "/api/cuentas/yo/clave"
    r = cuentas.cliente.put(
        url, json={"clave_actual": "no-es-esta", "clave_nueva": "Nueva-2026-ab"}, headers=headers
    )
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"] == {"clave_actual": ["La clave actual no es correcta."]}
    r = cuentas.cliente.put(
        url,
        json={"clave_actual": director["clave"], "clave_nueva": f"x{director['usuario']}y"},
        headers=headers,
    )
    assert r.get_json()["error"]["campos"] == {
        "clave_nueva": ["La clave no puede contener su usuario."]
    }
    r = cuentas.cliente.put(
        url,
        json={"clave_actual": director["clave"], "clave_nueva": "Nueva-2026-ab"},
        headers=headers,
    )
    assert r.status_code == 200
    assert cuentas.iniciar(director["usuario"], "Nueva-2026-ab").status_code == 200


@pytest.mark.parametrize(
    "sentencia", ["UPDATE auditoria SET mensaje = 'x'", "DELETE FROM auditoria"]
)
def test_la_auditoria_solo_agrega_filas(sistema, sentencia):
    from tests.integration.cuentas.conftest import Cuentas

    cuentas = Cuentas(sistema)
    cuentas.alta("ESPECIALISTA_UGEL", codigo_ugel="150102")
    engine = sistema.apps["cuentas"].extensions["mc"].engine
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM auditoria")).scalar() >= 3
    with pytest.raises(sa.exc.DatabaseError, match="solo se agregan filas"), engine.begin() as conn:
        conn.execute(sa.text(sentencia))


def test_operaciones_ve_todas_las_cuentas_con_su_ultimo_inicio_de_sesion(cuentas):
    ie = cuentas.ie_en_padron(codigo_ugel="150102")
    ugel = cuentas.alta("ESPECIALISTA_UGEL", codigo_ugel="150102", apellidos="Zegarra Buscada")
    director = cuentas.nueva(
        "DIRECTOR_IE",
        codigo_modular=ie["codigo_modular"],
        anexo=ie["anexo"],
        apellidos="Zegarra Buscada",
    )
    assert cuentas.crear(director, datos.especialista("150102")).status_code == 201
    assert cuentas.iniciar(ugel["usuario"], ugel["clave"]).status_code == 200

    r = cuentas.cliente.get(
        "/api/cuentas/cuentas",
        query_string={"q": "zegarra buscada"},
        headers=datos.operaciones(),
    )
    assert r.status_code == 200, r.get_json()
    encontradas = {c["rol"]: c for c in r.get_json()["cuentas"]}
    assert set(encontradas) == {"ESPECIALISTA_UGEL", "DIRECTOR_IE"}
    assert encontradas["ESPECIALISTA_UGEL"]["sesion_iniciada_en"] is not None
    assert encontradas["ESPECIALISTA_UGEL"]["administra"] is True
    assert encontradas["DIRECTOR_IE"]["sesion_iniciada_en"] is None
    assert encontradas["DIRECTOR_IE"]["administra"] is False  # its UGEL's specialist does
    assert encontradas["DIRECTOR_IE"]["institucion"]["codigo_modular"] == ie["codigo_modular"]

    # By the start of the usuario, and only the deactivated ones.
    r = cuentas.cliente.get(
        "/api/cuentas/cuentas",
        query_string={"q": ugel["usuario"], "activa": "false"},
        headers=datos.operaciones(),
    )
    assert r.get_json()["total"] == 0
    r = cuentas.cliente.get(
        "/api/cuentas/cuentas", query_string={"q": "z"}, headers=datos.operaciones()
    )
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"]["q"]
