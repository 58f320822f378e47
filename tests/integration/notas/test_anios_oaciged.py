"""Issue 10, defect 3: grades of years up to 1985 are OACIGED's part; only OACIGED writes them."""

from __future__ import annotations

from tests.integration import datos
from tests.integration.notas.conftest import error, especialista, oaciged

GRADO_1984 = {
    "anio_lectivo": 1984,
    "situacion_final": "APROBADO",
    "calificaciones": [{"area": "BIOLOGÍA", "calificacion": "15"}],
}
GRADO_1990 = {**GRADO_1984, "anio_lectivo": 1990}
SOLO_OACIGED = "Las notas del año lectivo {anio} (hasta 1985) solo las registra la OACIGED."


def test_el_director_no_escribe_los_anios_de_la_oaciged_en_su_propia_ie(registro):
    ie = registro.ie()
    est = registro.estudiante(ie)
    director = datos.director(ie)

    # A new grade of 1984 at the director's own IE: refused, naming the year.
    r = registro.grado(ie, est, "SECUNDARIA", "PRIMERO", GRADO_1984, headers=director)
    falla = error(r, 403)
    assert falla["codigo"] == "sin_permiso"
    assert falla["mensaje"] == SOLO_OACIGED.format(anio=1984)

    # OACIGED records it; the director can neither overwrite it nor move it past 1985.
    r = registro.grado(ie, est, "SECUNDARIA", "PRIMERO", GRADO_1984, headers=oaciged())
    assert r.status_code == 200, r.get_json()
    cambiado = {**GRADO_1984, "calificaciones": [{"area": "BIOLOGÍA", "calificacion": "05"}]}
    r = registro.grado(ie, est, "SECUNDARIA", "PRIMERO", cambiado, headers=director)
    assert error(r, 403)["mensaje"] == SOLO_OACIGED.format(anio=1984)
    r = registro.grado(ie, est, "SECUNDARIA", "PRIMERO", GRADO_1990, headers=director)
    assert error(r, 403)["mensaje"] == SOLO_OACIGED.format(anio=1984)

    # The IE's years stay the director's; the OACIGED part is still what OACIGED saved,
    # and the director still sees it (a consolidated certificate prints both parts).
    r = registro.grado(ie, est, "SECUNDARIA", "SEGUNDO", GRADO_1990, headers=director)
    assert r.status_code == 200, r.get_json()
    grados = registro.ver(ie, est)["niveles"]["SECUNDARIA"]["registro"]["grados"]
    primero = next(g for g in grados if g["grado"] == "PRIMERO")
    assert primero["anio_lectivo"] == 1984
    assert primero["calificaciones"][0]["calificacion"] == "15"


def test_la_ugel_tampoco_escribe_los_anios_de_la_oaciged(registro):
    cerrada = registro.ie(estado="CERRADA", codigo_ugel="150105")
    est = registro.estudiante(cerrada)
    r = registro.grado(
        cerrada, est, "SECUNDARIA", "PRIMERO", GRADO_1984, headers=especialista("150105")
    )
    assert error(r, 403)["mensaje"] == SOLO_OACIGED.format(anio=1984)
