"""Staff endpoints check role and scope: a director sees and acts on their own IE only."""

from __future__ import annotations

from shared.auth import Usuario
from tests.integration import datos


def test_sin_token_401_y_token_adulterado_401(sistema_pg):
    sol = sistema_pg.clientes["solicitudes"]
    r = sol.get("/api/solicitudes/pendientes")
    assert r.status_code == 401
    assert r.get_json()["error"]["codigo"] == "no_autenticado"
    token = datos.director(datos.institucion())["Authorization"]
    r = sol.get("/api/solicitudes/pendientes", headers={"Authorization": token[:-3] + "abc"})
    assert r.status_code == 401 and r.get_json()["error"]["mensaje"] == "Token no válido."


def test_un_director_no_ve_ni_emite_solicitudes_de_otra_ie(sistema_pg):
    ie_a, ie_b, est = datos.institucion(), datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie_a, est)
    sistema_pg.clientes["notas"].post(
        "/api/notas/instituciones", json=ie_b, headers=datos.operaciones()
    )
    sistema_pg.entregar()
    sol = sistema_pg.clientes["solicitudes"]
    numero = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie_a, est)).get_json()[
        "numero_solicitud"
    ]

    cola_b = sol.get("/api/solicitudes/pendientes", headers=datos.director(ie_b)).get_json()
    assert cola_b["total"] == 0 and cola_b["solicitudes"] == []
    r = sol.get(
        "/api/solicitudes/pendientes",
        headers=datos.director(ie_b),
        query_string={"codigo_modular": ie_a["codigo_modular"], "anexo": "0"},
    )
    assert r.status_code == 403
    assert ie_a["codigo_modular"] in r.get_json()["error"]["mensaje"]
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [numero]},
        headers=datos.director(ie_b),
    )
    assert r.status_code == 403
    assert r.get_json()["error"]["mensaje"] == f"No puede atender la solicitud N.° {numero:08d}."

    cola_a = sol.get("/api/solicitudes/pendientes", headers=datos.director(ie_a)).get_json()
    assert [s["numero_solicitud"] for s in cola_a["solicitudes"]] == [numero]
    assert (
        sol.post(
            "/api/solicitudes/emisiones",
            json={"numeros_solicitud": [numero]},
            headers=datos.director(ie_a),
        ).status_code
        == 202
    )


def test_un_director_no_registra_notas_en_otra_ie(sistema_pg):
    ie_a, ie_b, est = datos.institucion(), datos.institucion(), datos.estudiante()
    notas = sistema_pg.clientes["notas"]
    for ie in (ie_a, ie_b):
        notas.post("/api/notas/instituciones", json=ie, headers=datos.operaciones())
    notas.put("/api/notas/estudiantes", json=est, headers=datos.director(ie_a))
    _, grado = datos.grados(ie_a)[0]
    r = notas.put(
        datos.ruta_estudiante(notas, est, "/grados/SECUNDARIA/PRIMERO"),
        json=grado,
        headers=datos.director(ie_b),
    )
    assert r.status_code == 403
    assert ie_a["codigo_modular"] in r.get_json()["error"]["mensaje"]


def test_rol_equivocado_403(sistema_pg):
    r = sistema_pg.clientes["notas"].post(
        "/api/notas/instituciones",
        json=datos.institucion(),
        headers=datos.director(datos.institucion()),
    )
    assert r.status_code == 403
    r = sistema_pg.clientes["solicitudes"].get(
        "/api/solicitudes/pendientes", headers=datos.cabecera(Usuario("x", "OPERACIONES"))
    )
    assert r.status_code == 403
