"""A request's route and its life: what the citizen and the director see it go through."""

from __future__ import annotations

from datetime import date

import pytest

from services.solicitudes.domain.modelo import (
    EMITIDA,
    EN_EMISION,
    ERROR,
    PENDIENTE,
    RUTA_IE,
    RUTA_OACIGED,
    RUTA_UGEL,
    DatosSolicitante,
    InstitucionLocal,
    Solicitud,
    determinar_ruta,
)
from shared.errores import Conflicto

ACTIVA = InstitucionLocal("0584714", "0", "I.E. MARIÁTEGUI", "ACTIVA", "UGEL 03", "EBR", ["SEC"])
CERRADA = InstitucionLocal("0312345", "0", "I.E. CLAUSURADA", "CERRADA", "UGEL 03", "EBR", ["SEC"])
CODIGO = "7K3M9QXD2HVBN4TA"


@pytest.mark.parametrize(
    ("anio", "ie", "ruta"),
    [
        (1970, ACTIVA, RUTA_OACIGED),
        (1985, ACTIVA, RUTA_OACIGED),
        (1985, CERRADA, RUTA_OACIGED),  # the ministry, even if the IE closed
        (1986, CERRADA, RUTA_UGEL),
        (2012, CERRADA, RUTA_UGEL),
        (1986, ACTIVA, RUTA_IE),
        (2024, ACTIVA, RUTA_IE),
    ],
)
def test_quien_emite(anio, ie, ruta):
    assert determinar_ruta(anio, ie) == ruta


def _solicitud(id_: int = 42) -> Solicitud:
    solicitante = DatosSolicitante("DNI", "71234567", "ANA", "QUISPE", "ROJAS", date(2000, 1, 2))
    s = Solicitud(
        "SEGUIMIENTO00001",
        solicitante,
        "0584714",
        "0",
        "SECUNDARIA",
        2017,
        "QUINTO",
        "CONTINUIDAD_ESTUDIOS",
        "",
        "ana.quispe@gmail.com",
        "987654321",
        RUTA_IE,
    )
    s.id = id_
    return s


def _estados(s: Solicitud) -> list[str]:
    return [c.estado for c in s.historial]


def test_una_solicitud_nueva_esta_pendiente_y_lleva_los_datos_del_solicitante():
    s = _solicitud()
    assert s.estado == PENDIENTE
    assert s.codigo_virtual is None
    assert (s.tipo_documento, s.numero_documento) == ("DNI", "71234567")
    assert (s.nombres, s.primer_apellido, s.segundo_apellido) == ("ANA", "QUISPE", "ROJAS")
    assert s.fecha_nacimiento == date(2000, 1, 2)
    [alta] = s.historial
    assert (alta.estado, alta.por) == (PENDIENTE, "ciudadano")
    assert alta.en.tzinfo is not None


def test_pendiente_en_emision_emitida():
    s = _solicitud()
    s.ordenar_emision("director-0584714")
    assert s.estado == EN_EMISION
    s.marcar_emitida(CODIGO)
    assert s.estado == EMITIDA
    assert s.codigo_virtual == CODIGO
    assert _estados(s) == [PENDIENTE, EN_EMISION, EMITIDA]
    assert [c.por for c in s.historial] == ["ciudadano", "director-0584714", "emision"]


def test_con_error_se_puede_ordenar_de_nuevo():
    s = _solicitud()
    s.ordenar_emision("director-0584714")
    s.marcar_error("El registro de notas está en estado INFORMACIÓN INCOMPLETA.")
    assert s.estado == ERROR
    assert s.detalle_estado == "El registro de notas está en estado INFORMACIÓN INCOMPLETA."
    s.ordenar_emision("director-0584714")
    assert s.estado == EN_EMISION
    assert s.detalle_estado == ""
    s.marcar_emitida(CODIGO)
    assert _estados(s) == [PENDIENTE, EN_EMISION, ERROR, EN_EMISION, EMITIDA]
    assert s.historial[2].detalle.startswith("El registro de notas")


def test_emitida_no_se_puede_ordenar_otra_vez():
    s = _solicitud(42)
    s.ordenar_emision("director-0584714")
    s.marcar_emitida(CODIGO)
    with pytest.raises(Conflicto) as exc:
        s.ordenar_emision("director-0584714")
    assert exc.value.estado_http == 409
    assert "N.° 00000042" in exc.value.mensaje
    assert EMITIDA in exc.value.mensaje
    assert s.estado == EMITIDA
    assert len(s.historial) == 3


def test_en_emision_no_se_ordena_dos_veces():
    s = _solicitud(7)
    s.ordenar_emision("director-0584714")
    with pytest.raises(Conflicto, match="N.° 00000007 está EN EMISIÓN"):
        s.ordenar_emision("director-0584714")


def test_aviso_de_emision_repetido_no_duplica_el_historial():
    s = _solicitud()
    s.ordenar_emision("director-0584714")
    s.marcar_emitida(CODIGO)
    s.marcar_emitida(CODIGO)
    assert _estados(s) == [PENDIENTE, EN_EMISION, EMITIDA]


def test_un_error_tardio_no_deshace_una_emision():
    s = _solicitud()
    s.ordenar_emision("director-0584714")
    s.marcar_emitida(CODIGO)
    s.marcar_error("reintentos agotados")
    assert s.estado == EMITIDA
    assert s.codigo_virtual == CODIGO
    assert _estados(s) == [PENDIENTE, EN_EMISION, EMITIDA]


def test_el_historial_guarda_cada_cambio_en_orden():
    s = _solicitud()
    s.ordenar_emision("director-0584714")
    s.marcar_error("primer fallo")
    s.ordenar_emision("especialista-ugel03")
    s.marcar_error("segundo fallo")
    assert [(c.estado, c.por, c.detalle) for c in s.historial] == [
        (PENDIENTE, "ciudadano", ""),
        (EN_EMISION, "director-0584714", ""),
        (ERROR, "emision", "primer fallo"),
        (EN_EMISION, "especialista-ugel03", ""),
        (ERROR, "emision", "segundo fallo"),
    ]
    momentos = [c.en for c in s.historial]
    assert momentos == sorted(momentos)
