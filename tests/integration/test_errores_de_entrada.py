"""Bad input gets a 4xx naming the field and the reason, in Spanish; never a 500."""

from __future__ import annotations

import pytest

from tests.integration import datos


@pytest.fixture
def ie_registrada(sistema_pg):
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie)
    return ie


def _error(r, estado):
    assert r.status_code == estado, r.get_data(as_text=True)
    return r.get_json()["error"]


def test_json_mal_formado(sistema_pg):
    r = sistema_pg.clientes["solicitudes"].post(
        "/api/solicitudes/solicitudes", data="{nombres: ", content_type="application/json"
    )
    error = _error(r, 400)
    assert error["codigo"] == "json_invalido"
    assert error["mensaje"] == "El cuerpo de la petición no es JSON válido."


def test_campos_faltantes_se_nombran_uno_por_uno(sistema_pg):
    error = _error(
        sistema_pg.clientes["solicitudes"].post("/api/solicitudes/solicitudes", json={}), 422
    )
    assert error["codigo"] == "datos_invalidos"
    for campo in (
        "tipo_documento",
        "numero_documento",
        "nombres",
        "primer_apellido",
        "fecha_nacimiento",
        "codigo_modular",
        "nivel",
        "ultimo_anio",
        "correo",
        "acepta_terminos",
    ):
        assert campo in error["campos"], campo
    assert error["campos"]["correo"] == ["Este campo es obligatorio."]


def test_correo_dni_y_motivo_invalidos(sistema_pg, ie_registrada):
    est = datos.estudiante(numero_documento="1234567")
    cuerpo = datos.solicitud(
        ie_registrada, est, correo="maria@", motivo="OTROS", motivo_otro="x" * 151, campo_extra=1
    )
    error = _error(
        sistema_pg.clientes["solicitudes"].post("/api/solicitudes/solicitudes", json=cuerpo), 422
    )
    assert error["campos"]["correo"] == ["No es un correo electrónico válido."]
    assert error["campos"]["motivo_otro"] == ["Como máximo 150 caracteres."]
    assert error["campos"]["campo_extra"] == ["Campo no permitido."]


def test_formato_de_documento(sistema_pg, ie_registrada):
    est = datos.estudiante(numero_documento="1234567")
    error = _error(
        sistema_pg.clientes["solicitudes"].post(
            "/api/solicitudes/solicitudes", json=datos.solicitud(ie_registrada, est)
        ),
        422,
    )
    assert error["campos"]["numero_documento"] == ["El DNI tiene 8 dígitos."]


def test_carne_de_extranjeria_del_ejemplo_del_ministerio(sistema_pg, ie_registrada):
    est = datos.estudiante(
        tipo_documento="CE",
        numero_documento="001112311",
        nombres="ARTURO JOHEL",
        primer_apellido="RAMIREZ",
        segundo_apellido="",
        fecha_nacimiento="1979-11-01",
    )
    datos.registrar_identidad(sistema_pg, est, pais="VENEZUELA")
    r = sistema_pg.clientes["solicitudes"].post(
        "/api/solicitudes/solicitudes",
        json=datos.solicitud(ie_registrada, est, ultimo_anio=1996, pais="VENEZUELA"),
    )
    assert r.status_code == 201, r.get_json()


def test_institucion_desconocida(sistema_pg):
    ie = datos.institucion()  # never registered
    error = _error(
        sistema_pg.clientes["solicitudes"].post(
            "/api/solicitudes/solicitudes", json=datos.solicitud(ie, datos.estudiante())
        ),
        422,
    )
    assert error["campos"]["codigo_modular"] == [
        f"No existe una institución educativa con código modular {ie['codigo_modular']}-0."
    ]


def test_terminos_no_aceptados(sistema_pg, ie_registrada):
    error = _error(
        sistema_pg.clientes["solicitudes"].post(
            "/api/solicitudes/solicitudes",
            json=datos.solicitud(ie_registrada, datos.estudiante(), acepta_terminos=False),
        ),
        422,
    )
    assert error["campos"]["acepta_terminos"] == ["Debe aceptar los términos y condiciones."]


def test_codigo_de_seguimiento_mal_escrito(sistema_pg):
    error = _error(
        sistema_pg.clientes["solicitudes"].get("/api/solicitudes/seguimiento/ABCD-EFGH"), 400
    )
    assert error["codigo"] == "codigo_mal_escrito"
    [mensaje] = error["campos"]["codigo_seguimiento"]
    assert mensaje.startswith("El código de seguimiento está mal escrito")
    # The example passes its own check character: typed as shown, it is looked up (404).
    ejemplo = "/api/solicitudes/seguimiento/7K3M-9QXD-2HVB-N4TS"
    assert _error(sistema_pg.clientes["solicitudes"].get(ejemplo), 404)["codigo"] == "no_encontrado"


def test_nota_fuera_de_escala_lista_las_permitidas(sistema_pg, ie_registrada):
    notas = sistema_pg.clientes["notas"]
    est = datos.estudiante()
    notas.put("/api/notas/estudiantes", json=est, headers=datos.director(ie_registrada))
    ruta = datos.ruta_estudiante(notas, est, "/grados/SECUNDARIA/PRIMERO")
    grado = {
        "anio_lectivo": 1998,
        "codigo_modular": ie_registrada["codigo_modular"],
        "anexo": "0",
        "situacion_final": "APROBADO",
        "calificaciones": [{"area": "BIOLOGÍA", "calificacion": "21"}],
    }
    error = _error(
        notas.put(
            ruta,
            json=grado,
            headers=datos.director(ie_registrada),
        ),
        422,
    )
    mensaje = error["campos"]["calificaciones.0.calificacion"][0]
    # It names the área, the grade and the year, then what is allowed.
    assert mensaje.startswith(
        "BIOLOGÍA, PRIMERO grado (1998): calificación «21» no permitida; "
        "calificaciones permitidas: 00, 01"
    )
    assert "20, EXO." in mensaje

    grado.update(anio_lectivo=2023, calificaciones=[{"area": "MATEMÁTICA", "calificacion": "15"}])
    error = _error(
        notas.put(
            ruta,
            json=grado,
            headers=datos.director(ie_registrada),
        ),
        422,
    )
    assert "calificaciones permitidas: AD, A, B, C, EXO." in error["mensaje"]


def test_ruta_de_grado_desconocida(sistema_pg, ie_registrada):
    r = sistema_pg.clientes["notas"].put(
        "/api/notas/estudiantes/id-que-no-existe/grados/SECUNDARIA/SEPTIMO",
        json={
            "anio_lectivo": 2000,
            "codigo_modular": ie_registrada["codigo_modular"],
            "anexo": "0",
            "calificaciones": [],
        },
        headers=datos.director(ie_registrada),
    )
    assert _error(r, 422)["campos"]["grado"][0].startswith("Debe ser uno de:")


def test_errores_anidados_con_nombre_punteado(sistema_pg, ie_registrada):
    r = sistema_pg.clientes["notas"].put(
        "/api/notas/estudiantes/id-que-no-existe/grados/SECUNDARIA/PRIMERO",
        json={
            "anio_lectivo": 2000,
            "codigo_modular": ie_registrada["codigo_modular"],
            "anexo": "0",
            "calificaciones": [{"area": "", "calificacion": "15", "x": 1}],
        },
        headers=datos.director(ie_registrada),
    )
    campos = _error(r, 422)["campos"]
    assert campos["calificaciones.0.area"] == ["Debe tener entre 1 y 200 caracteres."]
    assert campos["calificaciones.0.x"] == ["Campo no permitido."]


def test_entradas_que_antes_daban_500(sistema_pg, ie_registrada):
    sol, notas = sistema_pg.clientes["solicitudes"], sistema_pg.clientes["notas"]
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [10**30]},
        headers=datos.director(ie_registrada),
    )
    assert _error(r, 422)["campos"]["numeros_solicitud.0"] == [
        "El número está fuera del rango permitido."
    ]
    r = sol.get(
        "/api/solicitudes/pendientes",
        query_string={"pagina": 10**30},
        headers=datos.director(ie_registrada),
    )
    assert _error(r, 422)["campos"]["pagina"] == ["El número está fuera del rango permitido."]
    r = notas.get("/api/notas/instituciones", query_string={"q": "SAN\x00JUAN"})
    assert _error(r, 422)["campos"]["q"] == ["Contiene caracteres no permitidos."]
    largo = "a" * 250 + "@example.pe"
    r = sol.post(
        "/api/solicitudes/solicitudes",
        json=datos.solicitud(ie_registrada, datos.estudiante(), correo=largo),
    )
    assert _error(r, 422)["campos"]["correo"] == ["El correo tiene como máximo 254 caracteres."]
