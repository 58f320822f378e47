"""The verification read model: what a verifier may learn from a código virtual."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import UTC, datetime

from shared.documentos import TIPOS_DOCUMENTO
from shared.i18n import N_
from shared.identificadores import agrupar

VIGENTE = "VIGENTE"
SUSTITUIDO = "SUSTITUIDO"
ANULADO = "ANULADO"
NO_ENCONTRADO = "NO_ENCONTRADO"

# What an uploaded PDF turns out to be, compared with the record of its código virtual:
# issued under this code (and the certificate's state now), or not issued at all.
GENUINO = "GENUINO"  # issued, and the certificate is VIGENTE
GENUINO_SUSTITUIDO = "GENUINO_SUSTITUIDO"  # issued, but a newer certificate replaced it
GENUINO_ANULADO = "GENUINO_ANULADO"  # issued, but the certificate was annulled
ALTERADO = "ALTERADO"
_GENUINO_SEGUN_ESTADO = {VIGENTE: GENUINO, SUSTITUIDO: GENUINO_SUSTITUIDO, ANULADO: GENUINO_ANULADO}
PDF = "PDF"  # what was uploaded: the certificate's PDF...
CREDENCIAL = "CREDENCIAL"  # ...or its Verifiable Credential (.jwt, or JSON enveloping it)
ORIGINAL = "ORIGINAL"  # the PDF as first issued
CON_MARCA_DE_AGUA = "CON_MARCA_DE_AGUA"  # re-rendered later with a mark (SUSTITUIDO, ANULADO)

MENSAJES = {
    VIGENTE: N_("El certificado es auténtico y está vigente."),
    SUSTITUIDO: N_(
        "Este certificado fue reemplazado por uno más reciente: no es el último emitido."
    ),
    ANULADO: N_("Este certificado fue anulado y no tiene validez."),
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
        "nombre_enmascarado": c["nombre_enmascarado"],
        "documento_enmascarado": f"{tipo} {c['documento_enmascarado']}",
        "nombre_institucion": c["nombre_institucion"],
        "codigo_modular": c["codigo_modular"],
        "anexo": c["anexo"],
        "modalidad": c["modalidad"],
        "nivel": c["nivel"],
        "grados": list(c["grados"]),
        "emitido_en": c["emitido_en"].isoformat(),
        # The holder's file is the one first issued; a later re-rendered copy has its own hash.
        "sha256": c["sha256_original"] or c["sha256"],
    }
    if c["sha256_original"] and c["sha256_original"] != c["sha256"]:
        resumen["sha256_con_marca"] = c["sha256"]
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
        lista_estado: int | None = None,
        indice_estado: int | None = None,
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
        # Its position in the status lists verificacion publishes (None: issued before them).
        self.lista_estado = lista_estado
        self.indice_estado = indice_estado
        self._resumir()

    def _resumir(self) -> None:
        """Keep the public summary ready: a lookup then reads one column (see vistas)."""
        self.resumen = resumir({campo: getattr(self, campo) for campo in _CAMPOS_RESUMEN})

    def sustituir(self, por: str, sha256_con_marca: str) -> None:
        """A newer certificate exists; an annulment still takes precedence."""
        self.sustituido_por = por
        self._copia_marcada(sha256_con_marca)
        if self.estado != ANULADO:
            self.estado = SUSTITUIDO
        self._resumir()

    def anular(self, motivo: str, en: datetime, sha256_con_marca: str | None = None) -> None:
        """Void it; ``sha256_con_marca`` when emision re-rendered its PDF with the mark."""
        self.estado = ANULADO
        self.motivo_anulacion = motivo
        self.anulado_en = en
        self._copia_marcada(sha256_con_marca)
        self._resumir()

    def _copia_marcada(self, sha256: str | None) -> None:
        """The stored PDF was re-rendered: the holder's original keeps ``sha256_original``."""
        if sha256:
            self.sha256 = sha256

    def version_del_archivo(self, sha256: str) -> str | None:
        """Which issued version a PDF with this SHA-256 is, or None when it is none of them."""
        if sha256 == self.sha256_original:
            return ORIGINAL
        if sha256 == self.sha256:
            return CON_MARCA_DE_AGUA
        return None

    def resultado_del_archivo(self, sha256: str) -> str:
        """GENUINO only while the certificate is valid; genuine-but-not-valid otherwise."""
        if self.version_del_archivo(sha256) is None:
            return ALTERADO
        return _GENUINO_SEGUN_ESTADO[self.estado]


def credencial_coincide(vc: dict, c: Mapping) -> bool:
    """An (authentic) credential is this certificate's: same code, holder, moment of issue."""
    sujeto = vc.get("credentialSubject") if isinstance(vc, dict) else None
    if not isinstance(sujeto, dict):
        return False
    try:
        emitido = datetime.fromisoformat(str(vc.get("validFrom")))
    except ValueError:
        return False
    emitido_en = c["emitido_en"]
    if emitido_en.tzinfo is None:  # SQLite hands back naive UTC
        emitido_en = emitido_en.replace(tzinfo=UTC)
    return (
        str(sujeto.get("codigo_virtual", "")).replace("-", "") == c["codigo_virtual"]
        and documento_coincide(c["numero_documento"], str(sujeto.get("numero_documento", "")))
        and emitido == emitido_en
    )


def documento_coincide(registrado: str | None, dado: str) -> bool:
    """Same document number, compared in constant time on bytes (any input compares)."""
    iguales = hmac.compare_digest((registrado or "").encode(), dado.encode())
    return iguales and bool(registrado)  # rows from before numbers were kept match nothing
