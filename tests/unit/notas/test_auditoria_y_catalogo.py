"""What the audit trail records for a save, and the catalog shipped with the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.notas.adapters.catalogo_csv import CatalogoInvalido, leer_catalogo
from services.notas.domain.auditoria import Cambio, cambios_entre
from services.notas.domain.modelo import Calificacion, GradoCursado


def _grado(situacion, calificaciones, aplica=True) -> GradoCursado:
    return GradoCursado(
        "PRIMARIA", "EBR", "SEXTO", 2021, "0584714", "0", situacion, calificaciones, aplica
    )


def _mate(*notas) -> Calificacion:
    nombres = ("Resuelve problemas de cantidad", "Resuelve problemas de forma")
    competencias = [{"nombre": n, "calificacion": c} for n, c in zip(nombres, notas, strict=True)]
    return Calificacion("MATEMÁTICA", "AREA", None, 0, competencias)


def test_cambios_de_competencia_situacion_y_aplica():
    antes = _grado("PROMOCIÓN GUIADA", [_mate("B", None), Calificacion("ARTE", "AREA", "A", 1)])
    despues = _grado("APROBADO", [_mate("A", "B")], aplica=False)
    assert cambios_entre(antes, despues) == [
        Cambio("PRIMARIA", "SEXTO", "situacion_final", "PROMOCIÓN GUIADA", "APROBADO"),
        Cambio("PRIMARIA", "SEXTO", "aplica", "SÍ", "NO"),
        Cambio(
            "PRIMARIA", "SEXTO", "competencia", "B", "A",
            "MATEMÁTICA", "Resuelve problemas de cantidad",
        ),
        Cambio(
            "PRIMARIA", "SEXTO", "competencia", "", "B",
            "MATEMÁTICA", "Resuelve problemas de forma",
        ),
        Cambio("PRIMARIA", "SEXTO", "calificacion", "A", None, "ARTE"),
    ]  # fmt: skip


def test_guardar_lo_mismo_no_registra_cambios():
    grado = _grado("APROBADO", [_mate("A", "B")])
    assert cambios_entre(grado, _grado("APROBADO", [_mate("A", "B")])) == []


def test_el_catalogo_del_repositorio_se_lee_y_tiene_lo_que_pide_el_issue():
    disenos, areas = leer_catalogo()
    codigos = {d["codigo"]: d for d in disenos}
    assert (
        codigos["EBR-SEC-ANTERIOR"]["anio_inicio"]
        <= 1998
        <= codigos["EBR-SEC-ANTERIOR"]["anio_fin"]
    )
    assert (
        codigos["EBR-SEC-CNEB"]["por_competencias"] and codigos["EBR-SEC-CNEB"]["anio_fin"] is None
    )
    por_diseno: dict[str, dict[str, dict]] = {}
    for a in areas:
        por_diseno.setdefault(a["diseno_curricular"], {})[a["nombre"]] = a
    for nombre in ("BIOLOGÍA", "FÍSICA", "QUÍMICA", "FAMILIA Y CIVISMO", "HISTORIA DEL PERÚ"):
        assert nombre in por_diseno["EBR-SEC-ANTERIOR"]
    assert len(por_diseno["EBR-SEC-DCN2009"]) == 11
    cneb = por_diseno["EBR-SEC-CNEB"]
    assert len(cneb["MATEMÁTICA"]["competencias"]) == 4
    assert len(cneb["DESARROLLO PERSONAL, CIUDADANÍA Y CÍVICA"]["competencias"]) == 2
    assert (
        cneb["GESTIONA SU APRENDIZAJE DE MANERA AUTÓNOMA"]["tipo_area"] == "COMPETENCIA_TRANSVERSAL"
    )
    assert len(por_diseno["EBR-PRI-CNEB"]["PERSONAL SOCIAL"]["competencias"]) == 5


def test_un_catalogo_mal_escrito_dice_archivo_y_linea(tmp_path: Path):
    (tmp_path / "disenos_curriculares.csv").write_text(
        "codigo,nombre,modalidad,nivel,anio_inicio,anio_fin,por_competencias\n"
        "X,DISEÑO X,EBR,SECUNDARIA,2009,,NO\n",
        encoding="utf-8",
    )
    (tmp_path / "areas_curriculares.csv").write_text(
        "diseno_curricular,tipo_area,area,competencias\nX,AREA,MATEMÁTICA,\nX,MATERIA,ARTE,\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogoInvalido, match="areas_curriculares.csv, línea 3: tipo_area"):
        leer_catalogo(tmp_path)
