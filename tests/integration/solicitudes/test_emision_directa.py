"""«Emisión directa» on PostgreSQL: búsqueda de estudiantes, a request created by the director,
and a new request generated from an issued certificate (the new CE supersedes the old)."""

from __future__ import annotations

from tests.integration import datos
from tests.integration.solicitudes.pasos import (
    API,
    ARTURO,
    cola,
    detalle,
    error,
    eventos,
    identidad,
    numeros,
    solicitar_ok,
)


def _buscar(sistema, ie: dict, persona: dict):
    return sistema.clientes["solicitudes"].post(
        f"{API}/busqueda-estudiantes", json=persona, headers=datos.director(ie)
    )


def _directa(sistema, ie: dict, persona: dict, **cambios):
    cuerpo = {
        **persona,
        "nivel": "SECUNDARIA",
        "ultimo_anio": 1996,
        "ultimo_grado": "QUINTO",
        "motivo_solicitud": "CONTINUIDAD_ESTUDIOS",
        "correo": "ARTURO.JOHEL@GMAIL.COM",
        **cambios,
    }
    return sistema.clientes["solicitudes"].post(
        f"{API}/emisiones-directas", json=cuerpo, headers=datos.director(ie)
    )


def test_busqueda_y_emision_directa_con_carne_de_extranjeria(sistema_pg):
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie, habilitada=False)  # not needed for emisión directa
    datos.registrar_identidad(sistema_pg, ARTURO, pais="VENEZUELA")
    arturo = identidad(ARTURO)  # the director's search screen does not ask the country

    r = _buscar(sistema_pg, ie, arturo)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["certificado_emitido"] is None and "mensaje" not in r.get_json()

    r = _directa(sistema_pg, ie, arturo, ultimo_anio=2013)
    assert error(r, 422)["campos"] == {
        "ultimo_anio": ["Para EBR, podrá ingresar como año máximo de culminación hasta el 2012."]
    }
    r = _directa(sistema_pg, ie, {**arturo, "nombres": "ARTURO JOEL"})
    assert error(r, 422)["campos"] == {
        "nombres": ["Los nombres del estudiante no coinciden con el registro de identidad."]
    }
    r = _directa(sistema_pg, ie, arturo)
    assert r.status_code == 201, r.get_json()
    numero = r.get_json()["numero_solicitud"]
    visto = detalle(sistema_pg, numero, datos.director(ie))
    assert visto["origen"] == "EMISION_DIRECTA" and visto["correo"] == "arturo.johel@gmail.com"
    assert visto["pais"] == "VENEZUELA"  # as the registry has it
    assert visto["historial"][0]["por"] == f"dir-{ie['codigo_modular']}"
    assert numero in numeros(cola(sistema_pg, "pendientes", datos.director(ie)))
    assert error(_directa(sistema_pg, ie, arturo), 409)["mensaje"].startswith(
        f"Ya existe la solicitud N.° {numero:08d} (PENDIENTE)"
    )


def test_emision_directa_hasta_1985_es_de_la_oaciged(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante(fecha_nacimiento="1960-01-01")
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, est)
    r = _directa(sistema_pg, ie, identidad(est), ultimo_anio=1977)
    assert error(r, 403)["mensaje"] == "Los estudios hasta 1985 los certifica la OACIGED."


def test_generar_una_solicitud_desde_el_certificado_emitido(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    primera = solicitar_ok(sistema_pg, ie, est)["numero_solicitud"]
    sol, director = sistema_pg.clientes["solicitudes"], datos.director(ie)
    sol.post(f"{API}/emisiones", json={"numeros_solicitud": [primera]}, headers=director)
    sistema_pg.entregar()
    codigo_anterior = detalle(sistema_pg, primera, director)["codigo_virtual"]

    # The seed's dialog: the student already has a certificate; offer to start from it.
    encontrado = _buscar(sistema_pg, ie, identidad(est)).get_json()
    assert encontrado["certificado_emitido"]["numero_solicitud"] == primera
    assert encontrado["certificado_emitido"]["codigo_virtual"] == codigo_anterior
    assert encontrado["completitud"] == {"SECUNDARIA": "INFORMACIÓN COMPLETA"}
    assert encontrado["mensaje"] == (
        "El estudiante ya cuenta con un certificado emitido. ¿Desea generar la solicitud a "
        "partir de la información de este Certificado de Estudios?"
    )
    # Another IE's director is not offered this IE's certificate.
    otra = datos.institucion()
    datos.registrar_ie(sistema_pg, otra)
    assert _buscar(sistema_pg, otra, identidad(est)).get_json()["certificado_emitido"] is None

    url = f"{API}/solicitudes/{primera}/nueva-solicitud"
    r = sol.post(url, json={"motivo_solicitud": "TRABAJO"}, headers=datos.director(otra))
    assert error(r, 403)["mensaje"] == f"No puede atender la solicitud N.° {primera:08d}."
    r = sol.post(url, json={"motivo_solicitud": "TRABAJO"}, headers=director)
    assert r.status_code == 201, r.get_json()
    nueva = r.get_json()["numero_solicitud"]
    visto = detalle(sistema_pg, nueva, director)
    assert visto["origen"] == "CERTIFICADO" and visto["motivo_solicitud"] == "TRABAJO"
    assert visto["codigo_virtual_anterior"] == codigo_anterior
    assert (visto["ultimo_anio"], visto["ultimo_grado"]) == (2020, "QUINTO")
    assert visto["historial"][0]["detalle"] == (
        f"Generada a partir del certificado {codigo_anterior} (solicitud N.° {primera:08d})."
    )
    assert error(sol.post(url, json={}, headers=director), 409)["mensaje"].startswith(
        f"Ya existe la solicitud N.° {nueva:08d}"
    )

    # Ordering it tells emision which certificate the new one supersedes.
    sol.post(f"{API}/emisiones", json={"numeros_solicitud": [nueva]}, headers=director)
    [orden] = eventos(sistema_pg, "EmisionSolicitada", nueva)
    assert orden["codigo_virtual_anterior"] == codigo_anterior.replace("-", "")
    [orden_original] = eventos(sistema_pg, "EmisionSolicitada", primera)
    assert orden_original["codigo_virtual_anterior"] is None
    sistema_pg.entregar()
    assert detalle(sistema_pg, nueva, director)["estado"] == "EMITIDA"
    # Only the latest certificate may be the base of another request.
    e = error(sol.post(url, json={}, headers=director), 409)
    assert e["mensaje"] == (
        f"El certificado de la solicitud N.° {primera:08d} no es el último generado; "
        f"use el de la solicitud N.° {nueva:08d}."
    )
    r = sol.post(f"{API}/solicitudes/{nueva}/nueva-solicitud", json={}, headers=director)
    assert r.status_code == 201


def test_solo_se_genera_desde_un_certificado_emitido(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, est)
    pendiente = solicitar_ok(sistema_pg, ie, est)["numero_solicitud"]
    r = sistema_pg.clientes["solicitudes"].post(
        f"{API}/solicitudes/{pendiente}/nueva-solicitud", json={}, headers=datos.director(ie)
    )
    assert error(r, 404)["mensaje"] == (
        f"No existe un certificado emitido para la solicitud N.° {pendiente:08d}."
    )
