"""Response schemas of emision's routes (they document the OpenAPI)."""

from __future__ import annotations

from shared.campos import Anidado, Booleano, Entero, Esquema, FechaHora, Lista, Texto
from shared.esquemas_comunes import enum_de

PDF = {"type": "string", "format": "binary"}


class AnulacionSalida(Esquema):
    codigo_virtual = Texto()
    estado = Texto(metadata=enum_de(("ANULADO",)))


class ClaveSalida(Esquema):
    kid = Texto()
    algoritmo = Texto(metadata=enum_de(("Ed25519",)))
    clave_publica = Texto(metadata={"description": "32 bytes en base64url, sin relleno"})
    valido_desde = FechaHora()
    valido_hasta = FechaHora(allow_none=True)
    activa = Booleano()


class ClavesSalida(Esquema):
    claves = Lista(Anidado(ClaveSalida))


class CertificadoFirmaSalida(Esquema):
    sujeto = Texto()
    emisor = Texto()
    numero_serie = Texto(metadata={"description": "hexadecimal"})
    valido_desde = FechaHora()
    valido_hasta = FechaHora()
    huella_sha256 = Texto()


class CertificadoFirmaHistorialSalida(CertificadoFirmaSalida):
    activo = Booleano()


class ClavesOperacionesSalida(ClavesSalida):
    certificado_pdf = Anidado(CertificadoFirmaSalida)
    certificados_pdf = Lista(
        Anidado(CertificadoFirmaHistorialSalida),
        metadata={"description": "el activo primero, luego los anteriores (siguen válidos)"},
    )
    modo_certificado_pdf = Texto(
        metadata={
            "description": "LOCAL (CA local: la rotación emite uno nuevo), CARPETA (el más "
            "reciente vigente de PADES_CERTIFICADO) o CONFIGURADO (cambia por configuración)"
        }
    )


class RotacionSalida(Esquema):
    kid = Texto(metadata={"description": "la nueva clave activa"})
    numero_serie_pdf = Texto(
        allow_none=True, metadata={"description": "serie (hex) del certificado PDF activo"}
    )
    mensaje = Texto()


class CompetenciaSalida(Esquema):
    nombre = Texto()
    calificacion = Texto(allow_none=True)


class CalificacionSalida(Esquema):
    area = Texto()
    tipo_area = Texto(metadata=enum_de(("AREA", "TALLER", "COMPETENCIA_TRANSVERSAL")))
    calificacion = Texto(allow_none=True)
    competencias = Lista(Anidado(CompetenciaSalida))


class GradoSalida(Esquema):
    grado = Texto()
    anio_lectivo = Entero()
    codigo_modular = Texto()
    anexo = Texto()
    situacion_final = Texto(allow_none=True)
    calificaciones = Lista(Anidado(CalificacionSalida))


class EstudianteSalida(Esquema):
    tipo_documento = Texto()
    numero_documento = Texto()
    nombres = Texto()
    primer_apellido = Texto()
    segundo_apellido = Texto()


class ObservacionSalida(Esquema):
    tipo = Texto()
    anio = Entero()
    resolucion = Texto()
    motivo = Texto()


class ContenidoSalida(Esquema):
    """What the PDF prints, as data: the verifier's HTML rendering of the certificate."""

    codigo_virtual = Texto()
    numero_solicitud = Entero()
    emitido_en = FechaHora()
    modalidad = Texto()
    nivel = Texto()
    nombre_institucion = Texto()
    estudiante = Anidado(EstudianteSalida)
    grados = Lista(Anidado(GradoSalida))
    observaciones = Lista(Anidado(ObservacionSalida))
