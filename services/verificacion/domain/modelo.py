"""The verification read model: what a verifier may learn from a código virtual."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import datetime

from shared.documentos import TIPOS_DOCUMENTO
from shared.identificadores import agrupar

VALIDO = "VALIDO"
SUSTITUIDO = "SUSTITUIDO"
ANULADO = "ANULADO"
NO_ENCONTRADO = "NO_ENCONTRADO"

# What an uploaded PDF turns out to be, compared with the record of its código virtual.
GENUINO = "GENUINO"
ALTERADO = "ALTERADO"
ORIGINAL = "ORIGINAL"  # the PDF as first issued
CON_MARCA_DE_AGUA = "CON_MARCA_DE_AGUA"  # re-rendered "NO ES EL ÚLTIMO CERTIFICADO GENERADO"

MENSAJES = {
    VALIDO: "El certificado es válido.",
    SUSTITUIDO: "Este certificado fue reemplazado por uno más reciente: no es el último emitido.",
    ANULADO: "Este certificado fue anulado y no tiene validez.",
}
_CAMPOS_RESUMEN = (
    "codigo_virtual", "estado", "nombre_enmascarado", "documento_enmascarado", "tipo_documento",
    "nombre_institucion", "codigo_modular", "anexo", "modalidad", "nivel", "grados", "emitido_en",
    "sha256", "sha256_original", "sustituido_por", "motivo_anulacion", "anulado_en",
)  # fmt: skip


def resumir(c: Mapping) -> dict:
    """The masked summary anyone may read; ``sustituido_por`` is the direct successor only."""
    tipo = TIPOS_DOCUMENTO.get(c["tipo_documento"], c["tipo_documento"])
    resumen = {
        "codigo_virtual": agrupar(c["codigo_virtual"]),
        "estado": c["estado"],
        "mensaje": MENSAJES[c["estado"]],
        "estudiante": c["nombre_enmascarado"],
        "documento": f"{tipo} {c['documento_enmascarado']}",
        "institucion": c["nombre_institucion"],
        "codigo_modular": f"{c['codigo_modular']}-{c['anexo']}",
        "modalidad": c["modalidad"],
        "nivel": c["nivel"],
        "grados": list(c["grados"]),
        "emitido_en": c["emitido_en"].isoformat(),
        "sha256": c["sha256"],
    }
    if c["sha256_original"] and c["sha256_original"] != c["sha256"]:
        resumen["sha256_original"] = c["sha256_original"]
    if c["estado"] == SUSTITUIDO:
        resumen["sustituido_por"] = agrupar(c["sustituido_por"])
    elif c["estado"] == ANULADO:
        resumen["motivo_anulacion"] = c["motivo_anulacion"]
        resumen["anulado_en"] = c["anulado_en"].isoformat()
    return resumen


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
        nombres: str = "",
        apellidos: str = "",
        numero_documento: str = "",
        huella: str | None = None,
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
        # Shown only to whoever also gives the holder's document number (as the ministry does).
        self.nombres = nombres
        self.apellidos = apellidos
        self.numero_documento = numero_documento
        self.huella = huella  # SHA-256 (hex) of the printed content the QR's seal signs
        self._resumir()

    def _resumir(self) -> None:
        """Keep the public summary ready: a lookup then reads one column (see vistas)."""
        self.resumen = resumir({campo: getattr(self, campo) for campo in _CAMPOS_RESUMEN})

    def sustituir(self, por: str, sha256_con_marca: str) -> None:
        """A newer certificate exists; an annulment still takes precedence."""
        self.sustituido_por = por
        self.sha256 = sha256_con_marca
        if self.estado != ANULADO:
            self.estado = SUSTITUIDO
        self._resumir()

    def anular(self, motivo: str, en: datetime) -> None:
        self.estado = ANULADO
        self.motivo_anulacion = motivo
        self.anulado_en = en
        self._resumir()

    def version_del_archivo(self, sha256: str) -> str | None:
        """Which issued version a PDF with this SHA-256 is, or None when it is none of them."""
        if sha256 == self.sha256_original:
            return ORIGINAL
        if sha256 == self.sha256:
            return CON_MARCA_DE_AGUA
        return None


def documento_coincide(registrado: str | None, dado: str) -> bool:
    """Same document number, compared in constant time on bytes (any input compares)."""
    iguales = hmac.compare_digest((registrado or "").encode(), dado.encode())
    return iguales and bool(registrado)  # rows from before numbers were kept match nothing
