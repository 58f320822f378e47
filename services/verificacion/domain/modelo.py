"""The verification read model: what a verifier may learn from a código virtual."""

from __future__ import annotations

from datetime import datetime

VALIDO = "VALIDO"
SUSTITUIDO = "SUSTITUIDO"
ANULADO = "ANULADO"
NO_ENCONTRADO = "NO_ENCONTRADO"


class CertificadoVerificable:
    """One certificate as verifiers see it: state and a masked summary, never the full record."""

    def __init__(
        self,
        codigo_virtual: str,
        estado: str,
        nombre_enmascarado: str,
        documento_enmascarado: str,
        tipo_documento: str,
        nombre_institucion: str,
        codigo_modular: str,
        anexo: str,
        modalidad: str,
        nivel: str,
        grados: list[str],
        emitido_en: datetime,
        sha256: str,
    ):
        self.codigo_virtual = codigo_virtual
        self.estado = estado
        self.nombre_enmascarado = nombre_enmascarado
        self.documento_enmascarado = documento_enmascarado
        self.tipo_documento = tipo_documento
        self.nombre_institucion = nombre_institucion
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.modalidad = modalidad
        self.nivel = nivel
        self.grados = list(grados)
        self.emitido_en = emitido_en
        self.sha256 = sha256
        self.sha256_original = sha256  # the PDF as first issued (before any watermark)
        self.sustituido_por: str | None = None
        self.motivo_anulacion: str | None = None
        self.anulado_en: datetime | None = None

    def sustituir(self, por: str, sha256_con_marca: str) -> None:
        """A newer certificate exists; an annulment still takes precedence."""
        self.sustituido_por = por
        self.sha256 = sha256_con_marca
        if self.estado != ANULADO:
            self.estado = SUSTITUIDO

    def anular(self, motivo: str, en: datetime) -> None:
        self.estado = ANULADO
        self.motivo_anulacion = motivo
        self.anulado_en = en
