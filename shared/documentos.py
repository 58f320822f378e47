"""Identity document types and their format checks, shared by every service."""

from __future__ import annotations

import re

TIPOS_DOCUMENTO = {
    "DNI": "DNI",
    "CE": "Carné de Extranjería",
    "PASAPORTE": "Pasaporte",
    "PTP": "PTP",
    "CPP": "CPP",
    "CODIGO_ESTUDIANTE": "Código del estudiante",
}

# PTP/CPP formats are not confirmed by the ministry: kept permissive on purpose.
_FORMATOS = {
    "DNI": (re.compile(r"\d{8}"), "El DNI tiene 8 dígitos."),
    "CE": (re.compile(r"\d{9}"), "El carné de extranjería tiene 9 dígitos."),
    "PASAPORTE": (re.compile(r"[A-Z0-9]{6,12}"), "El pasaporte tiene de 6 a 12 letras o dígitos."),
    "PTP": (re.compile(r"[A-Z0-9]{6,15}"), "El PTP tiene de 6 a 15 letras o dígitos."),
    "CPP": (re.compile(r"[A-Z0-9]{6,15}"), "El CPP tiene de 6 a 15 letras o dígitos."),
    "CODIGO_ESTUDIANTE": (re.compile(r"\d{14}"), "El código del estudiante tiene 14 dígitos."),
}


def error_numero_documento(tipo: str, numero: str) -> str | None:
    """Why ``numero`` is not a valid document number of ``tipo``, or None when it is."""
    if tipo not in _FORMATOS:
        return "Tipo de documento desconocido."
    patron, mensaje = _FORMATOS[tipo]
    return None if patron.fullmatch(numero.strip().upper()) else mensaje


def normalizar_numero(numero: str) -> str:
    """Document numbers are compared upper case, without surrounding spaces."""
    return numero.strip().upper()


def enmascarar_documento(numero: str) -> str:
    """Show only the last three characters: *****431."""
    visibles = numero[-3:]
    return "*" * max(len(numero) - 3, 0) + visibles


def enmascarar_nombre(nombres: str, apellidos: str) -> str:
    """First name in full, the rest as initials: VANESSA D. F. L."""
    partes = nombres.split()
    primero = partes[0] if partes else ""
    iniciales = [p[0] + "." for p in partes[1:] + apellidos.split() if p]
    return " ".join([primero, *iniciales]).strip()


def enmascarar_correo(correo: str) -> str:
    """Logs never hold a full address: a***@gmail.com."""
    usuario, _, dominio = correo.partition("@")
    return (usuario[:1] + "***@" + dominio) if dominio else "***"
