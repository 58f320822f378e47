"""What an uploaded PDF is: the holder's file, a re-rendered copy, or neither; valid or not."""

from __future__ import annotations

from datetime import UTC, datetime

from services.verificacion.domain.modelo import (
    ALTERADO,
    GENUINO,
    GENUINO_ANULADO,
    GENUINO_SUSTITUIDO,
    VIGENTE,
    CertificadoVerificable,
)
from shared.identificadores import nuevo_codigo_virtual

AHORA = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ORIGINAL, CON_MARCA, ANULADO_MARCA = "a" * 64, "b" * 64, "c" * 64


def _certificado() -> CertificadoVerificable:
    return CertificadoVerificable(
        nuevo_codigo_virtual(), VIGENTE, "A", "***1", "DNI", "IE", "0000001", "0", "EBR",
        "SECUNDARIA", [], AHORA, ORIGINAL,
    )  # fmt: skip


def test_el_archivo_genuino_de_un_certificado_valido():
    cert = _certificado()
    assert cert.resultado_del_archivo(ORIGINAL) == GENUINO
    assert cert.resultado_del_archivo(CON_MARCA) == ALTERADO
    assert cert.resumen["sha256"] == ORIGINAL and "sha256_con_marca" not in cert.resumen


def test_sustituido_muestra_la_huella_del_archivo_entregado():
    cert = _certificado()
    cert.sustituir(nuevo_codigo_virtual(), CON_MARCA)
    assert cert.resultado_del_archivo(ORIGINAL) == GENUINO_SUSTITUIDO
    assert cert.resultado_del_archivo(CON_MARCA) == GENUINO_SUSTITUIDO
    assert cert.resumen["sha256"] == ORIGINAL and cert.resumen["sha256_con_marca"] == CON_MARCA


def test_anulado_con_copia_marcada_reconoce_ambos_archivos():
    cert = _certificado()
    cert.anular("Error de digitación.", AHORA, ANULADO_MARCA)
    assert cert.resultado_del_archivo(ORIGINAL) == GENUINO_ANULADO
    assert cert.resultado_del_archivo(ANULADO_MARCA) == GENUINO_ANULADO
    assert cert.resultado_del_archivo(CON_MARCA) == ALTERADO
    assert cert.resumen["sha256"] == ORIGINAL
    sin_copia = _certificado()
    sin_copia.anular("Error de digitación.", AHORA)  # emision did not re-render it
    assert sin_copia.resumen["sha256"] == ORIGINAL and "sha256_con_marca" not in sin_copia.resumen
