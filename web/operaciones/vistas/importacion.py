"""What the padrón and identity screens share: reading an uploaded CSV, the API's refusal."""

from __future__ import annotations

from web.comun.clientes.base import ErrorApi
from web.comun.formularios import Formulario, aplicar_error_api

LIMITE = 10 * 1024 * 1024  # what the services accept


def leer_csv(campo) -> bytes | None:
    """The uploaded file's bytes, or None with the reason on the field (not a CSV, too big)."""
    archivo = campo.data
    if not archivo or not getattr(archivo, "filename", ""):
        return None
    if not archivo.filename.lower().endswith((".csv", ".txt")):
        campo.errors = [*campo.errors, "El archivo debe ser un CSV (.csv)."]
        return None
    contenido = archivo.read(LIMITE + 1)
    if len(contenido) > LIMITE:
        campo.errors = [*campo.errors, f"El archivo supera {LIMITE // 2**20} MB."]
        return None
    return contenido


def enviar(formulario: Formulario, llamada, mapa: dict[str, str] | None = None) -> dict | None:
    """The API's report, or None with its refusal on the form's fields (5xx propagates)."""
    try:
        return llamada()
    except ErrorApi as exc:
        if exc.estado >= 500:
            raise
        aplicar_error_api(formulario, exc, mapa)
        return None
