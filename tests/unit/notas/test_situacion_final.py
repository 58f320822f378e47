"""The suggested situación final: flagged when the acta contradicts a known rule, never saved."""

from __future__ import annotations

from datetime import date

import pytest

from services.notas.domain.modelo import Calificacion, Estudiante, GradoCursado
from services.notas.domain.situacion_final import sugerir


def _grado(anio: int, situacion: str | None, notas: list[str], grado="TERCERO") -> GradoCursado:
    calificaciones = [Calificacion(f"ÁREA {i}", "AREA", n, i) for i, n in enumerate(notas)]
    return GradoCursado("SECUNDARIA", "EBR", grado, anio, "0584714", "0", situacion, calificaciones)


@pytest.mark.parametrize(
    ("anio", "situacion", "notas", "sugerida"),
    [
        (2021, "PERMANECE EN EL GRADO", ["AD", "C", "C"], "PROMOCIÓN GUIADA"),
        (2020, "DESAPROBADO", ["08", "09"], "PROMOCIÓN GUIADA"),
        (2015, "PROMOCIÓN GUIADA", ["14", "15"], "APROBADO"),
        (2015, "PROMOCIÓN GUIADA", ["08", "09", "10", "07"], "PERMANECE EN EL GRADO"),
        (2010, "APROBADO", ["08", "09", "14"], "REQUIERE RECUPERACIÓN"),
        (2010, "PROMOVIDO", ["08", "09", "10", "05", "14"], "PERMANECE EN EL GRADO"),
        (2010, "REQUIERE RECUPERACIÓN", ["11", "12", "EXO"], "APROBADO"),
    ],
)
def test_situacion_inconsistente_se_senala_con_una_sugerencia(anio, situacion, notas, sugerida):
    sugerencia = sugerir(_grado(anio, situacion, notas))
    assert sugerencia is not None and sugerencia.situacion_final == sugerida
    assert sugerencia.motivo


@pytest.mark.parametrize(
    ("anio", "situacion", "notas"),
    [
        (2010, "APROBADO", ["14", "15", "EXO"]),
        (2010, "APROBADO", ["08", "15"]),  # one area may be carried over: not a contradiction
        (2010, "PERMANECE EN EL GRADO", ["08", "09", "10", "07"]),
        (2010, "REQUIERE RECUPERACIÓN", ["08", "09", "14"]),
        (2021, "PROMOCIÓN GUIADA", ["B", "C"]),
        (2024, "DESAPROBADO", ["C", "C"]),  # literal scale: thresholds unconfirmed, no rule
        (2010, "RETIRADO", ["08", "09", "10", "07"]),
        (2010, None, ["08"]),
    ],
)
def test_situacion_consistente_o_sin_regla_no_se_senala(anio, situacion, notas):
    assert sugerir(_grado(anio, situacion, notas)) is None


def test_la_sugerencia_no_cambia_lo_que_dice_el_acta():
    est = Estudiante("DNI", "71234567", "ANA", "ROJAS", "", date(1990, 1, 1))
    est.registrar_grado(_grado(2010, "APROBADO", ["08", "09", "14"], grado="PRIMERO"))
    [primero] = est.grados_de("SECUNDARIA")
    assert primero.situacion_final == "APROBADO"
    assert est.registro("SECUNDARIA")["grados"][0]["situacion_final"] == "APROBADO"
