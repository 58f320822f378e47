"""Issue 10 (defect 9): the holder is told when their certificate is superseded or annulled."""

from __future__ import annotations

import pytest

from services.notificaciones.domain.modelo import ANULACION, SUSTITUCION
from services.notificaciones.service_layer import comandos, handlers
from shared.errores import ErrorTransitorio
from tests.unit.notificaciones import test_handlers_notificaciones as base

DIRECTOR, _sobre, certificado = base.DIRECTOR, base._sobre, base.certificado
_evento = base._evento
uow, smtp, cola, dep = base.uow, base.smtp, base.cola, base.dep  # the fakes, as fixtures

MOTIVO = "Se consignó un año lectivo equivocado en el tercer grado."
ANULADO = {
    "codigo_virtual": "7K3M9QXD2HVBN4TA",
    "motivo_anulacion": MOTIVO,
    "anulado_por": "dir-1",
    "anulado_en": "2024-06-10T17:00:00+00:00",
    "numero_solicitud": 12,
}
SUSTITUIDO = {
    "codigo_virtual": "7K3M9QXD2HVBN4TA",
    "sustituido_por": "8MHXGZ6K9TWJDHNG",
    "sustituido_en": "2024-06-10T17:00:00+00:00",
    "numero_solicitud": 12,
}


@pytest.fixture
def emitido(uow, smtp, dep):
    handlers.al_emitir_certificado(_evento(certificado(correo_apoderado=None), _sobre()), uow, dep)
    smtp.enviados.clear()


def test_anulado_avisa_con_el_motivo_y_un_reenvio_repite_el_aviso(uow, smtp, dep, cola, emitido):
    handlers.al_anular_certificado(_evento(ANULADO, _sobre()), uow, dep)

    [aviso] = smtp.enviados
    assert aviso.destinatarios == ("jose@example.pe",)
    assert aviso.asunto == "Su Certificado Oficial de Estudios (7K3M-9QXD-2HVB-N4TA) fue anulado"
    assert f"Motivo: {MOTIVO}" in aviso.texto and MOTIVO in aviso.html
    respuesta = handlers.reenviar_correo(comandos.ReenviarCorreo(12, None), uow, DIRECTOR, dep)
    assert respuesta["plantilla"] == ANULACION  # a resend says where the certificate stands now


def test_sustituido_avisa_con_el_codigo_nuevo(uow, smtp, dep, emitido):
    handlers.al_sustituir_certificado(_evento(SUSTITUIDO, _sobre()), uow, dep)

    [aviso] = smtp.enviados
    assert aviso.asunto == (
        "Su Certificado Oficial de Estudios (7K3M-9QXD-2HVB-N4TA) fue reemplazado por el "
        "8MHX-GZ6K-9TWJ-DHNG"
    )
    assert "Código virtual del nuevo certificado: 8MHX-GZ6K-9TWJ-DHNG" in aviso.texto
    assert "Verifíquelo en: https://mc.example.pe/v/8MHX-GZ6K-9TWJ-DHNG" in aviso.texto
    assert uow.solicitudes.obtener(12).plantilla_actual == SUSTITUCION


def test_un_sustituido_que_luego_se_anula_no_vuelve_a_sustituido(uow, smtp, dep, emitido):
    handlers.al_anular_certificado(_evento(ANULADO, _sobre()), uow, dep)
    handlers.al_sustituir_certificado(_evento(SUSTITUIDO, _sobre()), uow, dep)  # arrives late

    assert [m.asunto.endswith("fue anulado") for m in smtp.enviados] == [True]
    assert uow.solicitudes.obtener(12).plantilla_actual == ANULACION


def test_el_mismo_evento_dos_veces_envia_un_solo_aviso(uow, smtp, dep, emitido):
    sobre = _sobre()
    handlers.al_anular_certificado(_evento(ANULADO, sobre), uow, dep)
    handlers.al_anular_certificado(_evento(ANULADO, sobre), uow, dep)

    assert len(smtp.enviados) == 1


def test_sin_el_certificado_aun_se_reintenta_y_sin_solicitud_no_se_avisa(uow, smtp, dep):
    with pytest.raises(ErrorTransitorio):  # its CertificadoEmitido is still on the way
        handlers.al_anular_certificado(_evento(ANULADO, _sobre()), uow, dep)
    antiguo = {k: v for k, v in ANULADO.items() if k != "numero_solicitud"}
    handlers.al_anular_certificado(
        _evento(antiguo, _sobre()), uow, dep
    )  # published before issue 10
    assert smtp.enviados == []
