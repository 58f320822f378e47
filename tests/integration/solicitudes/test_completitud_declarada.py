"""Issue 10, defect 2: a request is complete only when the record reaches what it declares.

A request for QUINTO, último año 1997, whose record holds PRIMERO–TERCERO (1993–1995) was shown
INFORMACIÓN COMPLETA, offered for semi-automatic emission and issued as a «TERCER grado» CE.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import text

from shared.identificadores import LONGITUD_CODIGO_VIRTUAL, normalizar
from tests.integration import datos
from tests.integration.solicitudes.pasos import API, cola, error, numeros, solicitar_ok

FALTAN_GRADOS = "Faltan las notas de CUARTO y QUINTO."
FALTA_ANIO = "El último año registrado es 1995; la solicitud declara 1997."


def _registrar_grados(sistema, ie: dict, est: dict, *grados: str) -> None:
    """Complete vigesimal grades, PRIMERO in 1993, SEGUNDO in 1994 and so on."""
    ruta = datos.ruta_estudiante(sistema.clientes["notas"], est)
    for i, (grado, cuerpo) in enumerate(datos.grados(ie)):
        if grado in grados:
            r = sistema.clientes["notas"].put(
                f"{ruta}/grados/SECUNDARIA/{grado}",
                json={**cuerpo, "anio_lectivo": 1993 + i},
                headers=datos.director(ie),
            )
            assert r.status_code == 200, r.get_json()
    sistema.entregar()


def _hasta_tercero(sistema) -> tuple[dict, dict, int]:
    """A student whose record holds PRIMERO–TERCERO, asking for QUINTO of 1997."""
    ie, est = datos.institucion(), datos.estudiante(fecha_nacimiento="1981-03-04")
    datos.registrar_ie(sistema, ie)
    datos.registrar_identidad(sistema, est)
    r = sistema.clientes["notas"].put(
        "/api/notas/estudiantes", json=est, headers=datos.director(ie)
    )
    assert r.status_code == 200, r.get_json()
    _registrar_grados(sistema, ie, est, "PRIMERO", "SEGUNDO", "TERCERO")
    numero = solicitar_ok(sistema, ie, est, ultimo_anio=1997, ultimo_grado="QUINTO")[
        "numero_solicitud"
    ]
    return ie, est, numero


def _fila(sistema, ie: dict, numero: int, nombre: str = "pendientes") -> dict:
    filas = cola(sistema, nombre, datos.director(ie))["solicitudes"]
    return next(f for f in filas if f["numero_solicitud"] == numero)


def _emitir(sistema, ie: dict, numero: int):
    return sistema.clientes["solicitudes"].post(
        f"{API}/emisiones", json={"numeros_solicitud": [numero]}, headers=datos.director(ie)
    )


def _seguimiento(sistema, numero: int) -> dict:
    sol = sistema.clientes["solicitudes"]
    with sistema.apps["solicitudes"].extensions["mc"].engine.connect() as conn:
        codigo = conn.execute(
            text("SELECT codigo_seguimiento FROM solicitudes WHERE numero_solicitud = :n"),
            {"n": numero},
        ).scalar_one()
    return sol.get(f"{API}/seguimiento/{codigo}").get_json()


def _texto_del_pdf(sistema, codigo_virtual: str) -> str:
    pdf = (
        sistema.apps["emision"]
        .extensions["almacen"]
        .leer(normalizar(codigo_virtual, LONGITUD_CODIGO_VIRTUAL))
    )
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_la_cola_dice_lo_que_falta_y_la_emision_se_rechaza_hasta_registrarlo(sistema):
    ie, est, numero = _hasta_tercero(sistema)

    # The director's queue: incomplete, and what is missing.
    fila = _fila(sistema, ie, numero)
    assert fila["completitud"] == "INFORMACIÓN INCOMPLETA"
    assert fila["faltantes"] == [FALTAN_GRADOS, FALTA_ANIO]
    filtrada = cola(sistema, "pendientes", datos.director(ie), completitud="INFORMACIÓN COMPLETA")
    assert numero not in numeros(filtrada)
    # Not offered for semi-automatic emission, and an order to emit is refused with the reason.
    assert numero not in numeros(cola(sistema, "semiautomatica", datos.director(ie)))
    mensaje = error(_emitir(sistema, ie, numero), 409)["mensaje"]
    assert mensaje.startswith(
        f"La solicitud N.° {numero:08d} no se puede emitir: INFORMACIÓN INCOMPLETA."
    )
    assert FALTAN_GRADOS in mensaje and FALTA_ANIO in mensaje
    detalle = sistema.clientes["solicitudes"].get(
        f"{API}/solicitudes/{numero}", headers=datos.director(ie)
    )
    assert detalle.get_json()["faltantes"] == [FALTAN_GRADOS, FALTA_ANIO]

    # CUARTO only: still one grade short.
    _registrar_grados(sistema, ie, est, "CUARTO")
    assert _fila(sistema, ie, numero)["faltantes"] == [
        "Faltan las notas de QUINTO.",
        "El último año registrado es 1996; la solicitud declara 1997.",
    ]

    # QUINTO of 1997 arrives: complete, offered, issued as a QUINTO grade certificate.
    _registrar_grados(sistema, ie, est, "QUINTO")
    fila = _fila(sistema, ie, numero)
    assert (fila["completitud"], fila["faltantes"]) == ("INFORMACIÓN COMPLETA", [])
    assert numero in numeros(cola(sistema, "semiautomatica", datos.director(ie)))
    assert _emitir(sistema, ie, numero).status_code == 202
    sistema.entregar()
    estado = _seguimiento(sistema, numero)
    assert estado["estado"] == "EMITIDA", estado
    texto = " ".join(_texto_del_pdf(sistema, estado["codigo_virtual"]).split())
    assert "correspondiente(s) a QUINTO grado" in texto
    assert "TERCER grado" not in texto


def test_la_emision_misma_rechaza_un_registro_que_no_alcanza_lo_declarado(sistema_pg):
    ie, _, numero = _hasta_tercero(sistema_pg)
    # solicitudes' copy claims QUINTO of 1997 (a stale or damaged copy); emision, which prints
    # from its own copy of the record, must still refuse.
    grados = (
        '[{"grado": "PRIMERO", "anio_lectivo": 1993}, {"grado": "QUINTO", "anio_lectivo": 1997}]'
    )
    with sistema_pg.apps["solicitudes"].extensions["mc"].engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE completitudes SET grados = CAST(:g AS JSON) "
                "WHERE numero_documento = (SELECT numero_documento FROM solicitudes "
                "WHERE numero_solicitud = :n)"
            ),
            {"g": grados, "n": numero},
        )
    assert _emitir(sistema_pg, ie, numero).status_code == 202
    sistema_pg.entregar()
    estado = _seguimiento(sistema_pg, numero)
    assert estado["estado"] == "ERROR", estado
    assert estado["detalle"] == (
        f"El registro de notas no alcanza lo que declara la solicitud: {FALTAN_GRADOS} {FALTA_ANIO}"
    )
