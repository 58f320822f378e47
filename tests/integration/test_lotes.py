"""Bulk emission (lote): counts, failures with their reason, retry of a failure alone."""

from __future__ import annotations

from sqlalchemy import text

from services.emision.service_layer.handlers import MOTIVO_FALLA_TECNICA
from tests.integration import datos


def _preparar(sistema, n: int):
    ie = datos.institucion()
    estudiantes = [datos.estudiante() for _ in range(n)]
    datos.registrar_todo(sistema, ie, estudiantes[0])
    for est in estudiantes[1:]:
        datos.registrar_identidad(sistema, est)
        notas = sistema.clientes["notas"]
        assert (
            notas.put("/api/notas/estudiantes", json=est, headers=datos.director(ie)).status_code
            == 200
        )
        ruta = datos.ruta_estudiante(notas, est)
        for grado, cuerpo in datos.grados(ie):
            r = notas.put(
                f"{ruta}/grados/SECUNDARIA/{grado}",
                json=cuerpo,
                headers=datos.director(ie),
            )
            assert r.status_code == 200, r.get_json()
    sistema.entregar()
    sol = sistema.clientes["solicitudes"]
    numeros = []
    for est in estudiantes:
        r = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est))
        assert r.status_code == 201, r.get_json()
        numeros.append(r.get_json()["numero_solicitud"])
    return ie, estudiantes, numeros


def _version_adelantada(sistema, est: dict, delta: int) -> None:
    """solicitudes believes in a record version emision never receives (or back again)."""
    with sistema.apps["solicitudes"].extensions["mc"].engine.begin() as conn:
        conn.execute(
            text("UPDATE completitudes SET version = version + :d WHERE numero_documento = :n"),
            {"d": delta, "n": est["numero_documento"]},
        )


def test_un_lote_informa_su_avance_y_reintenta_la_falla_sola(sistema_pg):
    ie, estudiantes, numeros = _preparar(sistema_pg, 3)
    _version_adelantada(sistema_pg, estudiantes[1], 100)
    sol = sistema_pg.clientes["solicitudes"]
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": numeros},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    lote = r.get_json()["lote_id"]
    assert len(lote) == 32

    sistema_pg.entregar()
    avance = sol.get(f"/api/solicitudes/lotes/{lote}", headers=datos.director(ie)).get_json()
    assert (avance["total"], avance["emitidas"], avance["fallidas"], avance["en_emision"]) == (
        3,
        2,
        1,
        0,
    )
    assert avance["terminado"] is True
    [falla] = avance["fallas"]
    assert falla["numero_solicitud"] == numeros[1]
    assert falla["motivo_falla"] == MOTIVO_FALLA_TECNICA  # what the citizen reads too
    assert "el registro de notas aún no llega a emisión" in falla["detalle_tecnico"]

    r = sol.post(f"/api/solicitudes/lotes/{lote}/reintentos", json={}, headers=datos.director(ie))
    assert r.status_code == 202  # accepted; its cause is still there, so it fails again
    sistema_pg.entregar()
    avance = sol.get(f"/api/solicitudes/lotes/{lote}", headers=datos.director(ie)).get_json()
    assert (avance["emitidas"], avance["fallidas"]) == (2, 1)
    _version_adelantada(sistema_pg, estudiantes[1], -100)  # the data arrives after all
    r = sol.post(f"/api/solicitudes/lotes/{lote}/reintentos", json={}, headers=datos.director(ie))
    assert r.status_code == 202, r.get_json()
    assert r.get_json()["lote_id"] == lote
    assert [s["numero_solicitud"] for s in r.get_json()["solicitudes"]] == [numeros[1]]
    sistema_pg.entregar()
    avance = sol.get(f"/api/solicitudes/lotes/{lote}", headers=datos.director(ie)).get_json()
    assert (avance["emitidas"], avance["fallidas"], avance["fallas"]) == (3, 0, [])

    r = sol.post(f"/api/solicitudes/lotes/{lote}/reintentos", json={}, headers=datos.director(ie))
    assert r.status_code == 409
    assert (
        r.get_json()["error"]["mensaje"] == "El lote no tiene solicitudes fallidas que reintentar."
    )


def test_un_lote_solo_lo_ve_su_ambito(sistema_pg):
    ie, _, numeros = _preparar(sistema_pg, 1)
    sol = sistema_pg.clientes["solicitudes"]
    lote = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": numeros},
        headers=datos.director(ie),
    ).get_json()["lote_id"]
    url = f"/api/solicitudes/lotes/{lote}"
    assert sol.get(url).status_code == 401
    r = sol.get(url, headers=datos.director(datos.institucion()))
    assert r.status_code == 404  # another IE's director cannot even confirm it exists
    assert (
        sol.post(
            f"{url}/reintentos", json={}, headers=datos.director(datos.institucion())
        ).status_code
        == 404
    )
    assert sol.get(url, headers=datos.director(ie)).status_code == 200
    assert (
        sol.get("/api/solicitudes/lotes/no-existe", headers=datos.director(ie)).status_code == 404
    )
