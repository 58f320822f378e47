"""Kept summaries (issue 17): served from memory, never stale after a supersede or annulment.

Each web process keeps the VIGENTE, ANULADO and SUSTITUIDO summaries it served; a change
commits a NOTIFY that every process listens to. Here: the app's own cache (the consumer runs
in this process) and a second cache standing for another gunicorn worker, which only the NOTIFY
can reach.
"""

from __future__ import annotations

import time

import pytest

from services.verificacion.adapters.cache_resumenes import CacheResumenes, para
from tests.integration import datos
from tests.integration.verificacion.conftest import emitir

pytestmark = pytest.mark.integration

API = "/api/verificacion/certificados"


def _escuchando(cache: CacheResumenes, limite: float = 10.0) -> CacheResumenes:
    fin = time.monotonic() + limite
    while cache.generacion() is None:
        assert time.monotonic() < fin, "la caché no llegó a escuchar los avisos"
        time.sleep(0.05)
    return cache


def _hasta(condicion, limite: float = 10.0) -> bool:
    fin = time.monotonic() + limite
    while not condicion():
        if time.monotonic() > fin:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def otro_proceso(sistema_v):
    """A cache like another gunicorn worker's: same schema, its own listening connection."""
    cache = para(sistema_v.apps["verificacion"].extensions["mc"].config)
    yield _escuchando(cache)
    cache.detener()


def _cache_de_la_app(sistema) -> CacheResumenes:
    return _escuchando(sistema.apps["verificacion"].extensions["mc"].uow_factory().resumenes)


def _clave(codigo: str) -> str:
    return codigo.replace("-", "")


def test_una_anulacion_se_ve_en_seguida_aunque_el_resumen_estuviera_guardado(
    sistema_v, otro_proceso
):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_v, ie, est)
    codigo = emitir(sistema_v, ie, est)
    cache = _cache_de_la_app(sistema_v)
    cliente = sistema_v.clientes["verificacion"]
    assert cliente.get(f"{API}/{codigo}").get_json()["estado"] == "VIGENTE"
    assert cache.obtener(_clave(codigo))["estado"] == "VIGENTE"  # kept: the next one is free
    vigente = cliente.get(f"{API}/{codigo}").get_json()
    otro_proceso.guardar(_clave(codigo), vigente, otro_proceso.generacion())

    r = sistema_v.clientes["emision"].post(
        f"/api/emision/certificados/{codigo}/anulacion",
        json={"motivo_anulacion": "Calificación equivocada en el segundo grado."},
        headers=datos.director(ie),
    )
    assert r.status_code == 200, r.get_json()
    sistema_v.entregar()

    # This process answers the new state at once; the other drops its copy on the NOTIFY.
    r = cliente.get(f"{API}/{codigo}").get_json()
    assert r["estado"] == "ANULADO" and r["motivo_anulacion"].startswith("Calificación")
    assert _hasta(lambda: otro_proceso.obtener(_clave(codigo)) is None)
    pagina = cliente.get(f"/v/{codigo}").get_data(as_text=True)
    assert "ANULADO" in pagina


def test_una_sustitucion_invalida_el_resumen_de_toda_la_cadena(sistema_v, otro_proceso):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_v, ie, est)
    primero = emitir(sistema_v, ie, est)
    cliente = sistema_v.clientes["verificacion"]
    cache = _cache_de_la_app(sistema_v)
    vigente = cliente.get(f"{API}/{primero}").get_json()
    assert vigente["estado"] == "VIGENTE"
    otro_proceso.guardar(_clave(primero), vigente, otro_proceso.generacion())

    segundo = emitir(sistema_v, ie, est)  # the same student again: the first is superseded

    r = cliente.get(f"{API}/{primero}").get_json()
    assert r["estado"] == "SUSTITUIDO" and r["sustituido_por"] == segundo
    assert _hasta(lambda: otro_proceso.obtener(_clave(primero)) is None)
    # A superseded summary is kept too: it names the newest of its chain...
    assert cache.obtener(_clave(primero))["sustituido_por"] == segundo
    otro_proceso.guardar(_clave(primero), r, otro_proceso.generacion())
    # ...until a later one of the chain is superseded: the older ones are told as well.
    tercero = emitir(sistema_v, ie, est)
    assert cliente.get(f"{API}/{primero}").get_json()["sustituido_por"] == tercero
    assert cliente.get(f"{API}/{segundo}").get_json()["sustituido_por"] == tercero
    assert _hasta(lambda: otro_proceso.obtener(_clave(primero)) is None)
    cuarto = emitir(sistema_v, ie, est)  # three links back: still told
    assert cache.obtener(_clave(primero)) is None
    assert cliente.get(f"{API}/{primero}").get_json()["sustituido_por"] == cuarto


def test_lo_leido_antes_de_un_aviso_no_se_guarda_y_sin_escucha_no_se_sirve(sistema_v):
    config = sistema_v.apps["verificacion"].extensions["mc"].config
    cache = _escuchando(para(config))
    try:
        vigente = {"codigo_virtual": "X", "estado": "VIGENTE"}
        antes = cache.generacion()
        cache.invalidar("OTRO")  # a notice arrives while the lookup reads the database
        cache.guardar("X", vigente, antes)
        assert cache.obtener("X") is None
        cache.guardar("X", vigente, cache.generacion())
        assert cache.obtener("X") == vigente
        # Not found now may be issued later (its CertificadoEmitido on the way): not kept.
        cache.guardar("Y", {"estado": "NO_ENCONTRADO"}, cache.generacion())
        assert cache.obtener("Y") is None
    finally:
        cache.detener()
    # Stopped listening: a notice could be missed, so nothing is served from memory.
    assert _hasta(lambda: cache.obtener("X") is None, limite=15)
