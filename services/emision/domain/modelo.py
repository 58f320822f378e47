"""Issued certificates and the grade records they are printed from."""

from __future__ import annotations

from datetime import datetime

VIGENTE = "VIGENTE"
COMPLETA = "INFORMACIÓN COMPLETA"


class RegistroLocal:
    """emision's own copy of a student's record for one nivel (fed by RegistroNotasActualizado)."""

    def __init__(
        self,
        tipo_documento: str,
        numero_documento: str,
        nivel: str,
        version: int,
        completitud: str,
        estudiante: dict,
        registro: dict,
    ):
        self.tipo_documento = tipo_documento
        self.numero_documento = numero_documento
        self.nivel = nivel
        self.version = version
        self.completitud = completitud
        self.estudiante = estudiante
        self.registro = registro

    def actualizar(self, version: int, completitud: str, estudiante: dict, registro: dict) -> bool:
        """Take a newer version; an older or repeated one changes nothing."""
        if version <= self.version:
            return False
        self.version, self.completitud = version, completitud
        self.estudiante, self.registro = estudiante, registro
        return True


class Certificado:
    """One issued CE: its código virtual, the request it answers, the PDF's fingerprint."""

    id: int | None

    def __init__(
        self,
        codigo_virtual: str,
        solicitud_id: int,
        numero: int,
        tipo_documento: str,
        numero_documento: str,
        nivel: str,
        version_registro: int,
        sha256: str,
        emitido_en: datetime,
    ):
        self.id = None
        self.codigo_virtual = codigo_virtual
        self.solicitud_id = solicitud_id
        self.numero = numero
        self.tipo_documento = tipo_documento
        self.numero_documento = numero_documento
        self.nivel = nivel
        self.version_registro = version_registro
        self.sha256 = sha256
        self.emitido_en = emitido_en
        self.estado = VIGENTE
