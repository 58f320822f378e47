"""Issue 10, defect 2: each request is judged against what it declares, not the record alone."""

from __future__ import annotations

from datetime import date

from services.solicitudes.domain.copias import CompletitudLocal
from services.solicitudes.domain.identidad import DatosPersona
from services.solicitudes.domain.modelo import DatosSolicitud, Solicitud
from services.solicitudes.domain.ruta import RUTA_CONSOLIDADA, RUTA_IE


def _solicitud(ultimo_grado: str, ultimo_anio: int, ruta: str = RUTA_IE) -> Solicitud:
    estudiante = DatosPersona("DNI", "71234567", "ANA", "QUISPE", "ROJAS", date(1981, 1, 2))
    datos = DatosSolicitud(
        "0584714", "0", "SECUNDARIA", ultimo_anio, ultimo_grado, "TRABAJO", "", "a@b.pe", ""
    )
    return Solicitud("SEGUIMIENTO00001", estudiante, datos, ruta)


def _copia(*pares: tuple[str, int], completitud: str = "INFORMACIÓN COMPLETA") -> CompletitudLocal:
    copia = CompletitudLocal("DNI", "71234567", "SECUNDARIA", completitud, 3)
    copia.grados = [{"grado": g, "anio_lectivo": a} for g, a in pares]
    return copia


HASTA_TERCERO = (("PRIMERO", 1993), ("SEGUNDO", 1994), ("TERCERO", 1995))


def test_un_registro_completo_hasta_tercero_no_completa_una_solicitud_de_quinto():
    s = _solicitud("QUINTO", 1997)
    s.evaluar_completitud(_copia(*HASTA_TERCERO))
    assert s.completitud == "INFORMACIÓN INCOMPLETA"
    assert s.faltantes == [
        "Faltan las notas de CUARTO y QUINTO.",
        "El último año registrado es 1995; la solicitud declara 1997.",
    ]
    # The same record completes a request that asks for TERCERO of 1995.
    tercero = _solicitud("TERCERO", 1995)
    tercero.evaluar_completitud(_copia(*HASTA_TERCERO))
    assert (tercero.completitud, tercero.faltantes) == ("INFORMACIÓN COMPLETA", [])


def test_sin_registro_no_hay_informacion_y_el_registro_incompleto_dice_por_que():
    s = _solicitud("QUINTO", 1997)
    s.evaluar_completitud(None)
    assert s.completitud == "SIN INFORMACIÓN"
    copia = _copia(
        *HASTA_TERCERO, ("CUARTO", 1996), ("QUINTO", 1997), completitud="INFORMACIÓN INCOMPLETA"
    )
    copia.pendientes = ["QUINTO: falta la situación final."]
    s.evaluar_completitud(copia)
    assert s.completitud == "INFORMACIÓN INCOMPLETA"
    assert s.faltantes == ["QUINTO: falta la situación final."]


def test_la_consolidada_pide_ambas_partes():
    s = _solicitud("QUINTO", 1988, RUTA_CONSOLIDADA)
    s.evaluar_completitud(
        _copia(
            ("PRIMERO", 1986),
            ("SEGUNDO", 1986),
            ("TERCERO", 1986),
            ("CUARTO", 1987),
            ("QUINTO", 1988),
        )
    )
    assert s.faltantes == ["Faltan las notas de los años hasta 1985 (parte de la OACIGED)."]
    s.evaluar_completitud(
        _copia(
            ("PRIMERO", 1984),
            ("SEGUNDO", 1985),
            ("TERCERO", 1986),
            ("CUARTO", 1987),
            ("QUINTO", 1988),
        )
    )
    assert s.completitud == "INFORMACIÓN COMPLETA"
