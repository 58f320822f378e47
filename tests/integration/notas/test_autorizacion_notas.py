"""Role AND scope: a director their own IE, a UGEL its closed IEs, OACIGED up to 1985."""

from __future__ import annotations

from tests.integration import datos
from tests.integration.notas.conftest import error, especialista, oaciged

GRADO_1998 = {
    "anio_lectivo": 1998,
    "situacion_final": "APROBADO",
    "calificaciones": [{"area": "BIOLOGÍA", "calificacion": "17"}],
}


def test_un_director_de_otra_ie_es_rechazado(registro):
    ie, otra = registro.ie(), registro.ie()
    est = registro.estudiante(ie)
    assert registro.grado(ie, est, "SECUNDARIA", "PRIMERO", GRADO_1998).status_code == 200
    ajeno = datos.director(otra)
    cm = ie["codigo_modular"]

    # Grades at the other IE, in its own name or taking over the existing grade.
    r = registro.grado(ie, est, "SECUNDARIA", "SEGUNDO", GRADO_1998, headers=ajeno)
    assert (
        error(r, 403)["mensaje"] == f"No puede registrar notas de la institución educativa {cm}-0."
    )
    r = registro.grado(otra, est, "SECUNDARIA", "PRIMERO", GRADO_1998, headers=ajeno)
    assert (
        error(r, 403)["mensaje"] == f"No puede registrar notas de la institución educativa {cm}-0."
    )
    # Reading the record, correcting personal data, the IE's configuration.
    r = registro.cliente.get(registro.url(est, "/registro"), headers=ajeno)
    assert error(r, 403)["codigo"] == "sin_permiso"
    r = registro.cliente.put("/api/notas/estudiantes", json=est, headers=ajeno)
    assert error(r, 403)["codigo"] == "sin_permiso"
    for metodo, ruta in (("get", "/parametros"), ("get", "/talleres"), ("get", "/estudiantes")):
        r = getattr(registro.cliente, metodo)(
            f"/api/notas/instituciones/{cm}/0{ruta}", headers=ajeno
        )
        assert error(r, 403)["mensaje"] == f"No puede configurar la institución educativa {cm}-0."
    assert error(registro.taller(ie, "DANZA", headers=ajeno), 403)["codigo"] == "sin_permiso"

    # Nothing changed: the grade is still the one its own director saved.
    [primero] = registro.ver(ie, est)["niveles"]["SECUNDARIA"]["registro"]["grados"]
    assert primero["codigo_modular"] == cm


def test_especialista_ugel_solo_en_ie_cerradas_de_su_ugel(registro_pg):
    cerrada = registro_pg.ie(estado="CERRADA", codigo_ugel="150107")
    activa = registro_pg.ie(codigo_ugel="150107")
    otra_ugel = registro_pg.ie(estado="CERRADA", codigo_ugel="150102")
    est = registro_pg.estudiante(cerrada)
    ugel07 = especialista("150107")
    r = registro_pg.grado(cerrada, est, "SECUNDARIA", "PRIMERO", GRADO_1998, headers=ugel07)
    assert r.status_code == 200, r.get_json()
    for ie in (activa, otra_ugel):
        r = registro_pg.grado(ie, est, "SECUNDARIA", "SEGUNDO", GRADO_1998, headers=ugel07)
        assert error(r, 403)["codigo"] == "sin_permiso"
    url = f"/api/notas/instituciones/{cerrada['codigo_modular']}/0/parametros"
    assert registro_pg.cliente.get(url, headers=ugel07).status_code == 200


def test_oaciged_solo_hasta_1985(registro_pg):
    ie = registro_pg.ie()
    est = registro_pg.estudiante(ie)
    antiguo = {**GRADO_1998, "anio_lectivo": 1985}
    r = registro_pg.grado(ie, est, "SECUNDARIA", "PRIMERO", antiguo, headers=oaciged())
    assert r.status_code == 200, r.get_json()
    r = registro_pg.grado(ie, est, "SECUNDARIA", "SEGUNDO", GRADO_1998, headers=oaciged())
    assert error(r, 403)["codigo"] == "sin_permiso"
    # …nor move a 1985 grade into a later year.
    r = registro_pg.grado(ie, est, "SECUNDARIA", "PRIMERO", GRADO_1998, headers=oaciged())
    assert error(r, 403)["codigo"] == "sin_permiso"
    cambios = registro_pg.ver(ie, est, "/auditoria", headers=oaciged())["cambios"]
    assert {(c["usuario"], c["rol"]) for c in cambios} == {("oaciged-1", "OACIGED")}
