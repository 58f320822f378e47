"""Commands of the emision service: what staff ask of it (issuing is driven by events)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnularCertificado:
    codigo_virtual: str
    motivo_anulacion: str
