"""Inicio's counts (GET /api/solicitudes/cifras) on PostgreSQL: one grouped query, scoped by
who asks — a director's IE, a UGEL's closed IEs, OACIGED's queue."""

from __future__ import annotations

import uuid

import pytest

from tests.integration import datos
from tests.integration.solicitudes.pasos import API, error, solicitar_ok

pytestmark = pytest.mark.integration
CEROS = {"pendientes": 0, "informacion_completa": 0, "en_emision": 0, "fallidas": 0}


def _cifras(sistema, cabecera: dict, **ie) -> dict:
    r = sistema.clientes["solicitudes"].get(f"{API}/cifras", headers=cabecera, query_string=ie)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _solicitud(sistema, ie: dict, completos: bool | None, **cambios) -> int:
    """A web request at ``ie``; the student's grades in notas unless ``completos`` is None."""
    est = datos.estudiante(fecha_nacimiento=cambios.pop("nacimiento", "2002-03-04"))
    if completos is None:
        datos.registrar_identidad(sistema, est)
    else:
        datos.registrar_estudiante(sistema, ie, est, completos)
    return solicitar_ok(sistema, ie, est, **cambios)["numero_solicitud"]


def _fallar(sistema, numero: int) -> None:
    """emision answers that it could not issue ``numero``."""
    sistema.publicador.enviar(
        "solicitudes",
        {
            "id": str(uuid.uuid4()),
            "type": "EmisionFallida",
            "version": 2,
            "occurred_at": "2026-12-01T15:30:00+00:00",
            "correlation_id": "x",
            "source": "emision",
            "payload": {"numero_solicitud": numero, "motivo_falla": "No se pudo guardar el PDF."},
        },
    )


def test_cifras_del_director_de_su_ie(sistema_pg):
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie)
    director = datos.director(ie)
    assert _cifras(sistema_pg, director) == CEROS
    completa, _incompleta, _sin_notas = (
        _solicitud(sistema_pg, ie, True),
        _solicitud(sistema_pg, ie, False),
        _solicitud(sistema_pg, ie, None),
    )
    en_emision, fallida = _solicitud(sistema_pg, ie, True), _solicitud(sistema_pg, ie, True)
    r = sistema_pg.clientes["solicitudes"].post(
        f"{API}/emisiones", json={"numeros_solicitud": [en_emision, fallida]}, headers=director
    )
    assert r.status_code == 202, r.get_json()
    _fallar(sistema_pg, fallida)

    # «Información completa» is what the semi-automatic screen lists: the complete pending one
    # and the failed one (it may be retried), not the one being issued.
    esperado = {"pendientes": 3, "informacion_completa": 2, "en_emision": 1, "fallidas": 1}
    assert _cifras(sistema_pg, director) == esperado
    semi = sistema_pg.clientes["solicitudes"].get(f"{API}/semiautomatica", headers=director)
    assert {s["numero_solicitud"] for s in semi.get_json()["solicitudes"]} == {completa, fallida}
    propia = {"codigo_modular": ie["codigo_modular"], "anexo": "0"}
    assert _cifras(sistema_pg, director, **propia) == esperado

    otra = datos.institucion()
    assert _cifras(sistema_pg, datos.director(otra)) == CEROS
    r = sistema_pg.clientes["solicitudes"].get(
        f"{API}/cifras", headers=datos.director(otra), query_string=propia
    )
    assert error(r, 403)["mensaje"] == (
        f"No puede ver las solicitudes de la institución educativa {ie['codigo_modular']}-0."
    )


def test_cifras_de_la_ugel_solo_de_sus_ie_cerradas_y_de_la_oaciged(sistema_pg):
    codigo_ugel = f"{uuid.uuid4().int % 10**6:06d}"
    activa = datos.institucion(codigo_ugel=codigo_ugel)
    cerrada = datos.institucion(codigo_ugel=codigo_ugel, estado="CERRADA")
    for ie in (activa, cerrada):
        datos.registrar_ie(sistema_pg, ie)
    oaciged_antes = _cifras(sistema_pg, datos.oaciged())
    _solicitud(sistema_pg, cerrada, True)
    _solicitud(sistema_pg, cerrada, None)
    _solicitud(sistema_pg, activa, True)
    _solicitud(sistema_pg, activa, None, nacimiento="1965-05-05", ultimo_anio=1982)

    ugel = datos.especialista(codigo_ugel)
    assert _cifras(sistema_pg, ugel) == {**CEROS, "pendientes": 2, "informacion_completa": 1}
    de_la_cerrada = {"codigo_modular": cerrada["codigo_modular"], "anexo": "0"}
    assert _cifras(sistema_pg, ugel, **de_la_cerrada)["pendientes"] == 2
    assert _cifras(sistema_pg, datos.especialista("150199")) == CEROS
    r = sistema_pg.clientes["solicitudes"].get(
        f"{API}/cifras", headers=ugel, query_string={"codigo_modular": activa["codigo_modular"]}
    )
    assert error(r, 403)["mensaje"] == (
        f"La institución educativa {activa['codigo_modular']}-0 está activa: la atiende su "
        "director, no la UGEL."
    )
    # The ≤ 1985 request is OACIGED's, not the director's.
    assert _cifras(sistema_pg, datos.director(activa))["pendientes"] == 1
    oaciged = _cifras(sistema_pg, datos.oaciged())
    assert oaciged["pendientes"] == oaciged_antes["pendientes"] + 1


def test_las_cifras_piden_un_rol_de_atencion(sistema_pg):
    sol = sistema_pg.clientes["solicitudes"]
    assert error(sol.get(f"{API}/cifras"), 401)
    assert error(sol.get(f"{API}/cifras", headers=datos.operaciones()), 403)
    r = sol.get(f"{API}/cifras", headers=datos.oaciged(), query_string={"anexo": "x"})
    assert error(r, 422)["campos"]["anexo"]
