"""Delivery rules of one email and the local copy of a request, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
    RECHAZO,
    REENVIANDO,
    RETRASADO,
    SOLICITANTE,
    SOLICITUD_EMITIDA,
    SOLICITUD_PENDIENTE,
    SOLICITUD_RECHAZADA,
    Correo,
    PoliticaReintentos,
    SolicitudLocal,
)
from shared.errores import Conflicto

POLITICA = PoliticaReintentos(plazo=3600, base=10, tope=300)


def correo(destinatario: str = "ana@example.pe") -> Correo:
    c = Correo("ev-1", ACUSE, 12, destinatario, SOLICITANTE, "8MHXGZ6K9TWJDHNG", "0584714", "0")
    c.id = 7
    return c


def test_un_envio_aceptado_queda_enviado_y_en_el_registro():
    c = correo()
    c.registrar_intento(INTENTO_ENVIADO, "aceptado", POLITICA)
    assert c.estado == ENVIADO and c.enviado_en is not None and not c.reintentar
    [i] = c.historial
    assert (i.intento, i.destinatario, i.resultado) == (1, "ana@example.pe", INTENTO_ENVIADO)


def test_un_rechazo_permanente_falla_de_inmediato_con_su_motivo():
    c = correo()
    c.registrar_intento(INTENTO_PERMANENTE, "destinatario rechazado: 550", POLITICA)
    assert c.estado == FALLIDO and c.ultimo_error == "destinatario rechazado: 550"
    assert c.fallido_en is not None and not c.reintentar


def test_un_error_transitorio_se_reintenta_hasta_el_plazo_y_luego_falla():
    """Not a count: 40 transient failures inside the deadline still leave it RETRASADO."""
    c, inicio = correo(), datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    for n in range(40):
        ahora = inicio + timedelta(seconds=n * 60)  # 40 minutes of failures, deadline 1 h
        c.registrar_intento(INTENTO_TRANSITORIO, "SMTP no disponible", POLITICA, ahora)
        assert c.estado == RETRASADO and c.reintentar
        assert ahora < c.proximo_intento_en <= ahora + timedelta(seconds=300)
    assert c.plazo_hasta == inicio + timedelta(hours=1)
    c.registrar_intento(INTENTO_TRANSITORIO, "SMTP no disponible", POLITICA, c.plazo_hasta)
    assert c.estado == FALLIDO and not c.reintentar and c.proximo_intento_en is None
    assert c.ultimo_error == "plazo de reintentos agotado (41 intentos): SMTP no disponible"
    assert [i.intento for i in c.historial] == list(range(1, 42))


def test_la_espera_crece_exponencialmente_con_jitter_y_tiene_tope():
    esperas = [[POLITICA.espera(n) for _ in range(200)] for n in range(8)]
    assert all(5 <= e <= 10 for e in esperas[0])  # base 10: half fixed, half random
    assert all(20 <= e <= 40 for e in esperas[2])
    assert all(150 <= e <= 300 for e in esperas[7])  # 10 * 2**7 = 1280, capped at 300
    assert len({round(e, 3) for e in esperas[7]}) > 100  # jittered, not in lockstep


def test_solo_un_correo_fallido_se_reenvia_y_una_sola_vez():
    c = correo()
    with pytest.raises(Conflicto):
        c.reenviar("ops-1")  # still pending: nothing to replay
    c.registrar_intento(INTENTO_PERMANENTE, "550", POLITICA)
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
    inicio = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    c.registrar_intento(INTENTO_TRANSITORIO, "451", POLITICA, inicio)
    c.registrar_intento(INTENTO_TRANSITORIO, "451", POLITICA, inicio + timedelta(hours=2))
    assert c.estado == FALLIDO
    c.reenviar("ops-1")
    assert c.plazo_hasta is None  # the replay's round gets a deadline of its own
    c.registrar_intento(INTENTO_TRANSITORIO, "451", POLITICA)
    assert c.estado == RETRASADO and c.reintentar  # not failed again at once
    c.registrar_intento(INTENTO_ENVIADO, "aceptado", POLITICA)
    assert c.estado == ENVIADO and c.intentos == 4


def test_un_reenvio_que_no_se_pudo_encolar_vuelve_a_fallidos_como_estaba():
    c = correo()
    c.registrar_intento(INTENTO_PERMANENTE, "550", POLITICA)
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
