"""Completeness recomputed on every change and published: the director's queue follows it."""

from __future__ import annotations

from tests.integration import datos
from tests.integration.notas.conftest import error


def _cola(sistema, ie: dict, numero: int) -> str:
    """The completeness solicitudes shows for request ``numero``, after delivering events."""
    sistema.entregar()
    cola = sistema.clientes["solicitudes"].get(
        "/api/solicitudes/pendientes", headers=datos.director(ie)
    )
    return next(s for s in cola.get_json()["solicitudes"] if s["numero_solicitud"] == numero)[
        "completitud"
    ]


def _solicitar(sistema, ie: dict, est: dict) -> int:
    """A citizen's request: the IE accepts web requests and the student is in the registry.

    It declares PRIMERO of 2010, the grade these tests record (a request is complete only when
    the record reaches what it declares)."""
    sistema.entregar()
    datos.habilitar(sistema, ie)
    datos.registrar_identidad(sistema, est)
    r = sistema.clientes["solicitudes"].post(
        "/api/solicitudes/solicitudes",
        json=datos.solicitud(ie, est, ultimo_grado="PRIMERO", ultimo_anio=2010),
    )
    assert r.status_code == 201, r.get_json()
    return r.get_json()["numero_solicitud"]


def _grado(anio: int, situacion: str | None = "APROBADO", **extra) -> dict:
    notas = [{"area": "MATEMÁTICA", "calificacion": "14"}, {"area": "ARTE", "calificacion": "12"}]
    return {"anio_lectivo": anio, "situacion_final": situacion, "calificaciones": notas, **extra}


def test_la_completitud_avanza_con_cada_grado_y_llega_a_la_cola(registro):
    ie = registro.ie()
    est = registro.estudiante(ie)
    numero = _solicitar(registro.sistema, ie, est)
    assert _cola(registro.sistema, ie, numero) == "SIN INFORMACIÓN"

    r = registro.grado(ie, est, "SECUNDARIA", "PRIMERO", _grado(2010, situacion=None))
    nivel = r.get_json()["niveles"]["SECUNDARIA"]
    assert nivel["pendientes"] == [
        {
            "grado": "PRIMERO",
            "campo": "situacion_final",
            "motivo": "PRIMERO: falta la situación final.",
        }
    ]
    assert _cola(registro.sistema, ie, numero) == "INFORMACIÓN INCOMPLETA"

    registro.grado(ie, est, "SECUNDARIA", "PRIMERO", _grado(2010))
    assert _cola(registro.sistema, ie, numero) == "INFORMACIÓN COMPLETA"

    # TERCERO without SEGUNDO: a gap in the record.
    r = registro.grado(ie, est, "SECUNDARIA", "TERCERO", _grado(2012))
    motivos = [p["motivo"] for p in r.get_json()["niveles"]["SECUNDARIA"]["pendientes"]]
    assert motivos == [
        "Falta registrar el grado SEGUNDO (o indicar que no aplicará registro de notas)."
    ]
    assert _cola(registro.sistema, ie, numero) == "INFORMACIÓN INCOMPLETA"

    # SEGUNDO was convalidated abroad: kept, not graded, not printed; its observación is.
    convalidado = {
        "anio_lectivo": 2011,
        "aplica": False,
        "calificaciones": [],
        "observaciones": [
            {
                "tipo": "CONVALIDACIÓN/REVALIDACIÓN",
                "anio": 2011,
                "resolucion": "RD 0112-2012-UGEL03",
                "motivo": "Estudios en Chile",
            }
        ],
    }
    r = registro.grado(ie, est, "SECUNDARIA", "SEGUNDO", convalidado)
    nivel = r.get_json()["niveles"]["SECUNDARIA"]
    assert nivel["completitud"] == "INFORMACIÓN COMPLETA"
    assert [g["grado"] for g in nivel["registro"]["grados"]] == ["PRIMERO", "TERCERO"]
    assert [g["grado"] for g in nivel["grados"]] == ["PRIMERO", "SEGUNDO", "TERCERO"]
    assert nivel["registro"]["observaciones"] == convalidado["observaciones"]
    assert _cola(registro.sistema, ie, numero) == "INFORMACIÓN COMPLETA"

    # Every published version can be read back, as a certificate names the one it printed.
    vieja = registro.ver(
        ie, est, f"/registro/SECUNDARIA?version_registro={nivel['version_registro'] - 1}"
    )
    assert vieja["completitud"] == "INFORMACIÓN INCOMPLETA"
    assert [g["grado"] for g in vieja["registro"]["grados"]] == ["PRIMERO", "TERCERO"]
    r = registro.cliente.get(
        registro.url(est, "/registro/SECUNDARIA?version_registro=999"), headers=datos.director(ie)
    )
    assert error(r, 404)["mensaje"] == (
        "No existe la versión 999 del registro de SECUNDARIA de este estudiante."
    )


def test_parametros_minimo_y_maximo_se_exigen_al_completar(registro):
    ie = registro.ie()
    est = registro.estudiante(ie)
    url = f"/api/notas/instituciones/{ie['codigo_modular']}/0/parametros"
    r = registro.cliente.get(url, headers=datos.director(ie))
    assert r.get_json() == {
        "codigo": f"{ie['codigo_modular']}-0",
        "min_areas": 1,
        "max_areas": 10,
        "min_talleres": 0,
        "max_talleres": 0,
    }
    e = error(registro.parametros(ie, min_areas=5, max_areas=3), 422)
    assert e["campos"] == {
        "min_areas": ["El mínimo de áreas curriculares no puede superar el máximo."]
    }
    assert error(registro.parametros(ie, max_areas=61), 422)["campos"] == {
        "max_areas": ["Debe estar entre 0 y 60."]
    }

    assert registro.taller(ie, "DANZA MODERNA").status_code == 201
    cuerpo = _grado(2010)
    cuerpo["calificaciones"].append(
        {"area": "DANZA MODERNA", "tipo_area": "TALLER", "calificacion": "A"}
    )
    registro.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo)
    numero = _solicitar(registro.sistema, ie, est)
    nivel = registro.ver(ie, est)["niveles"]["SECUNDARIA"]
    assert [p["motivo"] for p in nivel["pendientes"]] == [
        "PRIMERO: tiene 1 talleres; los parámetros de la institución permiten de 0 a 0."
    ]
    assert _cola(registro.sistema, ie, numero) == "INFORMACIÓN INCOMPLETA"

    assert registro.parametros(ie, min_areas=3, max_talleres=1).status_code == 200
    nivel = registro.ver(ie, est)["niveles"]["SECUNDARIA"]
    assert [p["motivo"] for p in nivel["pendientes"]] == [
        "PRIMERO: tiene 2 áreas curriculares; los parámetros de la institución permiten de 3 a 10."
    ]

    r = registro.parametros(ie, min_areas=2, max_talleres=1)
    assert r.get_json()["min_areas"] == 2
    # Changing the parámetros re-evaluated and re-published the record: no new grade needed.
    assert _cola(registro.sistema, ie, numero) == "INFORMACIÓN COMPLETA"
    instantanea = registro.ver(ie, est, "/registro/SECUNDARIA")
    assert instantanea["registro"]["parametros"] == {
        "min_areas": 2,
        "max_areas": 10,
        "min_talleres": 0,
        "max_talleres": 1,
    }
