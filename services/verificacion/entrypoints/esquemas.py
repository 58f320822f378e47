"""Request and response schemas of the verification API (they make its OpenAPI document)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import fields

from services.verificacion.domain.modelo import (
    ANULADO,
    CREDENCIAL,
    NO_ENCONTRADO,
    PDF,
    SUSTITUIDO,
    VIGENTE,
)
from services.verificacion.domain.sellos import AUTENTICO, NO_AUTENTICO
from shared.campos import Esquema, Texto
from shared.esquemas_comunes import largo


class DocumentoEsquema(Esquema):
    numero_documento = Texto(
        required=True,
        validate=largo(1, 20),
        metadata={"description": "Número de documento del titular (DNI, carné, pasaporte…)"},
    )


class SelloEsquema(Esquema):
    sello = Texto(
        required=True,
        validate=largo(1, 2000),
        metadata={"description": "El sello del QR (parámetro s) o la URL completa del QR"},
    )


class ArchivoEsquema(Esquema):
    archivo = Upload(
        required=True,
        metadata={
            "description": "El PDF (application/pdf) o la credencial verificable: el .jwt "
            "(application/vc+jwt) o el JSON EnvelopedVerifiableCredential que lo envuelve; ≤ 10 MB"
        },
    )


class ResumenEsquema(Esquema):
    codigo_virtual = fields.String()
    estado = fields.String(
        metadata={
            "description": "VIGENTE, SUSTITUIDO, ANULADO o NO_ENCONTRADO",
            "enum": [VIGENTE, SUSTITUIDO, ANULADO, NO_ENCONTRADO],
        },
    )
    mensaje = fields.String()
    nombre_enmascarado = fields.String()
    documento_enmascarado = fields.String(metadata={"description": "Tipo y número enmascarado"})
    nombre_institucion = fields.String()
    codigo_modular = fields.String(metadata={"description": "7 dígitos, sin el anexo"})
    anexo = fields.String()
    modalidad = fields.String()
    nivel = fields.String()
    grados = fields.List(fields.String())
    emitido_en = fields.String()
    sha256 = fields.String(
        metadata={"description": "SHA-256 del PDF tal como se emitió y se entregó al titular"}
    )
    sha256_con_marca = fields.String(
        metadata={"description": "SHA-256 de la copia regenerada con marca (SUSTITUIDO, ANULADO)"}
    )
    sustituido_por = fields.String(metadata={"description": "El certificado más reciente"})
    motivo_anulacion = fields.String()
    anulado_en = fields.String()


class DetalleEsquema(ResumenEsquema):
    nombre_estudiante = fields.String(metadata={"description": "Nombres y apellidos completos"})
    nombres = fields.String()
    apellidos = fields.String()
    tipo_documento = fields.String()
    numero_documento = fields.String()


class CredencialRevisadaEsquema(Esquema):
    firma = fields.String(
        metadata={"description": "AUTENTICO o NO_AUTENTICO", "enum": [AUTENTICO, NO_AUTENTICO]}
    )
    clave_vigente = fields.Boolean(metadata={"description": "La clave regía al emitirse"})
    coincide = fields.Boolean(metadata={"description": "Código, titular y emisión del registro"})
    kid = fields.String(allow_none=True)
    emitido_en = fields.String(allow_none=True)


class ComprobacionEsquema(Esquema):
    clave = fields.String(metadata={"enum": ["integridad", "estado", "sello"]})
    resultado = fields.String(
        metadata={"enum": ["SUPERADA", "ADVERTENCIA", "FALLIDA", "NO_COMPROBADA"]}
    )
    detalle = fields.String()


class FirmaPdfEsquema(Esquema):
    resultado = fields.String(
        metadata={
            "description": "VALIDA (íntegra, cubre todo el archivo, encadena con la CA del "
            "proyecto), ALTERADA, MODIFICADA (revisiones añadidas después de firmar), "
            "NO_CONFIABLE (otra CA), SIN_FIRMA o SIN_CA (verificación sin CA configurada)"
        }
    )
    firmante = fields.String(metadata={"description": "nombre común (organización)"})
    sujeto = fields.String()
    emisor = fields.String()
    numero_serie = fields.String(metadata={"description": "serie del certificado, hexadecimal"})
    firmado_en = fields.String(allow_none=True)


class ArchivoComprobadoEsquema(Esquema):
    codigo_virtual = fields.String()
    resultado = fields.String(
        metadata={
            "description": "GENUINO (emitido y válido), GENUINO_SUSTITUIDO, GENUINO_ANULADO "
            "(emitido, pero ya no vigente) o ALTERADO"
        }
    )
    version_pdf = fields.String(
        allow_none=True, metadata={"description": "ORIGINAL, CON_MARCA_DE_AGUA o null"}
    )
    sha256 = fields.String(metadata={"description": "SHA-256 del archivo recibido"})
    tipo_archivo = fields.String(metadata={"enum": [PDF, CREDENCIAL]})
    mensaje = fields.String()
    credencial = fields.Nested(
        CredencialRevisadaEsquema,
        allow_none=True,
        metadata={"description": "La credencial subida o la que lleva el PDF; null si no lleva"},
    )
    firma_pdf = fields.Nested(
        FirmaPdfEsquema,
        allow_none=True,
        metadata={"description": "La firma PAdES del PDF subido; null para una credencial"},
    )
    comprobaciones = fields.List(fields.Nested(ComprobacionEsquema))
    certificado = fields.Nested(ResumenEsquema)


class RevisionSelloEsquema(Esquema):
    resultado = fields.String(
        metadata={"description": "AUTENTICO, NO_AUTENTICO, ILEGIBLE o SIN_CLAVES"}
    )
    mensaje = fields.String()
    codigo_virtual = fields.String()
    emitido_en = fields.String()
    huella = fields.String(metadata={"description": "SHA-256 del contenido impreso"})
    kid = fields.String()


class SelloComprobadoEsquema(Esquema):
    sello = fields.Nested(RevisionSelloEsquema)
    certificado = fields.Nested(ResumenEsquema, allow_none=True)


class ClaveEsquema(Esquema):
    kid = fields.String()
    algoritmo = fields.String()
    clave_publica = fields.String(metadata={"description": "Clave Ed25519 cruda, base64url"})
    valido_desde = fields.String()
    valido_hasta = fields.String(allow_none=True)
    activa = fields.Boolean()


class ClavesEsquema(Esquema):
    formato_sello = fields.String()
    claves = fields.List(fields.Nested(ClaveEsquema))


class ClavesListasEsquema(Esquema):
    claves = fields.List(fields.Nested(ClaveEsquema))
