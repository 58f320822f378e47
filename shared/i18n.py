"""Marking texts for translation where Flask is not imported (domain and service layer)."""

from __future__ import annotations


def N_(texto: str) -> str:  # noqa: N802 — gettext's own name for the no-op marker
    """Mark ``texto`` for the message catalogs; it is translated where it is shown."""
    return texto
