"""Emails and their delivery state."""

from __future__ import annotations

from datetime import UTC, datetime

PENDIENTE = "PENDIENTE"
ENVIADO = "ENVIADO"
FALLIDO = "FALLIDO"


class Correo:
    """One email to send for one event and template; its row is the delivery log."""

    id: int | None

    def __init__(self, evento_id: str, plantilla: str, destinatario: str, referencia: str):
        self.id = None
        self.evento_id = evento_id
        self.plantilla = plantilla
        self.destinatario = destinatario
        self.referencia = referencia
        self.estado = PENDIENTE
        self.intentos = 0
        self.ultimo_error = ""
        self.creado_en = datetime.now(UTC)
        self.enviado_en: datetime | None = None

    def registrar_envio(self) -> None:
        self.intentos += 1
        self.estado = ENVIADO
        self.enviado_en = datetime.now(UTC)
        self.ultimo_error = ""

    def registrar_fallo(self, motivo: str) -> None:
        """A permanent failure: kept, with its reason, for operations to replay."""
        self.intentos += 1
        self.estado = FALLIDO
        self.ultimo_error = motivo
