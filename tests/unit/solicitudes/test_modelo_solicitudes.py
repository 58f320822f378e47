"""A request's route and its life: what the citizen and the director see it go through."""

from __future__ import annotations

from datetime import date

import pytest

from services.solicitudes.domain.copias import InstitucionLocal
from services.solicitudes.domain.identidad import DatosPersona
from services.solicitudes.domain.modelo import (
    EMITIDA,
    EN_EMISION,
    ERROR,
    PENDIENTE,
    RECHAZADA,
    DatosSolicitud,
    Solicitud,
)
from services.solicitudes.domain.ruta import (
    RUTA_CONSOLIDADA,
    RUTA_IE,
    RUTA_OACIGED,
    RUTA_UGEL,
    determinar_ruta,
)
from shared.errores import Conflicto

ACTIVA = InstitucionLocal(
    "0584714", "0", "I.E. MARIÁTEGUI", "ACTIVA", "150103", "UGEL 03", "EBR", ["SEC"]
)
CERRADA = InstitucionLocal(
    "0312345", "0", "I.E. CLAUSURADA", "CERRADA", "150103", "UGEL 03", "EBR", ["SEC"]
)
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


@pytest.mark.parametrize(
    ("primer_anio", "ultimo_anio", "ie", "ruta"),
    [
        (1981, 1987, ACTIVA, RUTA_CONSOLIDADA),  # both sides of 1985: one consolidated CE
        (1985, 1986, CERRADA, RUTA_CONSOLIDADA),
        (1986, 1990, ACTIVA, RUTA_IE),
        (1980, 1985, ACTIVA, RUTA_OACIGED),  # all up to 1985: OACIGED alone
        (None, 1996, CERRADA, RUTA_UGEL),
    ],
)
def test_ruta_con_el_primer_anio_de_estudios(primer_anio, ultimo_anio, ie, ruta):
    assert determinar_ruta(ultimo_anio, ie, primer_anio) == ruta


def _solicitud(id_: int = 42, ruta: str = RUTA_IE, primer_anio: int | None = None) -> Solicitud:
    estudiante = DatosPersona("DNI", "71234567", "ANA", "QUISPE", "ROJAS", date(2000, 1, 2))
    datos = DatosSolicitud(
        "0584714",
        "0",
        "SECUNDARIA",
        2017,
        "QUINTO",
        "CONTINUIDAD_ESTUDIOS",
        "",
        "ana.quispe@gmail.com",
        "987654321",
        primer_anio,
    )
    s = Solicitud("SEGUIMIENTO00001", estudiante, datos, ruta)
    s.numero_solicitud = id_
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


def test_rechazo_con_motivo_desde_pendiente_o_error():
    s = _solicitud(9)
    s.rechazar("El estudiante no figura en las actas de la institución.", "director-0584714")
    assert s.estado == RECHAZADA
    assert s.detalle_estado == "El estudiante no figura en las actas de la institución."
    assert (s.historial[-1].estado, s.historial[-1].por) == (RECHAZADA, "director-0584714")
    assert not s.abierta
    with pytest.raises(Conflicto, match="N.° 00000009 está RECHAZADA; no se puede rechazar"):
        s.rechazar("otra vez", "director-0584714")

    fallida = _solicitud(10)
    fallida.ordenar_emision("director-0584714")
    with pytest.raises(Conflicto, match="EN EMISIÓN"):
        fallida.rechazar("no", "director-0584714")
    fallida.marcar_error("sin notas")
    fallida.rechazar("No hay actas de ese año.", "director-0584714")
    assert _estados(fallida) == [PENDIENTE, EN_EMISION, ERROR, RECHAZADA]


def test_consolidada_primero_oaciged_luego_la_ie():
    s = _solicitud(11, RUTA_CONSOLIDADA, primer_anio=1983)
    assert s.atiende == RUTA_OACIGED
    with pytest.raises(Conflicto, match="primero la OACIGED certifica"):
        s.ordenar_emision("oaciged-1")
    s.completar_parte_oaciged("oaciged-1", ACTIVA)
    assert s.atiende == RUTA_IE and s.estado == PENDIENTE
    assert s.historial[-1].por == "oaciged-1"
    assert "pasa a la IE I.E. MARIÁTEGUI" in s.historial[-1].detalle
    with pytest.raises(Conflicto, match="no tiene una parte OACIGED pendiente"):
        s.completar_parte_oaciged("oaciged-1", ACTIVA)
    s.ordenar_emision("director-0584714")
    assert s.estado == EN_EMISION


def test_consolidada_de_ie_cerrada_pasa_a_la_ugel():
    s = _solicitud(12, RUTA_CONSOLIDADA, primer_anio=1983)
    s.completar_parte_oaciged("oaciged-1", CERRADA)
    assert s.atiende == RUTA_UGEL
    assert "pasa a UGEL 03" in s.historial[-1].detalle


def test_una_solicitud_abierta_sigue_a_su_ie_cuando_cierra():
    s = _solicitud(13)
    s.derivar_si_cambio_la_ie(CERRADA)
    assert s.atiende == RUTA_UGEL
    assert s.historial[-1].estado == PENDIENTE and s.historial[-1].por == "notas"
    emitida = _solicitud(14)
    emitida.ordenar_emision("d")
    emitida.marcar_emitida(CODIGO)
    emitida.derivar_si_cambio_la_ie(CERRADA)
    assert emitida.atiende == RUTA_IE  # a finished request keeps who attended it


def test_datos_para_generar_otra_solicitud():
    s = _solicitud(15, primer_anio=2013)
    assert s.estudiante().numero_documento == "71234567"
    assert s.datos().primer_anio == 2013 and s.datos().correo == "ana.quispe@gmail.com"
