"""The JSON-LD context of the certificate's Verifiable Credential: the terms VC 2.0 / OB 3.0 lack.

Served publicly by verificacion (``RUTA``, under the public base URL the QR uses), which is
what credentials name in ``@context``; emision still serves it at its own path for the
credentials issued before, which name that one.
"""

from __future__ import annotations

RUTA = "/api/verificacion/credenciales/contexto/v1"
# OpenAPI of the context document.
ESQUEMA_CONTEXTO = {
    "type": "object",
    "required": ["@context"],
    "properties": {"@context": {"type": "object", "description": "término → IRI"}},
}


def url_contexto(url_verificacion: str) -> str:
    """The context's public URL, from the same public base URL as the QR."""
    return url_verificacion + RUTA


def contexto_jsonld(base: str) -> dict:
    """Our JSON-LD context: every term of the credential above that VC 2.0 / OB 3.0 lack."""
    terminos = [
        "CertificadoOficialDeEstudios",
        "tipo_documento",
        "numero_documento",
        "nombres",
        "primer_apellido",
        "segundo_apellido",
        "codigo_virtual",
        "modalidad",
        "nivel",
        "grados",
        "grado",
        "anio_lectivo",
        "codigo_modular",
        "anexo",
        "situacion_final",
        "calificaciones",
        "area",
        "tipo_area",
        "calificacion",
        "escala",
        "competencias",
        "nombre",
        "codigos_modulares",
        "rol_emisor",
    ]
    return {"@context": {"@protected": True, **{t: f"{base}#{t}" for t in terminos}}}
