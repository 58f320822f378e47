"""One certificate through all five services, on PostgreSQL and on SQLite."""

from __future__ import annotations

import io

from pypdf import PdfReader

from shared.enlaces import CABECERA_SERVICIO, credencial_de_servicio
from tests.conftest import dni_unico
from tests.integration import datos


def test_un_certificado_de_la_solicitud_a_la_verificacion(sistema):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    sol, cola = sistema.clientes["solicitudes"], sistema.clientes["verificacion"]

    r = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est))
    assert r.status_code == 201, r.get_json()
    registrada = r.get_json()
    assert registrada["estado"] == "PENDIENTE"
    assert f"N.° {registrada['numero_solicitud']:08d}" in registrada["mensaje"]

    pendientes = sol.get("/api/solicitudes/pendientes", headers=datos.director(ie)).get_json()
    fila = next(
        s
        for s in pendientes["solicitudes"]
        if s["numero_solicitud"] == registrada["numero_solicitud"]
    )
    assert fila["completitud"] == "INFORMACIÓN COMPLETA"
    assert fila["apellidos_y_nombres"] == "QUISPE ÑAHUI, MARÍA JOSÉ"

    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [registrada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    sistema.entregar()

    seguimiento = sol.get(f"/api/solicitudes/seguimiento/{registrada['codigo_seguimiento']}")
    estado = seguimiento.get_json()
    assert estado["estado"] == "EMITIDA"
    assert [h["estado"] for h in estado["historial"]] == ["PENDIENTE", "EN EMISIÓN", "EMITIDA"]
    codigo = estado["codigo_virtual"]

    verificado = cola.get(f"/api/verificacion/certificados/{codigo}").get_json()
    assert verificado["estado"] == "VIGENTE"
    assert verificado["nombre_enmascarado"] == "MARÍA J. Q. Ñ."
    assert verificado["documento_enmascarado"].endswith(est["numero_documento"][-3:])
    assert est["numero_documento"] not in verificado["documento_enmascarado"]
    pagina = cola.get(f"/v/{codigo}")
    assert pagina.status_code == 200 and "VIGENTE" in pagina.get_data(as_text=True)

    pdf = sistema.clientes["emision"].get(
        f"/api/emision/certificados/{codigo}/pdf", headers=datos.oaciged()
    )
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "CERTIFICADO OFICIAL DE ESTUDIOS" in texto
    assert "MARÍA JOSÉ QUISPE ÑAHUI" in texto
    assert codigo in texto
    assert verificado["sha256"] == __import__("hashlib").sha256(pdf.data).hexdigest()

    [correo] = [m for m in sistema.correos() if codigo in str(m["Subject"])]
    assert correo["To"] == "maria.quispe@example.pe"
    cuerpo = correo.get_body(("plain",)).get_content()
    assert f"/v/{codigo}" in cuerpo and "MARÍA JOSÉ" in cuerpo


def test_el_pdf_no_se_entrega_con_otro_documento(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    sol = sistema_pg.clientes["solicitudes"]
    creada = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()
    sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    sistema_pg.entregar()
    codigo = sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}").get_json()[
        "codigo_virtual"
    ]
    cola = sol.get("/api/solicitudes/pendientes", headers=datos.director(ie)).get_json()
    assert all(
        s["numero_solicitud"] != creada["numero_solicitud"] for s in cola["solicitudes"]
    )  # issued: gone

    # emision's endpoint is staff/service-only (the public PDF is verificacion's, behind its
    # limits): the holder's document number opens nothing there, another IE's director neither.
    emision = sistema_pg.clientes["emision"]
    url = f"/api/emision/certificados/{codigo}/pdf"
    for documento in (dni_unico(), est["numero_documento"]):
        r = emision.get(url, query_string={"documento": documento})
        assert r.status_code == 401, documento
        assert r.get_json()["error"]["codigo"] == "no_autenticado"
    r = emision.get(url, headers=datos.director(datos.institucion()))
    assert r.status_code == 403
    assert r.get_json()["error"]["mensaje"] == (
        "Solo la institución educativa que lo emitió puede descargar este PDF."
    )
    r = emision.get(url, headers=datos.director(ie))
    assert r.status_code == 200 and r.mimetype == "application/pdf"

    # Services call it with a credential of the internal key, never a staff token: a forged
    # or foreign credential, or a service not on the route's list, opens nothing.
    clave = emision.application.extensions["mc"].config.clave_servicios
    for servicio, clave_usada, estado in (
        ("verificacion", clave, 200),
        ("notificaciones", clave, 200),
        ("verificacion", "otra-clave-que-nadie-configuro-en-esta-instalacion", 401),
        ("solicitudes", clave, 403),
    ):
        cabecera = {CABECERA_SERVICIO: credencial_de_servicio(clave_usada, servicio)}
        assert emision.get(url, headers=cabecera).status_code == estado, servicio
    r = emision.get(url, headers={CABECERA_SERVICIO: "verificacion.9999999999.falsa"})
    assert r.status_code == 401 and r.get_json()["error"]["codigo"] == "no_autenticado"


def test_datos_incompletos_no_se_emiten(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est, completos=False)
    sol = sistema_pg.clientes["solicitudes"]
    numero = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()[
        "numero_solicitud"
    ]
    fila = sol.get("/api/solicitudes/pendientes", headers=datos.director(ie)).get_json()
    assert fila["solicitudes"][0]["completitud"] == "INFORMACIÓN INCOMPLETA"
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [numero]},
        headers=datos.director(ie),
    )
    assert r.status_code == 409
    assert "INFORMACIÓN INCOMPLETA" in r.get_json()["error"]["mensaje"]
