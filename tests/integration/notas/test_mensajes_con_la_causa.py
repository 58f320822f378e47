"""Refusals name their real cause (issue 11): the year for OACIGED, the cell for a grade."""

from __future__ import annotations

from tests.integration.notas.conftest import error, oaciged


def test_la_oaciged_con_un_anio_posterior_a_1985_sabe_que_es_el_anio(registro):
    ie = registro.ie()
    est = registro.estudiante(ie)
    grado = {
        "anio_lectivo": 1986,
        "situacion_final": "APROBADO",
        "calificaciones": [{"area": "BIOLOGÍA", "calificacion": "17"}],
    }
    e = error(registro.grado(ie, est, "SECUNDARIA", "PRIMERO", grado, headers=oaciged()), 403)
    assert e["mensaje"] == (
        "La OACIGED registra notas de años hasta 1985; el año lectivo 1986 lo registra la "
        "institución educativa."
    )
    assert e["campos"] == {"anio_lectivo": [e["mensaje"]]}


def test_una_nota_fuera_de_escala_nombra_el_area_el_grado_y_el_anio(registro):
    ie = registro.ie()
    est = registro.estudiante(ie)
    grado = {
        "anio_lectivo": 2015,
        "situacion_final": "APROBADO",
        "calificaciones": [{"area": "MATEMÁTICA", "calificacion": "Z"}],
    }
    e = error(registro.grado(ie, est, "SECUNDARIA", "SEGUNDO", grado), 422)
    [mensaje] = e["campos"]["calificaciones.0.calificacion"]
    assert mensaje.startswith(
        "MATEMÁTICA, SEGUNDO grado (2015): calificación «Z» no permitida; "
        "calificaciones permitidas: "
    )
