"""Delivery rules of one email and the local copy of a request, without I/O."""

from __future__ import annotations

import pytest

from services.notificaciones.domain.modelo import (
    ACUSE,
    APODERADO,
    CERTIFICADO,
    ENVIADO,
    FALLIDO,
    INTENTO_ENVIADO,
    INTENTO_PERMANENTE,
    INTENTO_TRANSITORIO,
    PENDIENTE,
    RECHAZO,
    REENVIANDO,
    SOLICITANTE,
    SOLICITUD_EMITIDA,
    SOLICITUD_PENDIENTE,
    SOLICITUD_RECHAZADA,
    Correo,
    SolicitudLocal,
)
from shared.errores import Conflicto


def correo(destinatario: str = "ana@example.pe") -> Correo:
    c = Correo("ev-1", ACUSE, 12, destinatario, SOLICITANTE, "8MHXGZ6K9TWJDHNG", "0584714", "0")
    c.id = 7
    return c


def test_un_envio_aceptado_queda_enviado_y_en_el_registro():
    c = correo()
    c.registrar_intento(INTENTO_ENVIADO, "aceptado", max_reintentos=3)
    assert c.estado == ENVIADO and c.enviado_en is not None and not c.reintentar
    [i] = c.historial
    assert (i.intento, i.destinatario, i.resultado) == (1, "ana@example.pe", INTENTO_ENVIADO)


def test_un_rechazo_permanente_falla_de_inmediato_con_su_motivo():
    c = correo()
    c.registrar_intento(INTENTO_PERMANENTE, "destinatario rechazado: 550", max_reintentos=3)
    assert c.estado == FALLIDO and c.ultimo_error == "destinatario rechazado: 550"
    assert c.fallido_en is not None and not c.reintentar


def test_un_error_transitorio_se_reintenta_hasta_el_limite_y_luego_falla():
    c = correo()
    for _ in range(3):
        c.registrar_intento(INTENTO_TRANSITORIO, "SMTP no disponible", max_reintentos=3)
        assert c.estado == PENDIENTE and c.reintentar
    c.registrar_intento(INTENTO_TRANSITORIO, "SMTP no disponible", max_reintentos=3)
    assert c.estado == FALLIDO and not c.reintentar
    assert c.ultimo_error == "reintentos agotados (4 intentos): SMTP no disponible"
    assert [i.intento for i in c.historial] == [1, 2, 3, 4]


def test_solo_un_correo_fallido_se_reenvia_y_una_sola_vez():
    c = correo()
    with pytest.raises(Conflicto):
        c.reenviar("ops-1")  # still pending: nothing to replay
    c.registrar_intento(INTENTO_PERMANENTE, "550", max_reintentos=3)
    c.reenviar("ops-1", "otra@example.pe")
    assert (c.estado, c.destinatario, c.reenviado_por) == (REENVIANDO, "otra@example.pe", "ops-1")
    assert c.en_cola and c.intentos_ronda == 0
    with pytest.raises(Conflicto) as error:
        c.reenviar("ops-2")
    assert error.value.mensaje == (
        "El correo 7 no está fallido (estado REENVIANDO): no se reenvía otra vez."
    )


def test_un_reenvio_recibe_otra_ronda_completa_de_reintentos():
    c = correo()
    for _ in range(4):
        c.registrar_intento(INTENTO_TRANSITORIO, "451", max_reintentos=3)
    assert c.estado == FALLIDO
    c.reenviar("ops-1")
    c.registrar_intento(INTENTO_TRANSITORIO, "451", max_reintentos=3)
    assert c.estado == REENVIANDO and c.reintentar  # not failed again at once
    c.registrar_intento(INTENTO_ENVIADO, "aceptado", max_reintentos=3)
    assert c.estado == ENVIADO and c.intentos == 6


def test_un_reenvio_que_no_se_pudo_encolar_vuelve_a_fallidos_como_estaba():
    c = correo()
    c.registrar_intento(INTENTO_PERMANENTE, "550", max_reintentos=3)
    c.reenviar("ops-1", "otra@example.pe")
    c.devolver_a_fallidos("ana@example.pe")
    assert (c.estado, c.destinatario) == (FALLIDO, "ana@example.pe")


def copia() -> SolicitudLocal:
    s = SolicitudLocal(12, "0584714", "0")
    s.actualizar(
        SOLICITUD_PENDIENTE,
        {"codigo_seguimiento": "8MHXGZ6K9TWJDHNG", "correo": "ana@example.pe", "nombres": "ANA"},
    )
    return s


def test_la_copia_local_no_retrocede_de_estado_con_eventos_desordenados():
    s = copia()
    s.actualizar(SOLICITUD_EMITIDA, {"codigo_virtual": "7K3M9QXD2HVBN4TA"})
    assert (s.estado, s.plantilla_actual, s.referencia) == (
        SOLICITUD_EMITIDA,
        CERTIFICADO,
        "7K3M9QXD2HVBN4TA",
    )
    s.actualizar(SOLICITUD_PENDIENTE, {"nombres": "ANA MARÍA", "codigo_virtual": None})
    assert s.estado == SOLICITUD_EMITIDA  # a late acuse does not undo the emission
    assert s.nombres == "ANA MARÍA" and s.codigo_virtual == "7K3M9QXD2HVBN4TA"


def test_la_plantilla_y_la_referencia_siguen_al_estado():
    s = copia()
    assert (s.plantilla_actual, s.referencia) == (ACUSE, "8MHXGZ6K9TWJDHNG")
    s.actualizar(SOLICITUD_RECHAZADA, {"motivo_rechazo": "No figura en actas."})
    assert s.plantilla_actual == RECHAZO and s.motivo_rechazo == "No figura en actas."


def test_el_apoderado_recibe_copia_solo_si_su_correo_es_otro():
    s = copia()
    assert s.destinatarios() == [(SOLICITANTE, "ana@example.pe")]
    s.actualizar(SOLICITUD_PENDIENTE, {"correo_apoderado": "ANA@example.pe"})
    assert s.destinatarios() == [(SOLICITANTE, "ana@example.pe")]
    s.actualizar(SOLICITUD_PENDIENTE, {"correo_apoderado": "papa@example.pe"})
    assert s.destinatarios() == [(SOLICITANTE, "ana@example.pe"), (APODERADO, "papa@example.pe")]
