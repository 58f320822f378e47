"""The data the panel's browser journey starts from, loaded through the services' HTTP APIs.

The IE (by operations), its students in the identity registry and in notas, every student's
request through the citizen API; all but one student get their five grades by API (for the
lote); the first one's grades are typed in the browser by the test.
"""

from __future__ import annotations

import requests

from herramientas import demo


def estudiante(i: int) -> dict:
    """Student number i: a distinct DNI and name."""
    return {
        **demo.ESTUDIANTE,
        "numero_documento": f"7{i:07d}",
        "nombres": "VANESSA DEL PILAR" if i == 0 else f"ESTUDIANTE {i:02d}",
        "primer_apellido": "FLORES" if i == 0 else "PRUEBA",
    }


def _ok(r: requests.Response, *esperados: int) -> dict:
    assert r.status_code in (esperados or (200,)), f"{r.request.url} → {r.status_code}: {r.text}"
    return r.json() if r.content else {}


def cargar(urls: demo.Urls, sesiones: demo.Sesiones, cuantos: int, desde: int = 0) -> list[dict]:
    """IE, ``cuantos`` students and their requests; returns each request (number, code).

    Student 0 (when ``desde`` is 0) gets no grades: the browser journey types them.
    """
    ops = sesiones.cabecera("OPERACIONES")
    director = sesiones.cabecera("DIRECTOR_IE")
    _ok(requests.post(f"{urls.notas}/api/notas/instituciones", json=demo.IE, headers=ops), 201)
    estudiantes = [estudiante(i) for i in range(desde, desde + cuantos)]
    for i, est in enumerate(estudiantes, start=desde):
        if i == 0:
            continue  # the browser registers this one (its data, then its grades)
        registro = demo.registrar_estudiante(urls, est, director)
        for grado, datos in demo.grados_demo():
            ruta = f"{registro}/grados/SECUNDARIA/{grado}"
            _ok(requests.put(ruta, json=datos, headers=director, timeout=10))
    demo.preparar_solicitudes(urls, sesiones, estudiantes)
    return [
        demo.solicitar(urls, f"estudiante{i}@example.pe", est)
        for i, est in enumerate(estudiantes, start=desde)
    ]
