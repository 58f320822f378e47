"""Commands of the emision service: what staff ask of it (issuing is driven by events)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnularCertificado:
    codigo_virtual: str
    motivo_anulacion: str


@dataclass(frozen=True)
class RotarClaveDeSello:
    """A new Ed25519 key signs the QR seals from now on; the previous one only verifies."""
