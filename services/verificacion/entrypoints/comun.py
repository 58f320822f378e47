"""What the API and the page share: code parsing, the PDF upload check, the app's adapters."""

from __future__ import annotations

import hashlib
import io

from flask import Request, current_app
from werkzeug.datastructures import FileStorage

from shared.errores import CodigoMalEscrito, ErrorDeDominio
from shared.identificadores import LONGITUD_CODIGO_VIRTUAL, mensaje_mal_escrito, normalizar

MENSAJE_MAL_ESCRITO = mensaje_mal_escrito("código virtual")
MAX_PDF = 10 * 1024 * 1024


class TipoNoAdmitido(ErrorDeDominio):
    estado_http = 415
    codigo = "tipo_no_admitido"


class PeticionEnMemoria(Request):
    """Uploaded files stay in memory (≤ 10 MB): a PDF being checked never touches the disk."""

    max_content_length = MAX_PDF + 64 * 1024  # the PDF plus the form's own bytes

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        return io.BytesIO()


def canonico(codigo: str) -> str:
    """The código virtual without hyphens; CodigoMalEscrito before any lookup."""
    try:
        return normalizar(codigo, LONGITUD_CODIGO_VIRTUAL)
    except ValueError as exc:
        raise CodigoMalEscrito(MENSAJE_MAL_ESCRITO, "codigo_virtual") from exc


def sha256_del_pdf(archivo: FileStorage | None) -> str:
    """SHA-256 of an uploaded PDF; refuses what is not one. Nothing is kept."""
    if archivo is None or not archivo.filename:
        raise ErrorDeDominio("Adjunte el archivo PDF del certificado.", "archivo")
    if archivo.mimetype != "application/pdf":
        raise TipoNoAdmitido("Solo se aceptan archivos PDF (application/pdf).", "archivo")
    contenido = archivo.stream.read(MAX_PDF + 1)
    if len(contenido) > MAX_PDF:
        raise ErrorDeDominio("El archivo supera los 10 MB.", "archivo")
    if not contenido.startswith(b"%PDF-"):
        raise TipoNoAdmitido("El archivo no es un PDF.", "archivo")
    return hashlib.sha256(contenido).hexdigest()


def uow():
    return current_app.extensions["mc"].uow_factory()


def claves():
    return current_app.extensions["claves_publicas"]


def emision():
    return current_app.extensions["cliente_emision"]
