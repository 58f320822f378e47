"""Request and response schemas of the citizen's Solicitud WEB (they also make its OpenAPI)."""

from __future__ import annotations

from datetime import date

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from services.solicitudes.domain.identidad import APODERADO, TIPOS_PERSONA
from services.solicitudes.domain.modelo import MOTIVOS
from shared.campos import Anidado, Correo, Entero, Esquema, Fecha, Lista, Texto
from shared.esquemas_comunes import ANEXO, CODIGO_MODULAR, DocumentoEsquema, largo, uno_de

GRADOS = ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO")
# EBR niveles and EBA ciclos (domain.md): the ciclo plays the part of the nivel, as in notas.
GRADOS_POR_NIVEL = {
    "PRIMARIA": GRADOS,
    "SECUNDARIA": GRADOS[:5],
    "CICLO INICIAL": GRADOS[:2],
    "CICLO INTERMEDIO": GRADOS[:3],
    "CICLO AVANZADO": GRADOS[:4],
}
NIVELES = tuple(GRADOS_POR_NIVEL)
# Foreign documents carry a nationality; a DNI holder is Peruvian and a student code has none.
DOCUMENTOS_CON_PAIS = ("CE", "PASAPORTE", "PTP", "CPP")


class PersonaEsquema(DocumentoEsquema):
    """The seed's validation criteria: document, birth date, surnames, names, country."""

    nombres = Texto(required=True, validate=largo(1, 120))
    primer_apellido = Texto(required=True, validate=largo(1, 80))
    segundo_apellido = Texto(load_default="", validate=validate.Length(max=80))
    fecha_nacimiento = Fecha(required=True)
    pais = Texto(load_default=None, allow_none=True, validate=largo(2, 60))

    @validates("fecha_nacimiento")
    def _nacimiento(self, valor: date, **_kwargs):
        if valor >= date.today() or valor.year < 1900:
            raise ValidationError("La fecha de nacimiento no es válida.")


class PersonaConPaisEsquema(PersonaEsquema):
    """The citizen's form asks the country of a foreign document (staff's search does not)."""

    @validates_schema
    def _pais(self, datos, **_kwargs):
        if datos.get("tipo_documento") in DOCUMENTOS_CON_PAIS and not datos.get("pais"):
            raise ValidationError("Indique el país de nacionalidad.", "pais")


class ValidacionEsquema(PersonaConPaisEsquema):
    """Steps 1–4: the IE chosen, who asks (estudiante / apoderado) and their identities."""

    codigo_modular = Texto(required=True, validate=CODIGO_MODULAR)
    anexo = Texto(load_default="0", validate=ANEXO)
    tipo_persona = Texto(load_default="ESTUDIANTE", validate=uno_de(TIPOS_PERSONA))
    apoderado = Anidado(PersonaConPaisEsquema, load_default=None, allow_none=True)

    @validates_schema
    def _apoderado(self, datos, **_kwargs):
        if datos.get("tipo_persona") == APODERADO and not datos.get("apoderado"):
            raise ValidationError("Ingrese los datos del apoderado.", "apoderado")


class DatosSolicitudEsquema(Esquema):
    """What is asked: nivel, the years studied, the motive and how to reach the person."""

    nivel = Texto(required=True, validate=uno_de(NIVELES))
    primer_anio = Entero(load_default=None, allow_none=True)
    ultimo_anio = Entero(required=True)
    ultimo_grado = Texto(required=True, validate=uno_de(GRADOS))
    motivo_solicitud = Texto(required=True, validate=uno_de(MOTIVOS))
    motivo_otro = Texto(
        load_default="", validate=validate.Length(max=150, error="Como máximo {max} caracteres.")
    )
    correo = Correo(required=True)
    celular = Texto(
        load_default="",
        validate=validate.Regexp(
            r"^(9\d{8})?$", error="El celular tiene 9 dígitos y empieza con 9."
        ),
    )

    @validates("ultimo_anio")
    def _anio(self, valor: int, **_kwargs):
        if not 1900 <= valor <= date.today().year:
            raise ValidationError(f"El último año debe estar entre 1900 y {date.today().year}.")

    @validates_schema
    def _grado_del_nivel(self, datos, **_kwargs):
        nivel, grado = datos.get("nivel"), datos.get("ultimo_grado")
        grados = GRADOS_POR_NIVEL.get(nivel, GRADOS)
        if grado in GRADOS and grado not in grados:
            raise ValidationError(
                f"El nivel {nivel} tiene los grados {grados[0]} a {grados[-1]}.", "ultimo_grado"
            )

    @validates_schema
    def _coherencia(self, datos, **_kwargs):
        if datos.get("motivo_solicitud") == "OTROS" and not datos.get("motivo_otro"):
            raise ValidationError("Describa el motivo (máximo 150 caracteres).", "motivo_otro")
        nacimiento, anio = datos.get("fecha_nacimiento"), datos.get("ultimo_anio")
        if nacimiento and anio and anio < nacimiento.year + 3:
            raise ValidationError("El último año es anterior a la edad escolar.", "ultimo_anio")
        primero = datos.get("primer_anio")
        if primero is not None and anio and not 1900 <= primero <= anio:
            raise ValidationError(
                "El primer año de estudios debe estar entre 1900 y el último año.", "primer_anio"
            )


class SolicitudEsquema(ValidacionEsquema, DatosSolicitudEsquema):
    """Step 5: everything, with the terms accepted (their version is recorded)."""

    acepta_terminos = fields.Boolean(
        required=True,
        error_messages={
            "required": "Debe aceptar los términos y condiciones.",
            "invalid": "Debe ser verdadero o falso.",
        },
    )
    terminos_version = Texto(required=True, validate=largo(1, 20))

    @validates("acepta_terminos")
    def _terminos(self, valor: bool, **_kwargs):
        if not valor:
            raise ValidationError("Debe aceptar los términos y condiciones.")


class BusquedaInstitucionEsquema(Esquema):
    q = Texto(required=True, validate=largo(3, 100))


class InstitucionSalida(Esquema):
    codigo_modular = Texto()
    anexo = Texto()
    nombre = Texto()
    estado = Texto()
    codigo_ugel = Texto(allow_none=True, metadata={"example": "150103"})
    nombre_ugel = Texto(metadata={"example": "UGEL 03 BREÑA"})
    modalidad = Texto()
    niveles = Lista(Texto())
    habilitar_solicitud = fields.Boolean()


class ValidacionSalida(Esquema):
    valido = fields.Boolean()
    tipo_persona = Texto()
    nombre_enmascarado = Texto()
    apoderado = Texto()
    nombre_institucion = Texto()


class SolicitudRegistradaSalida(Esquema):
    numero_solicitud = Entero()
    codigo_seguimiento = Texto()
    estado = Texto()
    ruta = Texto()
    atiende = Texto()
    mensaje = Texto()
