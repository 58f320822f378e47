"""The director's side on PostgreSQL: queues scoped to who asks, rejection, emission, history."""

from __future__ import annotations

import uuid

import pytest

from tests.integration import datos
from tests.integration.solicitudes.pasos import (
    API,
    cola,
    detalle,
    error,
    eventos,
    numeros,
    solicitar_ok,
)

COLAS = ("pendientes", "rechazadas", "emitidas", "semiautomatica")


def _con_solicitud(sistema, completos: bool = True, **ie_cambios):
    """An IE, a student with grades in notas and a pending request."""
    ie, est = datos.institucion(**ie_cambios), datos.estudiante()
    datos.registrar_todo(sistema, ie, est, completos=completos)
    return ie, est, solicitar_ok(sistema, ie, est)["numero_solicitud"]


def _emitir(sistema, ie: dict, *numeros_: int):
    return sistema.clientes["solicitudes"].post(
        f"{API}/emisiones", json={"numeros_solicitud": list(numeros_)}, headers=datos.director(ie)
    )


def _rechazar(sistema, numero: int, cabecera: dict, motivo: str = "No figura en las actas."):
    return sistema.clientes["solicitudes"].post(
        f"{API}/solicitudes/{numero}/rechazo", json={"motivo_rechazo": motivo}, headers=cabecera
    )


def test_un_director_nunca_ve_la_cola_de_otra_ie(sistema_pg):
    ie_a, _, pendiente = _con_solicitud(sistema_pg)
    _, _, rechazada = _con_solicitud(sistema_pg, codigo_modular=ie_a["codigo_modular"], anexo="1")
    ie_b = datos.institucion()
    datos.registrar_ie(sistema_pg, ie_b)
    ie_a1 = {**ie_a, "anexo": "1"}
    assert _rechazar(sistema_pg, rechazada, datos.director(ie_a1)).status_code == 200
    sol = sistema_pg.clientes["solicitudes"]

    for nombre in COLAS:
        propia = cola(sistema_pg, nombre, datos.director(ie_b))
        assert propia["total"] == 0 and propia["solicitudes"] == [], nombre
        r = sol.get(
            f"{API}/{nombre}",
            headers=datos.director(ie_b),
            query_string={"codigo_modular": ie_a["codigo_modular"], "anexo": "0"},
        )
        assert error(r, 403)["mensaje"] == (
            f"No puede ver las solicitudes de la institución educativa {ie_a['codigo_modular']}-0."
        )
    # Same código modular, another anexo: another IE, another queue.
    assert numeros(cola(sistema_pg, "pendientes", datos.director(ie_a))) == [pendiente]
    assert numeros(cola(sistema_pg, "rechazadas", datos.director(ie_a))) == []
    assert numeros(cola(sistema_pg, "rechazadas", datos.director(ie_a1))) == [rechazada]

    ajeno = datos.director(ie_b)
    prohibido = f"No puede atender la solicitud N.° {pendiente:08d}."
    assert error(sol.get(f"{API}/solicitudes/{pendiente}", headers=ajeno), 403)["mensaje"] == (
        prohibido
    )
    assert error(_rechazar(sistema_pg, pendiente, ajeno), 403)["mensaje"] == prohibido
    assert error(_emitir(sistema_pg, ie_b, pendiente), 403)["mensaje"] == prohibido
    r = sol.get(
        f"{API}/estudiantes-actuales",
        headers=ajeno,
        query_string={"codigo_modular": ie_a["codigo_modular"]},
    )
    assert r.status_code == 403
    r = sol.put(
        f"{API}/configuracion/habilitar-solicitud",
        json={"habilitar_solicitud": False, "codigo_modular": ie_a["codigo_modular"]},
        headers=ajeno,
    )
    assert error(r, 403)["mensaje"] == (
        f"No puede configurar la institución educativa {ie_a['codigo_modular']}-0."
    )


def test_rechazo_con_motivo_avisa_al_ciudadano(sistema_pg):
    ie, est, numero = _con_solicitud(sistema_pg)
    motivo = "El estudiante no figura en las actas de evaluación de la institución."
    r = _rechazar(sistema_pg, numero, datos.director(ie), motivo)
    assert r.status_code == 200
    assert r.get_json() == {
        "numero_solicitud": numero,
        "estado": "RECHAZADA",
        "motivo_rechazo": motivo,
    }

    [fila] = cola(sistema_pg, "rechazadas", datos.director(ie))["solicitudes"]
    assert (fila["numero_solicitud"], fila["motivo_rechazo"]) == (numero, motivo)
    assert fila["rechazada_por"] == f"dir-{ie['codigo_modular']}"
    assert numero not in numeros(cola(sistema_pg, "pendientes", datos.director(ie)))
    # The event notificaciones turns into the email, exactly as its contract says.
    [evento] = eventos(sistema_pg, "SolicitudRechazada", numero)
    assert evento == {
        "numero_solicitud": numero,
        "codigo_seguimiento": evento["codigo_seguimiento"],
        "tipo_documento": "DNI",
        "numero_documento": est["numero_documento"],
        "nombres": "MARÍA JOSÉ",
        "apellidos": "QUISPE ÑAHUI",
        "codigo_modular": ie["codigo_modular"],
        "anexo": "0",
        "nombre_institucion": ie["nombre"],
        "correo": "maria.quispe@example.pe",
        "motivo_rechazo": motivo,
        "rechazado_por": f"dir-{ie['codigo_modular']}",
    }
    seguimiento = sistema_pg.clientes["solicitudes"].get(
        f"{API}/seguimiento/{evento['codigo_seguimiento']}"
    )
    assert seguimiento.get_json()["estado"] == "RECHAZADA"
    assert seguimiento.get_json()["detalle"] == motivo
    e = error(_rechazar(sistema_pg, numero, datos.director(ie)), 409)
    assert e["mensaje"] == f"La solicitud N.° {numero:08d} está RECHAZADA; no se puede rechazar."
    e = error(_rechazar(sistema_pg, numero, datos.director(ie), "no"), 422)
    assert e["campos"]["motivo_rechazo"] == ["Debe tener entre 5 y 500 caracteres."]


def test_historial_de_estados_pendiente_en_emision_error_y_emitida(sistema_pg):
    ie, _, numero = _con_solicitud(sistema_pg)
    assert _emitir(sistema_pg, ie, numero).status_code == 202
    # emision answers with a failure before anything is issued (e.g. the PDF store was down);
    # a v1 message (sent before issue 11's deploy) is still read, as v2.
    fallo = {
        "id": str(uuid.uuid4()),
        "type": "EmisionFallida",
        "version": 1,
        "occurred_at": "2025-03-05T15:30:00+00:00",
        "correlation_id": "x",
        "source": "emision",
        "payload": {"solicitud_id": numero, "motivo": "No se pudo guardar el PDF."},
    }
    sistema_pg.publicador.enviar("solicitudes", fallo)
    [fila] = cola(sistema_pg, "pendientes", datos.director(ie), estado="ERROR")["solicitudes"]
    assert (fila["numero_solicitud"], fila["detalle"]) == (numero, "No se pudo guardar el PDF.")
    assert numero in numeros(cola(sistema_pg, "semiautomatica", datos.director(ie)))

    assert _emitir(sistema_pg, ie, numero).status_code == 202  # retry
    sistema_pg.entregar()
    visto = detalle(sistema_pg, numero, datos.director(ie))
    director = f"dir-{ie['codigo_modular']}"
    assert [(h["estado"], h["por"], h["detalle"]) for h in visto["historial"]] == [
        ("PENDIENTE", "ciudadano", ""),
        ("EN EMISIÓN", director, ""),
        ("ERROR", "emision", "No se pudo guardar el PDF."),
        ("EN EMISIÓN", director, ""),
        ("EMITIDA", "emision", ""),
    ]
    momentos = [h["en"] for h in visto["historial"]]
    assert momentos == sorted(momentos)
    [emitida] = cola(sistema_pg, "emitidas", datos.director(ie))["solicitudes"]
    assert emitida["codigo_virtual"] == visto["codigo_virtual"] and emitida["emitido_en"]


def test_emision_semiautomatica_solo_con_informacion_completa(sistema_pg):
    ie, _, completa = _con_solicitud(sistema_pg)
    est2, est3 = datos.estudiante(), datos.estudiante()
    datos.registrar_identidad(sistema_pg, est2, est3)
    otra_completa = solicitar_ok(sistema_pg, ie, est2)["numero_solicitud"]
    sin_datos = solicitar_ok(sistema_pg, ie, est3)["numero_solicitud"]
    # est2's grades arrive from notas.
    notas = sistema_pg.clientes["notas"]
    notas.put("/api/notas/estudiantes", json=est2, headers=datos.director(ie))
    ruta = datos.ruta_estudiante(notas, est2)
    for grado, cuerpo in datos.grados(ie):
        notas.put(
            f"{ruta}/grados/SECUNDARIA/{grado}",
            json=cuerpo,
            headers=datos.director(ie),
        )
    sistema_pg.entregar()

    semi = cola(sistema_pg, "semiautomatica", datos.director(ie))
    assert numeros(semi) == [completa, otra_completa]
    assert {s["completitud"] for s in semi["solicitudes"]} == {"INFORMACIÓN COMPLETA"}
    r = _emitir(sistema_pg, ie, completa, otra_completa)
    assert r.status_code == 202
    assert r.get_json()["solicitudes"] == [
        {"numero_solicitud": completa, "estado": "EN EMISIÓN"},
        {"numero_solicitud": otra_completa, "estado": "EN EMISIÓN"},
    ]
    assert numeros(cola(sistema_pg, "semiautomatica", datos.director(ie))) == []
    e = error(_emitir(sistema_pg, ie, sin_datos), 409)
    assert e["mensaje"] == (
        f"La solicitud N.° {sin_datos:08d} no se puede emitir: SIN INFORMACIÓN. "
        "No hay notas registradas de este nivel para el estudiante."
    )


def test_filtros_y_paginas_de_pendientes(sistema_pg):
    ie, est, primera = _con_solicitud(sistema_pg)
    otros = [datos.estudiante(primer_apellido=a) for a in ("ZEGARRA", "ALVA")]
    datos.registrar_identidad(sistema_pg, *otros)
    resto = [solicitar_ok(sistema_pg, ie, e)["numero_solicitud"] for e in otros]
    director = datos.director(ie)

    pagina1 = cola(sistema_pg, "pendientes", director, por_pagina=2)
    pagina2 = cola(sistema_pg, "pendientes", director, por_pagina=2, pagina=2)
    assert pagina1["total"] == pagina2["total"] == 3
    assert numeros(pagina1) + numeros(pagina2) == [primera, *resto]
    completas = cola(sistema_pg, "pendientes", director, completitud="INFORMACIÓN COMPLETA")
    assert numeros(completas) == [primera]
    sin = cola(sistema_pg, "pendientes", director, completitud="SIN INFORMACIÓN")
    assert numeros(sin) == resto
    assert numeros(cola(sistema_pg, "pendientes", director, texto="zegar")) == [resto[0]]
    por_documento = cola(
        sistema_pg, "pendientes", director, numero_documento=est["numero_documento"]
    )
    assert numeros(por_documento) == [primera]
    r = sistema_pg.clientes["solicitudes"].get(
        f"{API}/pendientes", headers=director, query_string={"por_pagina": 500}
    )
    assert error(r, 422)["campos"]["por_pagina"] == ["De 1 a 100 por página."]


def test_ugel_y_oaciged_ven_solo_sus_colas(sistema_pg):
    cerrada = datos.institucion(estado="CERRADA", codigo_ugel=f"{uuid.uuid4().int % 10**6:06d}")
    _, _, de_ugel = _con_solicitud(sistema_pg, **cerrada)
    propia = cola(sistema_pg, "pendientes", datos.especialista(cerrada["codigo_ugel"]))
    assert numeros(propia) == [de_ugel]
    assert de_ugel not in numeros(cola(sistema_pg, "pendientes", datos.oaciged()))
    r = sistema_pg.clientes["solicitudes"].get(
        f"{API}/pendientes",
        headers=datos.especialista("150199"),
        query_string={"codigo_modular": cerrada["codigo_modular"]},
    )
    assert error(r, 403)["mensaje"] == (
        f"La institución educativa {cerrada['codigo_modular']}-0 no es de su UGEL (150199)."
    )
    # The UGEL attends what it sees: it may reject.
    assert (
        _rechazar(sistema_pg, de_ugel, datos.especialista(cerrada["codigo_ugel"])).status_code
        == 200
    )


def test_una_ie_que_cierra_pasa_sus_solicitudes_abiertas_a_la_ugel(sistema_pg):
    ie, _, numero = _con_solicitud(sistema_pg, codigo_ugel=f"{uuid.uuid4().int % 10**6:06d}")
    sistema_pg.clientes["notas"].post(
        "/api/notas/instituciones", json={**ie, "estado": "CERRADA"}, headers=datos.operaciones()
    )
    sistema_pg.entregar()
    assert numeros(cola(sistema_pg, "pendientes", datos.director(ie))) == []
    assert numeros(cola(sistema_pg, "pendientes", datos.especialista(ie["codigo_ugel"]))) == [
        numero
    ]
    ultimo = detalle(sistema_pg, numero, datos.especialista(ie["codigo_ugel"]))["historial"][-1]
    assert (ultimo["estado"], ultimo["por"]) == ("PENDIENTE", "notas")
    assert ultimo["detalle"] == f"La IE cambió a CERRADA: pasa a {ie['nombre_ugel']}."


def test_habilitar_solicitud_empieza_apagado_y_lo_cambia_el_director(sistema_pg):
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie, habilitada=False)
    sol, director = sistema_pg.clientes["solicitudes"], datos.director(ie)
    url = f"{API}/configuracion/habilitar-solicitud"
    assert sol.get(url, headers=director).get_json()["habilitar_solicitud"] is False
    r = sol.put(url, json={"habilitar_solicitud": True}, headers=director)
    assert r.status_code == 200
    estado = sol.get(url, headers=director).get_json()
    assert estado["habilitar_solicitud"] is True
    assert estado["actualizado_por"] == f"dir-{ie['codigo_modular']}"
    assert estado["actualizado_en"]
    r = sol.put(url, json={"habilitar_solicitud": "quizá"}, headers=director)
    assert error(r, 422)["campos"]["habilitar_solicitud"] == ["Debe ser verdadero o falso."]


def test_estudiantes_actuales_de_la_ie(sistema_pg):
    ie, est, _ = _con_solicitud(sistema_pg)
    r = sistema_pg.clientes["solicitudes"].get(
        f"{API}/estudiantes-actuales", headers=datos.director(ie)
    )
    assert r.status_code == 200
    assert r.get_json()["estudiantes"] == [
        {
            "tipo_documento": "DNI",
            "numero_documento": est["numero_documento"],
            "apellidos_y_nombres": "QUISPE ÑAHUI, MARÍA JOSÉ",
            "nivel": "SECUNDARIA",
            "ultimo_anio": 2020,
            "ultimo_grado": "QUINTO",
            "completitud": "INFORMACIÓN COMPLETA",
        }
    ]


@pytest.mark.parametrize("nombre", COLAS)
def test_las_colas_piden_un_rol_de_atencion(sistema_pg, nombre):
    sol = sistema_pg.clientes["solicitudes"]
    assert sol.get(f"{API}/{nombre}").status_code == 401
    assert sol.get(f"{API}/{nombre}", headers=datos.operaciones()).status_code == 403
