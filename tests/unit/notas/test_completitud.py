"""Data completeness: what a director still has to enter before a record can be printed."""

from __future__ import annotations

from datetime import date

import pytest

from services.notas.domain.institucion import Parametros
from services.notas.domain.modelo import (
    COMPLETA,
    INCOMPLETA,
    SIN_INFORMACION,
    Calificacion,
    Estudiante,
    GradoCursado,
)
from shared.errores import ErrorDeDominio

CNEB_MATEMATICA = [
    "Resuelve problemas de cantidad",
    "Resuelve problemas de regularidad, equivalencia y cambio",
    "Resuelve problemas de forma, movimiento y localización",
    "Resuelve problemas de gestión de datos e incertidumbre",
]


def _estudiante() -> Estudiante:
    return Estudiante("DNI", "71234567", "ROSA", "HUAMÁN", "TORRES", date(2014, 1, 2))


def _por_competencias(notas: list[str | None]) -> Calificacion:
    return Calificacion(
        "MATEMÁTICA",
        "AREA",
        None,
        0,
        [{"nombre": n, "calificacion": c} for n, c in zip(CNEB_MATEMATICA, notas, strict=True)],
    )


def _grado(grado="PRIMERO", anio=2021, calificaciones=None, situacion="PROMOCIÓN GUIADA", **kw):
    if calificaciones is None:
        calificaciones = [_por_competencias(["A", "B", "A", "AD"])]
    return GradoCursado(
        "PRIMARIA", "EBR", grado, anio, "0584714", "0", situacion, calificaciones, **kw
    )


def test_por_competencias_se_completa_al_calificar_cada_competencia():
    est = _estudiante()
    est.registrar_grado(_grado(anio=2019, calificaciones=[_por_competencias([None] * 4)]))
    assert est.completitud("PRIMARIA") == INCOMPLETA
    assert [p.motivo for p in est.pendientes("PRIMARIA")][:1] == [
        "PRIMERO: falta la calificación de «MATEMÁTICA» – «Resuelve problemas de cantidad»."
    ]
    est.registrar_grado(
        _grado(anio=2019, calificaciones=[_por_competencias(["A", "B", None, "C"])])
    )
    assert len(est.pendientes("PRIMARIA")) == 1
    est.registrar_grado(_grado(anio=2019, calificaciones=[_por_competencias(["A", "B", "B", "C"])]))
    assert est.completitud("PRIMARIA") == COMPLETA


@pytest.mark.parametrize(
    ("anio", "esperada"), [(2020, COMPLETA), (2021, COMPLETA), (2022, INCOMPLETA)]
)
def test_en_2020_y_2021_una_competencia_podia_quedar_en_blanco(anio, esperada):
    est = _estudiante()
    est.registrar_grado(
        _grado(anio=anio, calificaciones=[_por_competencias(["A", None, "B", "B"])])
    )
    assert est.completitud("PRIMARIA") == esperada


def test_pero_no_toda_el_area_en_blanco():
    est = _estudiante()
    est.registrar_grado(_grado(anio=2021, calificaciones=[_por_competencias([None] * 4)]))
    assert est.completitud("PRIMARIA") == INCOMPLETA


def test_un_area_exonerada_no_califica_sus_competencias():
    religion = Calificacion(
        "EDUCACIÓN RELIGIOSA",
        "AREA",
        "EXO",
        1,
        [{"nombre": "Construye su identidad…", "calificacion": "A"}],
    )
    with pytest.raises(ErrorDeDominio) as exc:
        _estudiante().registrar_grado(_grado(calificaciones=[religion]))
    assert exc.value.campo == "calificaciones.0.competencias.0.calificacion"
    assert "está exonerada" in exc.value.mensaje


def test_una_competencia_fuera_de_escala_lista_lo_permitido_sin_exo():
    with pytest.raises(ErrorDeDominio) as exc:
        _estudiante().registrar_grado(
            _grado(calificaciones=[_por_competencias(["A", "15", "A", "A"])])
        )
    assert exc.value.campo == "calificaciones.0.competencias.1.calificacion"
    competencia = CNEB_MATEMATICA[1]
    assert exc.value.mensaje == (
        f"MATEMÁTICA ({competencia}), PRIMERO grado (2021): calificación «15» no permitida; "
        "calificaciones permitidas: AD, A, B, C."
    )


def test_grado_que_no_aplica_no_se_cuenta_ni_se_imprime_pero_su_observacion_si():
    est = _estudiante()
    observacion = {
        "tipo": "TRASLADO",
        "anio": 2020,
        "resolucion": "RD 045-2020",
        "motivo": "Cambio",
    }
    est.registrar_grado(
        _grado("PRIMERO", 2020, [], None, aplica=False, observaciones=[observacion])
    )
    assert est.completitud("PRIMARIA") == SIN_INFORMACION  # nothing that applies
    est.registrar_grado(_grado("SEGUNDO", 2021))
    assert est.completitud("PRIMARIA") == COMPLETA
    registro = est.registro("PRIMARIA")
    assert [g["grado"] for g in registro["grados"]] == ["SEGUNDO"]
    assert registro["observaciones"] == [observacion]


def test_un_hueco_entre_grados_deja_el_registro_incompleto():
    est = _estudiante()
    est.registrar_grado(_grado("PRIMERO", 2020))
    est.registrar_grado(_grado("TERCERO", 2022, calificaciones=[Calificacion("ARTE", "AREA", "A")]))
    [hueco] = est.pendientes("PRIMARIA")
    assert (hueco.grado, hueco.campo) == ("SEGUNDO", "grado")
    assert est.completitud("PRIMARIA") == INCOMPLETA


def test_retirado_no_exige_todas_las_notas():
    est = _estudiante()
    est.registrar_grado(
        _grado(anio=2019, calificaciones=[_por_competencias([None] * 4)], situacion="RETIRADO")
    )
    assert est.completitud("PRIMARIA") == COMPLETA


def test_parametros_cuentan_areas_sin_exo_y_talleres():
    notas = [Calificacion(f"ÁREA {i}", "AREA", "A", i) for i in range(3)]
    notas += [Calificacion("RELIGIÓN", "AREA", "EXO", 3), Calificacion("DANZA", "TALLER", "A", 4)]
    grado = _grado(anio=2010, calificaciones=notas, situacion="APROBADO")
    assert (grado.cantidad_areas(), grado.cantidad_talleres()) == (3, 1)
    assert grado.leyenda() == {
        "AREA OFICIAL": 4,
        "TALLERES": 1,
        "COMPETENCIAS NO ASOCIADAS A ÁREAS": 0,
    }
    assert not grado.completo(Parametros())  # the seed's default: no talleres
    assert grado.completo(Parametros(max_talleres=1))
    assert not grado.completo(Parametros(min_areas=4, max_talleres=1))
    assert not grado.completo(Parametros(max_areas=2, max_talleres=1))


def test_parametros_invalidos():
    with pytest.raises(ErrorDeDominio) as exc:
        Parametros(min_talleres=2, max_talleres=1).validar()
    assert exc.value.campo == "min_talleres"
    with pytest.raises(ErrorDeDominio) as exc:
        Parametros(min_areas=-1).validar()
    assert (exc.value.campo, exc.value.mensaje) == ("min_areas", "Debe estar entre 0 y 60.")


def test_ciclos_de_eba_tienen_sus_grados_y_exigen_la_modalidad():
    est = _estudiante()
    cuarto = GradoCursado(
        "CICLO AVANZADO", "EBA", "CUARTO", 2010, "0584714", "0", "APROBADO",
        [Calificacion("MATEMÁTICA", "AREA", "14")],
    )  # fmt: skip
    est.registrar_grado(cuarto)
    with pytest.raises(ErrorDeDominio) as exc:
        est.registrar_grado(
            GradoCursado("CICLO AVANZADO", "EBA", "QUINTO", 2011, "0584714", "0", None, [])
        )
    assert exc.value.mensaje == "El nivel CICLO AVANZADO no tiene el grado QUINTO."
    with pytest.raises(ErrorDeDominio) as exc:
        est.registrar_grado(
            GradoCursado("CICLO INICIAL", "EBR", "PRIMERO", 2011, "0584714", "0", None, [])
        )
    assert exc.value.campo == "modalidad"
