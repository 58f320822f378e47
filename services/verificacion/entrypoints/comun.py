"""What the API and the page share: reading an upload (PDF or credential), the app's adapters."""

from __future__ import annotations

import io

from flask import Request, current_app
from werkzeug.datastructures import FileStorage

from services.verificacion.domain.modelo import CREDENCIAL, PDF
from services.verificacion.service_layer.vistas import TipoNoAdmitido
from shared.errores import ErrorDeDominio
from shared.i18n import N_

MAX_PDF = 10 * 1024 * 1024


class PeticionEnMemoria(Request):
    """Uploaded files stay in memory (≤ 10 MB): a PDF being checked never touches the disk."""

    max_content_length = MAX_PDF + 64 * 1024  # the PDF plus the form's own bytes

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        return io.BytesIO()


# What a browser or a client may call a credential file (browsers often send no type for .jwt).
TIPOS_CREDENCIAL = (
    "application/vc+jwt",
    "application/jwt",
    "application/json",
    "application/ld+json",
)


def leer_archivo(archivo: FileStorage | None) -> tuple[str, bytes]:
    """(PDF or CREDENCIAL, bytes) of an upload; refuses anything else. Nothing is kept."""
    if archivo is None or not archivo.filename:
        raise ErrorDeDominio(
            N_("Adjunte el PDF del certificado o su credencial verificable (.jwt)."), "archivo"
        )
    nombre = archivo.filename.lower()
    if archivo.mimetype == "application/pdf":
        tipo = PDF
    elif archivo.mimetype in TIPOS_CREDENCIAL or nombre.endswith((".jwt", ".json")):
        tipo = CREDENCIAL
    else:
        raise TipoNoAdmitido(
            N_(
                "Solo se aceptan el PDF del certificado (application/pdf) o su credencial "
                "verificable (.jwt o .json)."
            ),
            "archivo",
        )
    contenido = archivo.stream.read(MAX_PDF + 1)
    if len(contenido) > MAX_PDF:
        raise ErrorDeDominio(N_("El archivo supera los 10 MB."), "archivo")
    if tipo == PDF and not contenido.startswith(b"%PDF-"):
        raise TipoNoAdmitido(N_("El archivo no es un PDF."), "archivo")
    return tipo, contenido


def dependencias():
    """verificacion's ``Dependencias`` (emision's client, the copy of its keys)."""
    return current_app.extensions["verificacion"]


def claves():
    return current_app.extensions["verificacion"].claves
