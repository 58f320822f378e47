"""A student's grade record: what directors enter, and what the queue and the CE are built from."""

from __future__ import annotations

from datetime import date

import pytest

from services.notas.domain.modelo import (
    COMPLETA,
    INCOMPLETA,
    SIN_INFORMACION,
    Calificacion,
    Estudiante,
    GradoCursado,
    Institucion,
)
from shared.errores import ErrorDeDominio


def _estudiante() -> Estudiante:
    return Estudiante("DNI", "71234567", "JOSÉ MARÍA", "ÑAHUI", "QUISPE", date(2005, 4, 1))


def _grado(
    grado: str = "PRIMERO",
    anio: int = 2010,
    notas: tuple = (("MATEMÁTICA", "14"), ("COMUNICACIÓN", "12")),
    situacion: str | None = "APROBADO",
    nivel: str = "SECUNDARIA",
) -> GradoCursado:
    calificaciones = [
        Calificacion(area, "AREA", nota, orden=i) for i, (area, nota) in enumerate(notas)
    ]
    return GradoCursado(nivel, "EBR", grado, anio, "0584714", "0", situacion, calificaciones)


def test_institucion_se_muestra_con_codigo_y_anexo():
    ie = Institucion(
        "0584714", "0", "I.E. MARIÁTEGUI", "ACTIVA", "150103", "UGEL 03", "EBR", ["SECUNDARIA"]
    )
    assert ie.codigo == "0584714-0"


def test_nota_vigesimal_en_anio_literal_se_rechaza_senalando_la_celda():
    est = _estudiante()
    malo = _grado("TERCERO", 2021, notas=(("MATEMÁTICA", "AD"), ("COMUNICACIÓN", "15")))
    with pytest.raises(ErrorDeDominio) as exc:
        est.registrar_grado(malo)
    assert exc.value.campo == "calificaciones.1.calificacion"
    assert exc.value.mensaje.startswith("COMUNICACIÓN, TERCERO grado (2021): calificación «15»")
    assert "AD, A, B, C" in exc.value.mensaje
    # nothing was recorded
    assert est.version == 0
    assert est.completitud("SECUNDARIA") == SIN_INFORMACION


def test_area_repetida_se_rechaza():
    est = _estudiante()
    with pytest.raises(ErrorDeDominio) as exc:
        est.registrar_grado(_grado(notas=(("MATEMÁTICA", "14"), ("MATEMÁTICA", "15"))))
    assert exc.value.campo == "calificaciones.1.area"
    assert exc.value.mensaje == "El área «MATEMÁTICA» está repetida."


def test_una_nota_invalida_no_estropea_lo_ya_registrado():
    est = _estudiante()
    est.registrar_grado(_grado("PRIMERO", 2010))
    with pytest.raises(ErrorDeDominio):
        est.registrar_grado(_grado("PRIMERO", 2010, notas=(("MATEMÁTICA", "21"),)))
    [primero] = est.grados_de("SECUNDARIA")
    assert [c.calificacion for c in primero.calificaciones] == ["14", "12"]
    assert est.version == 1


def test_reemplazar_un_grado_deja_uno_solo_y_sube_la_version():
    est = _estudiante()
    est.registrar_grado(_grado("PRIMERO", 2010, notas=(("MATEMÁTICA", "09"),), situacion=None))
    assert est.version == 1
    est.registrar_grado(_grado("PRIMERO", 2011, notas=(("MATEMÁTICA", "13"),)))
    assert est.version == 2
    [primero] = est.grados_de("SECUNDARIA")
    assert primero.anio_lectivo == 2011
    assert primero.situacion_final == "APROBADO"
    assert [c.calificacion for c in primero.calificaciones] == ["13"]


def test_mismo_grado_en_otro_nivel_es_otro_grado():
    est = _estudiante()
    est.registrar_grado(_grado("PRIMERO", 2004, nivel="PRIMARIA", notas=(("MATEMÁTICA", "A"),)))
    est.registrar_grado(_grado("PRIMERO", 2010))
    assert len(est.grados_de("PRIMARIA")) == 1
    assert len(est.grados_de("SECUNDARIA")) == 1
    assert est.version == 2


def test_completitud_sin_informacion_incompleta_y_completa():
    est = _estudiante()
    assert est.completitud("SECUNDARIA") == SIN_INFORMACION

    est.registrar_grado(_grado("PRIMERO", 2010, notas=(("MATEMÁTICA", "14"), ("ARTE", None))))
    assert est.completitud("SECUNDARIA") == INCOMPLETA  # a missing grade

    est.registrar_grado(_grado("PRIMERO", 2010, situacion=None))
    assert est.completitud("SECUNDARIA") == INCOMPLETA  # no situación final

    est.registrar_grado(_grado("PRIMERO", 2010, notas=()))
    assert est.completitud("SECUNDARIA") == INCOMPLETA  # no grades at all

    est.registrar_grado(_grado("PRIMERO", 2010))
    assert est.completitud("SECUNDARIA") == COMPLETA

    est.registrar_grado(_grado("SEGUNDO", 2011, situacion=None))
    assert est.completitud("SECUNDARIA") == INCOMPLETA  # one incomplete grade is enough

    assert est.completitud("PRIMARIA") == SIN_INFORMACION


def test_exo_cuenta_como_calificacion_completa():
    est = _estudiante()
    est.registrar_grado(_grado(notas=(("MATEMÁTICA", "14"), ("EDUCACIÓN RELIGIOSA", "EXO"))))
    assert est.completitud("SECUNDARIA") == COMPLETA


def test_registro_ordena_los_grados_y_lleva_exo():
    est = _estudiante()
    for grado, anio in [("QUINTO", 2014), ("PRIMERO", 2010), ("TERCERO", 2012)]:
        est.registrar_grado(_grado(grado, anio))
    est.registrar_grado(_grado("SEGUNDO", 2011, notas=(("EDUCACIÓN RELIGIOSA", "EXO"),)))
    est.registrar_grado(_grado("CUARTO", 2013))

    registro = est.registro("SECUNDARIA")
    assert registro["nivel"] == "SECUNDARIA"
    assert registro["modalidad"] == "EBR"
    assert registro["version_registro"] == 5
    assert [g["grado"] for g in registro["grados"]] == [
        "PRIMERO",
        "SEGUNDO",
        "TERCERO",
        "CUARTO",
        "QUINTO",
    ]
    assert [g["anio_lectivo"] for g in registro["grados"]] == [2010, 2011, 2012, 2013, 2014]
    segundo = registro["grados"][1]
    assert segundo["calificaciones"] == [
        {
            "area": "EDUCACIÓN RELIGIOSA",
            "tipo_area": "AREA",
            "calificacion": "EXO",
            "competencias": [],
        }
    ]
    assert segundo["codigo_modular"] == "0584714" and segundo["anexo"] == "0"
    assert segundo["situacion_final"] == "APROBADO"


def test_registro_respeta_el_orden_de_las_areas():
    est = _estudiante()
    calificaciones = [
        Calificacion("COMUNICACIÓN", "AREA", "12", orden=2),
        Calificacion("MATEMÁTICA", "AREA", "14", orden=1),
        Calificacion("TALLER DE CARPINTERÍA", "TALLER", "A", orden=3),
    ]
    est.registrar_grado(
        GradoCursado(
            "SECUNDARIA", "EBR", "PRIMERO", 2010, "0584714", "0", "APROBADO", calificaciones
        )
    )
    [grado] = est.registro("SECUNDARIA")["grados"]
    assert [c["area"] for c in grado["calificaciones"]] == [
        "MATEMÁTICA",
        "COMUNICACIÓN",
        "TALLER DE CARPINTERÍA",
    ]


def test_registro_vacio():
    assert _estudiante().registro("PRIMARIA") == {
        "nivel": "PRIMARIA",
        "modalidad": "EBR",
        "version_registro": 0,
        "grados": [],
        "observaciones": [],
        # the seed's defaults when no IE says otherwise
        "parametros": {"min_areas": 1, "max_areas": 10, "min_talleres": 0, "max_talleres": 0},
    }


def test_datos_personales():
    assert _estudiante().datos_personales() == {
        "tipo_documento": "DNI",
        "numero_documento": "71234567",
        "nombres": "JOSÉ MARÍA",
        "primer_apellido": "ÑAHUI",
        "segundo_apellido": "QUISPE",
        "fecha_nacimiento": "2005-04-01",
        "pais": "PERÚ",
    }


def test_secundaria_no_tiene_sexto_grado():
    est = _estudiante()
    with pytest.raises(ErrorDeDominio) as error:
        est.registrar_grado(_grado("SEXTO", 2015))
    assert error.value.mensaje == "El nivel SECUNDARIA no tiene el grado SEXTO."
    assert error.value.campo == "grado"
    assert est.grados == []
