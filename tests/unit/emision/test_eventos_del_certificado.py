"""The Certificado aggregate records its events; the unit of work collects them at commit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.emision.domain.modelo import Certificado
from shared.errores import Conflicto
from shared.eventos import ESQUEMAS
from shared.mensajes import CertificadoAnulado

SHA_ORIGINAL, SHA_ANULADO = "a" * 64, "b" * 64


def _certificado() -> Certificado:
    return Certificado(
        "MC0584714", 12, "DNI", "71234567", "SECUNDARIA", "0584714", "0", 3,
        {"codigo_virtual": "MC0584714"}, "c" * 64, "k1", SHA_ORIGINAL, datetime.now(UTC),
    )  # fmt: skip


def test_anular_registra_certificado_anulado_con_el_hash_del_pdf_reimpreso():
    cert = _certificado()
    cert.anular("Notas mal transcritas", "dir-0584714")
    cert.reimpreso(SHA_ANULADO)
    [evento] = cert.sacar_eventos()
    assert isinstance(evento, CertificadoAnulado)
    assert (evento.codigo_virtual, evento.motivo_anulacion, evento.anulado_por) == (
        "MC0584714", "Notas mal transcritas", "dir-0584714",
    )  # fmt: skip
    assert evento.sha256 == SHA_ANULADO and evento.numero_solicitud == 12
    assert ESQUEMAS[("CertificadoAnulado", 2)]().validate(evento.payload()) == {}
    assert cert.sacar_eventos() == []  # handed over once


def test_anular_dos_veces_no_registra_un_segundo_evento():
    cert = _certificado()
    cert.anular("Notas mal transcritas", "dir-0584714")
    with pytest.raises(Conflicto):
        cert.anular("otra vez", "dir-0584714")
    assert len(cert.eventos) == 1
