"""OPERACIONES watches every lote's progress and the requests stuck EN EMISIÓN (issue 15)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.integration import datos
from tests.integration.test_lotes import _preparar

pytestmark = pytest.mark.integration
URL = "/api/solicitudes/operaciones"


def test_lotes_y_atascadas_en_emision(sistema_pg):
    ie, _estudiantes, numeros = _preparar(sistema_pg, 2)
    sol, ops = sistema_pg.clientes["solicitudes"], datos.operaciones()
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": numeros},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    lote_id = r.get_json()["lote_id"]

    assert sol.get(f"{URL}/lotes", headers=datos.director(ie)).status_code == 403
    [lote] = [
        x
        for x in sol.get(f"{URL}/lotes", headers=ops).get_json()["lotes"]
        if x["lote_id"] == lote_id
    ]
    assert (lote["total"], lote["en_emision"], lote["emitidas"], lote["terminado"]) == (
        2,
        2,
        0,
        False,
    )
    assert lote["codigo_modular"] == ie["codigo_modular"]

    with sistema_pg.apps["solicitudes"].extensions["mc"].engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE solicitudes SET emision_ordenada_en = emision_ordenada_en"
                " - interval '45 minutes' WHERE numero_solicitud = :n"
            ),
            {"n": numeros[0]},
        )
    atascadas = sol.get(f"{URL}/atascadas", query_string={"minutos": 30}, headers=ops).get_json()
    mias = [s for s in atascadas["solicitudes"] if s["numero_solicitud"] in numeros]
    assert [(s["numero_solicitud"], s["lote_id"]) for s in mias] == [(numeros[0], lote_id)]
    assert mias[0]["minutos"] >= 45 and "numero_documento" not in mias[0]
    malo = sol.get(f"{URL}/atascadas", query_string={"minutos": 0}, headers=ops)
    assert malo.status_code == 422 and "minutos" in malo.get_json()["error"]["campos"]

    sistema_pg.entregar()
    [lote] = [
        x
        for x in sol.get(f"{URL}/lotes", headers=ops).get_json()["lotes"]
        if x["lote_id"] == lote_id
    ]
    assert (lote["emitidas"], lote["en_emision"], lote["terminado"]) == (2, 0, True)
