"""Which IE a staff screen acts on: a director's own, or the one a UGEL specialist picked."""

from __future__ import annotations

from flask import session

from web.panel import grilla


def ie_actual(cuenta: dict) -> tuple[str, str] | None:
    """(código modular, anexo) of the IE the screens of Configuración act on."""
    propia = cuenta.get("institucion") or {}
    if propia.get("codigo_modular"):
        return propia["codigo_modular"], propia.get("anexo") or "0"
    elegida = session.get("ie_elegida")
    return tuple(elegida) if elegida else None


def elegir(texto: str) -> tuple[str, str] | None:
    """A UGEL specialist picks an IE by «0000000-0»; None when not written that way."""
    codigo = grilla.separar_codigo(texto)
    if codigo:
        session["ie_elegida"] = list(codigo)
    return codigo


def como_texto(ie: tuple[str, str] | None) -> str:
    return f"{ie[0]}-{ie[1]}" if ie else ""
