"""A record that arrives while a request is being filed still judges that request.

Filing a request judges it by solicitudes' copy of the record; a newer version of the record
judges the open requests again. If the new version is applied while the request's transaction
is still open, it must wait for it (and then judge it), or the request keeps the old verdict.
Seen in the end-to-end run: INFORMACIÓN COMPLETA never reached the director's queue.
"""

from __future__ import annotations

import threading

import pytest

from services.solicitudes.adapters.repositorio import RepositorioSolicitudes
from tests.integration import datos
from tests.integration.solicitudes.pasos import cola, solicitar_ok


def _grados(sistema, ie: dict, est: dict, *nombres: str) -> None:
    ruta = datos.ruta_estudiante(sistema.clientes["notas"], est)
    for grado, cuerpo in datos.grados(ie):
        if grado in nombres:
            r = sistema.clientes["notas"].put(
                f"{ruta}/grados/SECUNDARIA/{grado}",
                json=cuerpo,
                headers=datos.director(ie),
            )
            assert r.status_code == 200, r.get_json()


@pytest.mark.parametrize("con_copia", [True, False], ids=["copia-previa", "sin-copia"])
def test_el_registro_que_llega_durante_la_solicitud_la_juzga(sistema_pg, monkeypatch, con_copia):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_ie(sistema_pg, ie)
    datos.registrar_identidad(sistema_pg, est)
    r = sistema_pg.clientes["notas"].put(
        "/api/notas/estudiantes", json=est, headers=datos.director(ie)
    )
    assert r.status_code == 200, r.get_json()
    if con_copia:
        _grados(sistema_pg, ie, est, "PRIMERO")
        sistema_pg.entregar()  # solicitudes holds an incomplete copy
        _grados(sistema_pg, ie, est, "SEGUNDO", "TERCERO", "CUARTO", "QUINTO")
    else:
        _grados(sistema_pg, ie, est, "PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO")
    # The complete record's events are delivered while the request's transaction is open.
    original = RepositorioSolicitudes.agregar
    entrega = threading.Thread(target=sistema_pg.entregar)

    def agregar_mientras_llega_el_registro(self, solicitud):
        original(self, solicitud)
        entrega.start()
        entrega.join(timeout=3)  # it waits for this transaction (or, unfixed, it is done)

    monkeypatch.setattr(RepositorioSolicitudes, "agregar", agregar_mientras_llega_el_registro)
    numero = solicitar_ok(sistema_pg, ie, est)["numero_solicitud"]
    monkeypatch.setattr(RepositorioSolicitudes, "agregar", original)
    entrega.join(timeout=30)
    assert not entrega.is_alive()
    assert not [r for r in sistema_pg.publicador.respuestas if r[2] != "procesado"]
    sistema_pg.entregar()

    fila = next(
        s
        for s in cola(sistema_pg, "pendientes", datos.director(ie))["solicitudes"]
        if s["numero_solicitud"] == numero
    )
    assert (fila["completitud"], fila["faltantes"]) == ("INFORMACIÓN COMPLETA", [])
