"""Issue 10, defect 2: a record is complete for a request only if it reaches what it declares."""

from __future__ import annotations

from shared.cobertura import (
    COMPLETA,
    INCOMPLETA,
    SIN_INFORMACION,
    Declarado,
    completitud_de_la_solicitud,
    faltantes,
    grados_del_registro,
)


def _grados(*pares: tuple[str, int]) -> list[dict]:
    return [{"grado": g, "anio_lectivo": a} for g, a in pares]


TERCERO_1995 = _grados(("PRIMERO", 1993), ("SEGUNDO", 1994), ("TERCERO", 1995))
QUINTO_1997 = Declarado("QUINTO", 1997)


def test_primero_a_tercero_no_alcanza_quinto_de_1997():
    assert faltantes(TERCERO_1995, QUINTO_1997) == [
        "Faltan las notas de CUARTO y QUINTO.",
        "El último año registrado es 1995; la solicitud declara 1997.",
    ]
    estado, motivos = completitud_de_la_solicitud(COMPLETA, [], TERCERO_1995, QUINTO_1997)
    assert estado == INCOMPLETA
    assert "Faltan las notas de CUARTO y QUINTO." in motivos


def test_un_grado_que_falta_y_el_anio_que_alcanza():
    cuarto = TERCERO_1995 + _grados(("CUARTO", 1997))
    assert faltantes(cuarto, QUINTO_1997) == ["Faltan las notas de QUINTO."]
    assert faltantes(_grados(("PRIMERO", 1996)), QUINTO_1997) == [
        "Faltan las notas de SEGUNDO, TERCERO, CUARTO y QUINTO.",
        "El último año registrado es 1996; la solicitud declara 1997.",
    ]


def test_el_registro_que_llega_al_grado_y_al_anio_declarados_esta_completo():
    quinto = TERCERO_1995 + _grados(("CUARTO", 1996), ("QUINTO", 1997))
    assert faltantes(quinto, QUINTO_1997) == []
    assert completitud_de_la_solicitud(COMPLETA, [], quinto, QUINTO_1997) == (COMPLETA, [])


def test_lo_que_falta_en_el_propio_registro_se_conserva():
    quinto = TERCERO_1995 + _grados(("CUARTO", 1996), ("QUINTO", 1997))
    pendientes = ["QUINTO: falta la situación final."]
    assert completitud_de_la_solicitud(INCOMPLETA, pendientes, quinto, QUINTO_1997) == (
        INCOMPLETA,
        pendientes,
    )
    estado, motivos = completitud_de_la_solicitud(None, [], [], QUINTO_1997)
    assert estado == SIN_INFORMACION and motivos


def test_la_consolidada_necesita_la_parte_oaciged_y_la_de_la_ie():
    consolidada = Declarado("QUINTO", 1988, consolidada=True)
    solo_ie = _grados(
        ("PRIMERO", 1984), ("SEGUNDO", 1985), ("TERCERO", 1986), ("CUARTO", 1987), ("QUINTO", 1988)
    )
    assert faltantes(solo_ie, consolidada) == []
    sin_oaciged = [{**g, "anio_lectivo": g["anio_lectivo"] + 2} for g in solo_ie]
    assert faltantes(sin_oaciged, consolidada) == [
        "Faltan las notas de los años hasta 1985 (parte de la OACIGED)."
    ]
    solo_oaciged = _grados(("PRIMERO", 1984), ("SEGUNDO", 1985))
    assert faltantes(solo_oaciged, consolidada) == [
        "Faltan las notas de TERCERO, CUARTO y QUINTO.",
        "El último año registrado es 1985; la solicitud declara 1988.",
        "Faltan las notas de los años posteriores a 1985 (parte de la institución educativa).",
    ]
    # The same grades for a request that is not consolidated: the 1985 years are no issue.
    assert faltantes(sin_oaciged, Declarado("QUINTO", 1990)) == []


def test_grados_del_registro_publicado():
    registro = {"grados": [{"grado": "PRIMERO", "anio_lectivo": 1993, "calificaciones": []}]}
    assert grados_del_registro(registro) == [{"grado": "PRIMERO", "anio_lectivo": 1993}]
    assert grados_del_registro({}) == []
