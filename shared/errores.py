"""Errors that cross layers: how a handler tells the entrypoint what went wrong."""

from __future__ import annotations


class ErrorDeDominio(Exception):
    """A business rule refused the operation: 4xx over HTTP, dead letter (no retry) in a worker."""

    estado_http = 422
    codigo = "regla_de_negocio"

    def __init__(self, mensaje: str, campo: str | None = None):
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.campo = campo


class NoEncontrado(ErrorDeDominio):
    estado_http = 404
    codigo = "no_encontrado"


class Conflicto(ErrorDeDominio):
    estado_http = 409
    codigo = "conflicto"


class SinPermiso(ErrorDeDominio):
    estado_http = 403
    codigo = "sin_permiso"


class CodigoMalEscrito(ErrorDeDominio, ValueError):
    """A typed code (wrong length, foreign character, failing check): caught before any lookup."""

    estado_http = 400
    codigo = "codigo_mal_escrito"

    def __init__(self, mensaje: str, campo: str | None = None, escrito: str = ""):
        super().__init__(mensaje, campo)
        self.escrito = escrito  # what was typed, for logs (the response shows ``mensaje``)

    def __str__(self) -> str:
        return f"{self.mensaje} (escrito: {self.escrito!r})" if self.escrito else self.mensaje


class ServicioNoDisponible(ErrorDeDominio):
    """Something the operation needs (broker, emision, keys) is down: nothing was done, retry."""

    estado_http = 503
    codigo = "servicio_no_disponible"


class ErrorTransitorio(Exception):
    """Worth retrying later (a dependency is down, data not arrived yet): retried with backoff."""
