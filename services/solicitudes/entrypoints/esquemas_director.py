"""Request schemas of the staff side: queues, settings, emisión directa, registry loading."""

from __future__ import annotations

from marshmallow import ValidationError, post_load, validate, validates_schema

from services.solicitudes.domain.identidad import VINCULOS
from services.solicitudes.domain.modelo import ESTADOS, MOTIVOS
from services.solicitudes.entrypoints.esquemas import (
    DatosSolicitudEsquema,
    PersonaConPaisEsquema,
    PersonaEsquema,
)
from shared.campos import Anidado, Booleano, Correo, Entero, Esquema, Lista, Texto
from shared.documentos import TIPOS_DOCUMENTO, error_numero_documento, normalizar_numero
from shared.esquemas_comunes import (
    ANEXO,
    CODIGO_MODULAR,
    DocumentoEsquema,
    PaginaEsquema,
    largo,
    uno_de,
)

COMPLETITUDES = ("SIN INFORMACIÓN", "INFORMACIÓN INCOMPLETA", "INFORMACIÓN COMPLETA")


class EmisionEsquema(Esquema):
    numeros_solicitud = Lista(
        Entero(validate=validate.Range(min=1, error="Número no válido.")),
        required=True,
        # Semi-automatic emission of a whole IE: up to 10,000 in one lote.
        validate=validate.Length(min=1, max=10_000, error="Indique de {min} a {max} solicitudes."),
    )


class ReintentoEsquema(Esquema):
    numeros_solicitud = Lista(
        Entero(validate=validate.Range(min=1, error="Número no válido.")),
        load_default=None,
        validate=validate.Length(max=10_000, error="Como máximo {max} solicitudes."),
    )


class IEEsquema(Esquema):
    """An IE the user may act on; a director's own by default."""

    codigo_modular = Texto(validate=CODIGO_MODULAR)
    anexo = Texto(load_default="0", validate=ANEXO)


class ColaEsquema(PaginaEsquema, IEEsquema):
    """Queue filters («Solicitudes pendientes»): state, completeness, document, name."""

    estado = Texto(validate=uno_de(ESTADOS))
    completitud = Texto(validate=uno_de(COMPLETITUDES))
    numero_documento = Texto(validate=largo(1, 20))
    texto = Texto(validate=largo(2, 80))


class EstudiantesEsquema(PaginaEsquema, IEEsquema):
    pass


class HabilitarEsquema(IEEsquema):
    habilitar_solicitud = Booleano(required=True)


class RechazoEsquema(Esquema):
    motivo_rechazo = Texto(required=True, validate=largo(5, 500))


class GenerarEsquema(Esquema):
    """What may change from the issued certificate's request (all optional)."""

    motivo_solicitud = Texto(validate=uno_de(MOTIVOS))
    motivo_otro = Texto(validate=validate.Length(max=150, error="Como máximo {max} caracteres."))
    correo = Correo()
    celular = Texto(
        validate=validate.Regexp(r"^9\d{8}$", error="El celular tiene 9 dígitos y empieza con 9.")
    )


class BusquedaEstudianteEsquema(PersonaEsquema):
    pass


class EmisionDirectaEsquema(PersonaEsquema, DatosSolicitudEsquema, IEEsquema):
    """«Búsqueda de estudiantes» → «Información adicional»."""


class PersonaRegistradaEsquema(PersonaConPaisEsquema):
    """One row of the identity registry (CSV or JSON); a foreign document names its country."""

    fallecido = Booleano(
        load_default=False,
        truthy={True, "1", "true", "TRUE", "S", "SI", "SÍ", "s", "si", "sí"},
        falsy={False, "0", "false", "FALSE", "N", "NO", "n", "no", ""},
    )

    @post_load
    def _peru_por_defecto(self, datos, **_kwargs):
        datos["pais"] = datos.get("pais") or "PERÚ"
        return datos


class VinculoEsquema(DocumentoEsquema):
    """A parent or apoderado (first two columns) of a minor (the student's document)."""

    apoderado_tipo_documento = Texto(required=True, validate=uno_de(TIPOS_DOCUMENTO))
    apoderado_numero_documento = Texto(required=True, validate=largo(1, 20))
    vinculo = Texto(required=True, validate=uno_de(VINCULOS))

    @validates_schema
    def _formato_apoderado(self, datos, **_kwargs):
        tipo, numero = (
            datos.get("apoderado_tipo_documento"),
            datos.get("apoderado_numero_documento"),
        )
        if tipo in TIPOS_DOCUMENTO and numero:
            error = error_numero_documento(tipo, numero)
            if error:
                raise ValidationError(error, "apoderado_numero_documento")
            datos["apoderado_numero_documento"] = normalizar_numero(numero)


class RegistroIdentidadEsquema(Esquema):
    personas = Lista(Anidado(PersonaRegistradaEsquema), load_default=list)
    vinculos = Lista(Anidado(VinculoEsquema), load_default=list)
