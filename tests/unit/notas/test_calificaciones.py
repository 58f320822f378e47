"""Which grades a director may type in each cell of an acta (domain.md, Grades)."""

from __future__ import annotations

import pytest

from services.notas.domain.calificaciones import (
    EXONERADO,
    LITERAL,
    VIGESIMAL,
    calificaciones_permitidas,
    error_calificacion,
    escala,
)

GRADOS_SECUNDARIA = ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO")
# domain.md: "Secundaria switched to literal progressively: 2019 1.°; 2020 1.°–2.°;
# 2021 1.°–3.°; 2022 1.°–4.°; 2023+ all" -> how many grades (from 1.°) were literal each year.
GRADOS_LITERALES_POR_ANIO = {2015: 0, 2018: 0, 2019: 1, 2020: 2, 2021: 3, 2022: 4, 2023: 5, 2025: 5}


def test_las_escalas():
    assert VIGESIMAL[0] == "00" and VIGESIMAL[-1] == "20" and len(VIGESIMAL) == 21
    assert set(LITERAL) == {"AD", "A", "B", "C"}


@pytest.mark.parametrize(
    ("grado", "anio"),
    [(g, a) for a in GRADOS_LITERALES_POR_ANIO for g in GRADOS_SECUNDARIA],
)
def test_secundaria_paso_a_literal_un_grado_por_anio(grado, anio):
    literal = GRADOS_SECUNDARIA.index(grado) < GRADOS_LITERALES_POR_ANIO[anio]
    esperada = LITERAL if literal else VIGESIMAL
    assert escala("SECUNDARIA", grado, anio, "AREA") == esperada


@pytest.mark.parametrize(
    ("grado", "anio", "valor", "aceptado"),
    [
        ("TERCERO", 2020, "15", True),
        ("TERCERO", 2020, "AD", False),
        ("TERCERO", 2021, "AD", True),
        ("TERCERO", 2021, "15", False),
        ("QUINTO", 2022, "11", True),
        ("QUINTO", 2023, "B", True),
        ("PRIMERO", 2018, "20", True),
        ("PRIMERO", 2019, "C", True),
    ],
)
def test_ejemplos_de_la_tabla(grado, anio, valor, aceptado):
    error = error_calificacion(valor, "SECUNDARIA", grado, anio, "AREA")
    assert (error is None) is aceptado, error


@pytest.mark.parametrize("anio", [1995, 2015, 2021, 2024])
@pytest.mark.parametrize("valor", ["AD", "C", "00", "14", "20"])
def test_los_talleres_aceptan_ambas_escalas(anio, valor):
    assert error_calificacion(valor, "SECUNDARIA", "TERCERO", anio, "TALLER") is None


@pytest.mark.parametrize(("anio", "valor"), [(2010, "17"), (2024, "A")])
def test_exo_solo_para_areas(anio, valor):
    assert error_calificacion("EXO", "SECUNDARIA", "SEGUNDO", anio, "AREA") is None
    for tipo in ("TALLER", "COMPETENCIA_TRANSVERSAL"):
        assert EXONERADO not in calificaciones_permitidas("SECUNDARIA", "SEGUNDO", anio, tipo)
        assert error_calificacion("EXO", "SECUNDARIA", "SEGUNDO", anio, tipo) is not None
        assert error_calificacion(valor, "SECUNDARIA", "SEGUNDO", anio, tipo) is None


def test_competencias_transversales_siguen_la_escala_del_grado():
    assert escala("SECUNDARIA", "QUINTO", 2024, "COMPETENCIA_TRANSVERSAL") == LITERAL
    assert escala("SECUNDARIA", "QUINTO", 2020, "COMPETENCIA_TRANSVERSAL") == VIGESIMAL


def test_el_mensaje_para_21_lista_lo_permitido():
    mensaje = error_calificacion("21", "SECUNDARIA", "QUINTO", 2010, "AREA", "MATEMÁTICA")
    permitidas = ", ".join(f"{n:02d}" for n in range(21)) + ", EXO"
    assert mensaje == (
        "MATEMÁTICA, QUINTO grado (2010): calificación «21» no permitida; "
        f"calificaciones permitidas: {permitidas}."
    )


def test_el_mensaje_en_anio_literal_lista_las_letras():
    mensaje = error_calificacion("15", "SECUNDARIA", "PRIMERO", 2024, "AREA", "ARTE")
    assert mensaje == (
        "ARTE, PRIMERO grado (2024): calificación «15» no permitida; "
        "calificaciones permitidas: AD, A, B, C, EXO."
    )


@pytest.mark.parametrize("valor", ["5", "021", "-1", "10.5", "", " 15", "ad", "D", "EXONERADO"])
def test_valores_mal_escritos_se_rechazan(valor):
    assert error_calificacion(valor, "SECUNDARIA", "CUARTO", 2010, "AREA") is not None
    assert error_calificacion(valor, "SECUNDARIA", "CUARTO", 2024, "AREA") is not None


def test_primaria_cneb_es_literal():
    assert escala("PRIMARIA", "SEXTO", 2017, "AREA") == LITERAL
    assert error_calificacion("14", "PRIMARIA", "SEXTO", 2017, "AREA") is not None
