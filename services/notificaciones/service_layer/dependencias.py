"""The one dependencies object of the notificaciones handlers: SMTP, templates, PDFs, queue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.notificaciones.adapters.plantillas import Redactor
from services.notificaciones.domain.modelo import PoliticaReintentos


@dataclass(frozen=True)
class Dependencias:
    enviador: object  # .sesion() -> context manager whose value has .enviar(MensajeSaliente)
    redactor: Redactor
    descargar_pdf: Callable[[str], bytes]  # codigo_virtual -> PDF
    adjuntar_pdf: bool
    politica: PoliticaReintentos
    encolar: Callable[[list[int]], None]  # after commit: deliver these emails on the worker
