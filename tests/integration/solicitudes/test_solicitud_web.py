"""The citizen's Solicitud WEB on PostgreSQL: each rule the ministry applies, as a user sees it."""

from __future__ import annotations

from services.solicitudes.adapters.repositorio import RepositorioSolicitudes
from tests.integration import datos
from tests.integration.solicitudes.pasos import (
    API,
    ARTURO,
    cola,
    detalle,
    error,
    identidad,
    numeros,
    solicitar,
    solicitar_ok,
    validar,
)

MENOR = {"fecha_nacimiento": "2012-08-20"}


def _ie_con_estudiante(sistema, **ie_cambios):
    ie, est = datos.institucion(**ie_cambios), datos.estudiante()
    datos.registrar_ie(sistema, ie)
    datos.registrar_identidad(sistema, est)
    return ie, est


def test_los_pasos_de_la_solicitud_web(sistema_pg):
    ie, est = _ie_con_estudiante(sistema_pg)
    sol = sistema_pg.clientes["solicitudes"]

    [encontrada] = sol.get(f"{API}/instituciones", query_string={"q": ie["codigo_modular"]}).json
    assert encontrada["nombre"] == ie["nombre"] and encontrada["habilitar_solicitud"] is True
    terminos = sol.get(f"{API}/terminos").get_json()
    assert terminos["texto"].startswith("TÉRMINOS Y CONDICIONES")
    catalogos = sol.get(f"{API}/catalogos").get_json()
    assert {"codigo": "CE", "descripcion": "Carné de Extranjería"} in catalogos["tipos_documento"]
    assert {
        "codigo": "CONTINUIDAD_ESTUDIOS",
        "descripcion": "Continuidad de estudios (Educación)",
    } in catalogos["motivos"]

    r = validar(sistema_pg, ie, est, tipo_persona="ESTUDIANTE", primer_apellido="quispe")
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {
        "valido": True,
        "tipo_persona": "ESTUDIANTE",
        "nombre_enmascarado": "MARÍA J. Q. Ñ.",
        "nombre_institucion": ie["nombre"],
    }

    creada = solicitar_ok(sistema_pg, ie, est, terminos_version=terminos["version"])
    assert creada["estado"] == "PENDIENTE" and creada["ruta"] == "IE"
    assert creada["mensaje"] == (
        f"Solicitud N.° {creada['numero_solicitud']:08d} registrada. Guarde su código de "
        f"seguimiento: {creada['codigo_seguimiento']}."
    )
    seguimiento = sol.get(f"{API}/seguimiento/{creada['codigo_seguimiento']}").get_json()
    assert seguimiento["estado"] == "PENDIENTE" and seguimiento["correo"] == "m***@example.pe"
    visto = detalle(sistema_pg, creada["numero_solicitud"], datos.director(ie))
    assert visto["terminos_version"] == terminos["version"]
    assert visto["terminos_aceptados_en"] and visto["tipo_persona"] == "ESTUDIANTE"
    assert visto["historial"][0]["por"] == "ciudadano"
    # The frontend's contract is published with every step.
    doc = sol.get(f"{API}/openapi.json").get_json()
    for paso in ("instituciones", "terminos", "validaciones", "solicitudes", "pendientes"):
        assert f"{API}/{paso}" in doc["paths"], paso
    assert "terminos_version" in doc["components"]["schemas"]["SolicitudEsquema"]["required"]


def test_un_menor_sin_apoderado_no_puede_solicitar(sistema_pg):
    ie, menor = datos.institucion(), datos.estudiante(**MENOR)
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, menor)
    for r in (validar(sistema_pg, ie, menor), solicitar(sistema_pg, ie, menor)):
        e = error(r, 422)
        assert e["campos"] == {
            "tipo_persona": [
                "El estudiante es menor de edad: la solicitud la presenta su padre, madre o "
                "apoderado (elija «Apoderado»)."
            ]
        }
    e = error(solicitar(sistema_pg, ie, menor, tipo_persona="APODERADO"), 422)
    assert e["campos"]["apoderado"] == ["Ingrese los datos del apoderado."]


def test_un_apoderado_no_registrado_como_tal_no_puede_solicitar(sistema_pg):
    ie, menor, adulto = datos.institucion(), datos.estudiante(**MENOR), datos.estudiante()
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, menor, adulto)
    r = solicitar(sistema_pg, ie, menor, tipo_persona="APODERADO", apoderado=identidad(adulto))
    assert error(r, 422)["campos"] == {
        "apoderado.numero_documento": [
            "El apoderado no figura registrado como padre, madre o apoderado del estudiante."
        ]
    }
    # Once the registry links them, the same request goes through.
    datos.registrar_identidad(
        sistema_pg,
        vinculos=[
            {
                "apoderado_tipo_documento": "DNI",
                "apoderado_numero_documento": adulto["numero_documento"],
                "tipo_documento": "DNI",
                "numero_documento": menor["numero_documento"],
                "vinculo": "MADRE",
            }
        ],
    )
    creada = solicitar_ok(
        sistema_pg, ie, menor, tipo_persona="APODERADO", apoderado=identidad(adulto)
    )
    visto = detalle(sistema_pg, creada["numero_solicitud"], datos.director(ie))
    assert visto["apoderado"]["numero_documento"] == adulto["numero_documento"]
    assert visto["historial"][0]["por"] == f"apoderado {adulto['numero_documento']}"


def test_una_persona_fallecida_no_puede_solicitar(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, est, fallecido="S")
    e = error(solicitar(sistema_pg, ie, est), 422)
    assert e["campos"]["numero_documento"] == [
        "No se puede atender la solicitud: según el registro de identidad, el estudiante "
        "ha fallecido."
    ]


def test_una_segunda_solicitud_pendiente_se_rechaza_con_el_numero_de_la_primera(sistema_pg):
    ie, est = _ie_con_estudiante(sistema_pg)
    primera = solicitar_ok(sistema_pg, ie, est)
    for r in (
        validar(sistema_pg, ie, est),
        solicitar(sistema_pg, ie, est, motivo_solicitud="TRABAJO"),
    ):
        e = error(r, 409)
        assert e["mensaje"] == (
            f"Ya existe la solicitud N.° {primera['numero_solicitud']:08d} (PENDIENTE) de este "
            f"estudiante en la institución educativa {ie['nombre']}; espere a que se atienda."
        )
    # At another IE the same student may ask; once the first is rejected, here too.
    otra = datos.institucion()
    datos.registrar_ie(sistema_pg, otra)
    solicitar_ok(sistema_pg, otra, est)
    r = sistema_pg.clientes["solicitudes"].post(
        f"{API}/solicitudes/{primera['numero_solicitud']}/rechazo",
        json={"motivo_rechazo": "Datos de la solicitud incompletos."},
        headers=datos.director(ie),
    )
    assert r.status_code == 200, r.get_json()
    solicitar_ok(sistema_pg, ie, est)


def test_una_ie_sin_habilitar_solicitud_no_recibe_solicitudes(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_ie(sistema_pg, ie, habilitada=False)  # the default for a new IE
    datos.registrar_identidad(sistema_pg, est)
    sol = sistema_pg.clientes["solicitudes"]
    [encontrada] = sol.get(f"{API}/instituciones", query_string={"q": ie["codigo_modular"]}).json
    assert encontrada["habilitar_solicitud"] is False
    esperado = [
        f"La institución educativa {ie['nombre']} ({ie['codigo_modular']}-0) no tiene "
        "habilitada la solicitud web de certificados; comuníquese con la institución o con "
        "su UGEL."
    ]
    assert error(validar(sistema_pg, ie, est), 422)["campos"]["codigo_modular"] == esperado
    assert error(solicitar(sistema_pg, ie, est), 422)["campos"]["codigo_modular"] == esperado
    datos.habilitar(sistema_pg, ie)
    solicitar_ok(sistema_pg, ie, est)


def test_estudios_hasta_1985_los_atiende_la_oaciged(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante(fecha_nacimiento="1965-02-03")
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, est)
    creada = solicitar_ok(sistema_pg, ie, est, ultimo_anio=1982)
    assert (creada["ruta"], creada["atiende"]) == ("OACIGED", "OACIGED")
    assert creada["numero_solicitud"] in numeros(cola(sistema_pg, "pendientes", datos.oaciged()))
    assert creada["numero_solicitud"] not in numeros(
        cola(sistema_pg, "pendientes", datos.director(ie))
    )
    r = sistema_pg.clientes["solicitudes"].post(
        f"{API}/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    assert (
        error(r, 403)["mensaje"]
        == f"No puede atender la solicitud N.° {creada['numero_solicitud']:08d}."
    )


def test_estudios_a_ambos_lados_de_1985_se_consolidan(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante(fecha_nacimiento="1970-02-03")
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, est)
    creada = solicitar_ok(sistema_pg, ie, est, primer_anio=1982, ultimo_anio=1987)
    numero = creada["numero_solicitud"]
    assert (creada["ruta"], creada["atiende"]) == ("CONSOLIDADA", "OACIGED")
    # OACIGED certifies its part first; the IE does not see the request yet.
    assert numero in numeros(cola(sistema_pg, "pendientes", datos.oaciged()))
    assert numero not in numeros(cola(sistema_pg, "pendientes", datos.director(ie)))
    sol = sistema_pg.clientes["solicitudes"]
    r = sol.post(f"{API}/emisiones", json={"numeros_solicitud": [numero]}, headers=datos.oaciged())
    assert "primero la OACIGED certifica los años hasta 1985" in error(r, 409)["mensaje"]
    r = sol.post(f"{API}/solicitudes/{numero}/parte-oaciged", headers=datos.oaciged())
    assert r.status_code == 200 and r.get_json()["atiende"] == "IE"
    # Then the IE completes the later years on the same certificate.
    assert numero in numeros(cola(sistema_pg, "pendientes", datos.director(ie)))
    assert numero not in numeros(cola(sistema_pg, "pendientes", datos.oaciged()))
    historial = detalle(sistema_pg, numero, datos.director(ie))["historial"]
    assert [(h["estado"], h["por"]) for h in historial] == [
        ("PENDIENTE", "ciudadano"),
        ("PENDIENTE", "oaciged-1"),
    ]
    assert historial[1]["detalle"] == f"Parte OACIGED certificada; pasa a la IE {ie['nombre']}."


def test_una_ie_cerrada_la_atiende_su_ugel(sistema_pg):
    ie = datos.institucion(estado="CERRADA", codigo_ugel="150107", nombre_ugel="UGEL 07 SAN BORJA")
    est = datos.estudiante()
    datos.registrar_ie(sistema_pg, ie)  # its UGEL turned web requests on
    datos.registrar_identidad(sistema_pg, est)
    creada = solicitar_ok(sistema_pg, ie, est, ultimo_anio=2005)
    assert (creada["ruta"], creada["atiende"]) == ("UGEL", "UGEL")
    assert creada["numero_solicitud"] in numeros(
        cola(sistema_pg, "pendientes", datos.especialista("150107"))
    )
    otra_ugel = cola(sistema_pg, "pendientes", datos.especialista("150101"))
    assert creada["numero_solicitud"] not in numeros(otra_ugel)
    assert cola(sistema_pg, "pendientes", datos.director(ie))["total"] == 0


def test_el_carne_de_extranjeria_del_ministerio_como_estudiante(sistema_pg):
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, ARTURO, pais="VENEZUELA")
    r = validar(sistema_pg, ie, ARTURO, pais="VENEZUELA")
    assert r.status_code == 200 and r.get_json()["nombre_enmascarado"] == "ARTURO J. R."
    creada = solicitar_ok(
        sistema_pg,
        ie,
        ARTURO,
        pais="VENEZUELA",
        ultimo_anio=1996,
        ultimo_grado="QUINTO",
        motivo_solicitud="CONTINUIDAD_ESTUDIOS",
        correo="ARTURO.JOHEL@GMAIL.COM",
    )
    [fila] = [
        s
        for s in cola(sistema_pg, "pendientes", datos.director(ie))["solicitudes"]
        if s["numero_solicitud"] == creada["numero_solicitud"]
    ]
    assert fila["apellidos_y_nombres"] == "RAMIREZ, ARTURO JOHEL"
    assert (fila["tipo_documento"], fila["numero_documento"]) == ("CE", "001112311")
    assert (fila["ultimo_anio"], fila["ultimo_grado"]) == (1996, "QUINTO")
    assert fila["correo"] == "arturo.johel@gmail.com"
    assert (
        detalle(sistema_pg, creada["numero_solicitud"], datos.director(ie))["pais"] == "VENEZUELA"
    )
    # A foreign document must say the country.
    r = validar(sistema_pg, ie, ARTURO)
    assert error(r, 422)["campos"]["pais"] == ["Indique el país de nacionalidad."]


def test_el_carne_de_extranjeria_del_ministerio_como_apoderado(sistema_pg):
    ie, hija = datos.institucion(), datos.estudiante(**MENOR, primer_apellido="RAMIREZ")
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, hija)
    datos.registrar_identidad(
        sistema_pg,
        ARTURO,
        pais="VENEZUELA",
        vinculos=[
            {
                "apoderado_tipo_documento": "CE",
                "apoderado_numero_documento": "001112311",
                "tipo_documento": "DNI",
                "numero_documento": hija["numero_documento"],
                "vinculo": "PADRE",
            }
        ],
    )
    apoderado = identidad(ARTURO, pais="VENEZUELA")
    r = validar(sistema_pg, ie, hija, tipo_persona="APODERADO", apoderado=apoderado)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["apoderado"] == "ARTURO J. R."
    creada = solicitar_ok(
        sistema_pg, ie, hija, tipo_persona="APODERADO", apoderado=apoderado, ultimo_anio=2024
    )
    visto = detalle(sistema_pg, creada["numero_solicitud"], datos.director(ie))
    assert visto["tipo_persona"] == "APODERADO"
    assert visto["apoderado"] == {
        "tipo_documento": "CE",
        "numero_documento": "001112311",
        "nombres": "ARTURO JOHEL",
        "apellidos": "RAMIREZ",
    }
    # A typo in the apoderado's data names the field, not what the registry holds.
    r = validar(
        sistema_pg,
        ie,
        hija,
        tipo_persona="APODERADO",
        apoderado={**apoderado, "fecha_nacimiento": "1979-01-11"},
    )
    e = error(r, 422)
    assert e["campos"] == {
        "apoderado.fecha_nacimiento": [
            "La fecha de nacimiento del apoderado no coincide con el registro de identidad."
        ]
    }
    assert "1979-11-01" not in str(e)


def test_lo_tecleado_no_basta_sin_el_registro(sistema_pg):
    ie, est = _ie_con_estudiante(sistema_pg)
    e = error(validar(sistema_pg, ie, est, nombres="MARIA"), 422)
    assert e["campos"] == {
        "nombres": ["Los nombres del estudiante no coinciden con el registro de identidad."]
    }
    desconocido = datos.estudiante()  # never loaded into the registry
    e = error(solicitar(sistema_pg, ie, desconocido), 422)
    assert e["campos"]["numero_documento"][0].startswith(
        "No encontramos el documento del estudiante en el registro de identidad"
    )


def test_terminos_de_otra_version_se_aceptan_de_nuevo(sistema_pg):
    ie, est = _ie_con_estudiante(sistema_pg)
    e = error(solicitar(sistema_pg, ie, est, terminos_version="2019-01"), 422)
    assert e["campos"] == {
        "terminos_version": [
            "Los términos y condiciones se actualizaron; léalos y acéptelos nuevamente."
        ]
    }


def test_dos_envios_simultaneos_dejan_una_sola_solicitud(sistema_pg, monkeypatch):
    ie, est = _ie_con_estudiante(sistema_pg)
    primera = solicitar_ok(sistema_pg, ie, est)
    # The second submission passed the check before the first committed (a race): only
    # the database's unique index is left to stop it.
    real = RepositorioSolicitudes.abierta_de
    llamadas = []

    def ciega_una_vez(self, *args):
        llamadas.append(args)
        return None if len(llamadas) == 1 else real(self, *args)

    monkeypatch.setattr(RepositorioSolicitudes, "abierta_de", ciega_una_vez)
    e = error(solicitar(sistema_pg, ie, est), 409)
    assert e["mensaje"].startswith(f"Ya existe la solicitud N.° {primera['numero_solicitud']:08d}")
    pendientes = cola(sistema_pg, "pendientes", datos.director(ie))
    assert numeros(pendientes) == [primera["numero_solicitud"]]
