"""Búsqueda de institución, talleres de la institución and the curricular catalog."""

from __future__ import annotations

from tests.conftest import codigo_modular_unico
from tests.integration import datos
from tests.integration.notas.conftest import error


def test_busqueda_de_institucion_por_nombre_codigo_y_ubigeo(registro_pg):
    distrito = f"DISTRITO {codigo_modular_unico()}"
    ie = registro_pg.ie(
        nombre="I.E. José Carlos Mariátegui",
        ubigeo="080101",
        departamento="Cusco",
        provincia="Cusco",
        distrito=distrito,
    )
    buscar = registro_pg.cliente.get
    [encontrada] = buscar("/api/notas/instituciones", query_string={"distrito": distrito}).json
    assert encontrada["codigo"] == f"{ie['codigo_modular']}-0"
    assert encontrada["nombre"] == "I.E. JOSÉ CARLOS MARIÁTEGUI"
    assert encontrada["departamento"] == "CUSCO"
    por_ubigeo = buscar(
        "/api/notas/instituciones", query_string={"ubigeo": "0801", "q": ie["codigo_modular"]}
    ).json
    assert [i["codigo_modular"] for i in por_ubigeo] == [ie["codigo_modular"]]
    assert (
        buscar(
            "/api/notas/instituciones", query_string={"ubigeo": "1501", "q": ie["codigo_modular"]}
        ).json
        == []
    )
    e = error(buscar("/api/notas/instituciones"), 422)
    assert e["campos"]["q"] == ["Indique un nombre o código modular (q), un ubigeo o un lugar."]
    e = error(buscar("/api/notas/instituciones", query_string={"ubigeo": "081"}), 422)
    assert e["campos"]["ubigeo"][0].startswith("Indique 2 (departamento), 4 (provincia)")


def test_talleres_se_crean_filtran_y_dan_de_baja_nunca_se_borran(registro_pg):
    ie = registro_pg.ie()
    base = f"/api/notas/instituciones/{ie['codigo_modular']}/0/talleres"
    director = datos.director(ie)
    ids = {}
    for nombre in ("Danza moderna", "MÚSICA", "Ñoño"):
        r = registro_pg.taller(ie, nombre)
        assert r.status_code == 201 and r.json["estado"] == "ACTIVO"
        ids[r.json["nombre"]] = r.json["id"]
    assert error(registro_pg.taller(ie, "música"), 409)["mensaje"] == (
        "La institución ya tiene el taller «MÚSICA»."
    )
    r = registro_pg.cliente.post(f"{base}/{ids['ÑOÑO']}/baja", headers=director)
    assert r.json["estado"] == "INACTIVO" and r.json["dado_de_baja_en"]
    assert error(registro_pg.cliente.post(f"{base}/{ids['ÑOÑO']}/baja", headers=director), 409)

    listar = registro_pg.cliente.get
    todos = listar(base, headers=director).json["talleres"]
    assert [(t["nombre"], t["estado"]) for t in todos] == [
        ("DANZA MODERNA", "ACTIVO"),
        ("MÚSICA", "ACTIVO"),
        ("ÑOÑO", "INACTIVO"),
    ]
    activos = listar(base, query_string={"estado": "ACTIVO", "nombre": "dan"}, headers=director)
    assert [t["nombre"] for t in activos.json["talleres"]] == ["DANZA MODERNA"]

    # An inactive taller cannot be graded in a new grade; an unknown one neither.
    est = registro_pg.estudiante(ie)
    cuerpo = {
        "anio_lectivo": 2010,
        "calificaciones": [{"area": "ÑOÑO", "tipo_area": "TALLER", "calificacion": "A"}],
    }
    e = error(registro_pg.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo), 422)
    assert e["campos"] == {
        "calificaciones.0.area": [
            f"El taller «ÑOÑO» no está registrado como taller activo de la institución "
            f"educativa {ie['codigo_modular']}-0."
        ]
    }


def test_taller_dado_de_baja_sigue_en_los_registros_que_ya_lo_tienen(registro_pg):
    ie = registro_pg.ie()
    taller = registro_pg.taller(ie, "CARPINTERÍA").json
    est = registro_pg.estudiante(ie)
    cuerpo = {
        "anio_lectivo": 2005,
        "calificaciones": [{"area": "CARPINTERÍA", "tipo_area": "TALLER", "calificacion": "15"}],
    }
    assert registro_pg.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo).status_code == 200
    registro_pg.cliente.post(
        f"/api/notas/instituciones/{ie['codigo_modular']}/0/talleres/{taller['id']}/baja",
        headers=datos.director(ie),
    )
    cuerpo["situacion_final"] = "APROBADO"
    r = registro_pg.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo)
    assert r.status_code == 200, r.get_json()


def test_catalogo_por_diseno_tipo_y_texto(registro_pg):
    ie = registro_pg.ie()
    consultar = registro_pg.cliente.get
    director = datos.director(ie)
    disenos = consultar(
        "/api/notas/catalogo/disenos",
        query_string={"nivel": "SECUNDARIA", "anio": 1998},
        headers=director,
    ).json["disenos"]
    assert [d["codigo"] for d in disenos] == ["EBR-SEC-ANTERIOR"]
    vigentes_2021 = consultar(
        "/api/notas/catalogo/disenos", query_string={"anio": 2021}, headers=director
    ).json["disenos"]
    assert {d["codigo"] for d in vigentes_2021} == {
        "EBR-PRI-CNEB",
        "EBR-SEC-CNEB",
        "EBR-SEC-DCN2009",
    }

    antiguas = consultar(
        "/api/notas/catalogo/areas",
        query_string={"diseno_curricular": "EBR-SEC-ANTERIOR"},
        headers=director,
    ).json["areas"]
    nombres = [a["nombre"] for a in antiguas]
    for area in ("BIOLOGÍA", "FÍSICA", "QUÍMICA", "FAMILIA Y CIVISMO", "HISTORIA DEL PERÚ"):
        assert area in nombres

    transversales = consultar(
        "/api/notas/catalogo/areas",
        query_string={"diseno_curricular": "EBR-SEC-CNEB", "tipo_area": "COMPETENCIA_TRANSVERSAL"},
        headers=director,
    ).json["areas"]
    assert [a["nombre"] for a in transversales] == [
        "SE DESENVUELVE EN ENTORNOS VIRTUALES GENERADOS POR LAS TIC",
        "GESTIONA SU APRENDIZAJE DE MANERA AUTÓNOMA",
    ]
    [comunicacion] = consultar(
        "/api/notas/catalogo/areas",
        query_string={"diseno_curricular": "EBR-SEC-CNEB", "q": "comunica"},
        headers=director,
    ).json["areas"]
    assert comunicacion["competencias"] == [
        "Se comunica oralmente en su lengua materna",
        "Lee diversos tipos de textos escritos en su lengua materna",
        "Escribe diversos tipos de textos en su lengua materna",
    ]
    assert consultar("/api/notas/catalogo/areas").status_code == 401


def test_agregar_areas_de_un_diseno_de_otro_nivel_o_desconocidas(registro_pg):
    ie = registro_pg.ie()
    est = registro_pg.estudiante(ie)
    registro_pg.grado(
        ie, est, "SECUNDARIA", "PRIMERO", {"anio_lectivo": 2010, "calificaciones": []}
    )
    url = registro_pg.url(est, "/grados/SECUNDARIA/PRIMERO/areas")
    agregar = registro_pg.cliente.post
    r = agregar(url, json={"diseno_curricular": "EBR-PRI-CNEB"}, headers=datos.director(ie))
    assert (
        error(r, 422)["mensaje"]
        == "El diseño curricular EBR-PRI-CNEB es de PRIMARIA, no de SECUNDARIA."
    )
    r = agregar(
        url,
        json={"diseno_curricular": "EBR-SEC-DCN2009", "areas": ["MATEMÁTICA", "ALQUIMIA"]},
        headers=datos.director(ie),
    )
    assert error(r, 422)["campos"] == {
        "areas": ["No están en el diseño EBR-SEC-DCN2009: ALQUIMIA."]
    }
    url_sin_grado = registro_pg.url(est, "/grados/SECUNDARIA/SEGUNDO/areas")
    r = agregar(
        url_sin_grado, json={"diseno_curricular": "EBR-SEC-DCN2009"}, headers=datos.director(ie)
    )
    assert error(r, 404)["mensaje"] == (
        "Primero registre el año lectivo y el código modular del grado SEGUNDO."
    )
    # Adding twice does not repeat an area.
    for _ in range(2):
        ficha = agregar(
            url,
            json={"diseno_curricular": "EBR-SEC-DCN2009", "areas": ["Matemática"]},
            headers=datos.director(ie),
        ).json
    assert [c["area"] for c in ficha["calificaciones"]] == ["MATEMÁTICA"]
    assert ficha["diseno_curricular"] == "EBR-SEC-DCN2009"
