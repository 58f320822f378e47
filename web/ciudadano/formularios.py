"""The Solicitud WEB's question pages: one form per step, validated here and again by the API."""

from __future__ import annotations

from datetime import date

from wtforms import BooleanField, DateField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from shared.documentos import TIPOS_DOCUMENTO
from web.comun.formularios import Formulario

REQUERIDO = "Este dato es obligatorio."
DOCUMENTOS_CON_PAIS = ("CE", "PASAPORTE", "PTP", "CPP")
TIPOS_PERSONA = [
    ("ESTUDIANTE", "Estudiante: solicito mi propio certificado"),
    ("APODERADO", "Apoderado: solicito el certificado de un estudiante menor de edad a mi cargo"),
]
GRADOS = ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO")
NIVELES = ("PRIMARIA", "SECUNDARIA", "CICLO INICIAL", "CICLO INTERMEDIO", "CICLO AVANZADO")


def opciones(pares) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(valor, etiqueta) for valor, etiqueta in pares]


def _requerido(mensaje: str = REQUERIDO):
    return InputRequired(message=mensaje)


DE_2_A_80 = "Escriba de 2 a 80 caracteres."


class FormularioBusqueda(Formulario):
    """Step 1: the school by its name or código modular, and/or where it is."""

    class Meta:
        csrf = False  # a GET search: nothing personal, nothing changes

    q = StringField(
        "Nombre o código modular de la institución educativa",
        validators=[Optional(), Length(min=3, max=100, message="Escriba de 3 a 100 caracteres.")],
    )
    departamento = StringField(
        "Departamento", validators=[Optional(), Length(min=2, max=80, message=DE_2_A_80)]
    )
    provincia = StringField(
        "Provincia", validators=[Optional(), Length(min=2, max=80, message=DE_2_A_80)]
    )
    distrito = StringField(
        "Distrito", validators=[Optional(), Length(min=2, max=80, message=DE_2_A_80)]
    )

    LUGAR = ("departamento", "provincia", "distrito")

    def pedida(self) -> bool:
        """Whether the person searched at all (any criterion typed)."""
        return any((self[c].data or "").strip() for c in ("q", *self.LUGAR))

    def lugar(self) -> dict:
        """The place criteria typed (upper case, as the padrón writes them)."""
        return {c: self[c].data.strip().upper() for c in self.LUGAR if (self[c].data or "").strip()}


class FormularioEleccion(Formulario):
    institucion = StringField(
        "Institución educativa", validators=[_requerido("Elija una institución.")]
    )


class FormularioTerminos(Formulario):
    acepta = BooleanField(
        "He leído y acepto los términos y condiciones",
        validators=[_requerido("Debe aceptar los términos y condiciones para continuar.")],
    )


class FormularioTipoPersona(Formulario):
    tipo_persona = RadioField(
        "¿Quién solicita el certificado?",
        choices=opciones(TIPOS_PERSONA),
        validators=[_requerido("Elija si es el estudiante o su apoderado.")],
    )


class FormularioPersona(Formulario):
    """The seed's six criteria: document, birth date, surnames, names, country."""

    tipo_documento = SelectField(
        "Tipo de documento",
        choices=opciones([("", "Elija uno"), *TIPOS_DOCUMENTO.items()]),
        validators=[_requerido("Elija el tipo de documento.")],
    )
    numero_documento = StringField(
        "N.° de documento",
        validators=[_requerido(), Length(max=20, message="Como máximo 20 caracteres.")],
    )
    fecha_nacimiento = DateField(
        "Fecha de nacimiento",
        validators=[_requerido("Escriba la fecha de nacimiento (día, mes y año).")],
    )
    primer_apellido = StringField(
        "Primer apellido", validators=[_requerido(), Length(max=80, message="Como máximo 80.")]
    )
    segundo_apellido = StringField(
        "Segundo apellido", validators=[Optional(), Length(max=80, message="Como máximo 80.")]
    )
    nombres = StringField(
        "Nombre(s) (solo nombres, sin apellidos)",
        validators=[_requerido(), Length(max=120, message="Como máximo 120 caracteres.")],
    )
    pais = StringField("País de nacionalidad")

    def validate_fecha_nacimiento(self, campo):
        if campo.data and (campo.data >= date.today() or campo.data.year < 1900):
            raise ValidationError("La fecha de nacimiento no es válida.")

    def validate_pais(self, campo):
        pais = (campo.data or "").strip()
        if self.tipo_documento.data in DOCUMENTOS_CON_PAIS and not pais:
            raise ValidationError("Indique el país de nacionalidad del documento extranjero.")
        if pais and not 2 <= len(pais) <= 60:
            raise ValidationError("Escriba de 2 a 60 caracteres.")

    def datos(self) -> dict:
        """The person as the API takes it."""
        return {
            "tipo_documento": self.tipo_documento.data,
            "numero_documento": self.numero_documento.data.strip(),
            "fecha_nacimiento": self.fecha_nacimiento.data.isoformat(),
            "primer_apellido": self.primer_apellido.data.strip(),
            "segundo_apellido": (self.segundo_apellido.data or "").strip(),
            "nombres": self.nombres.data.strip(),
            "pais": (self.pais.data or "").strip() or None,
        }


class FormularioSolicitud(Formulario):
    """Step 5: what is asked and how to reach the person."""

    nivel = SelectField(
        "Nivel",
        choices=opciones([("", "Elija uno"), *((n, n.title()) for n in NIVELES)]),
        validators=[_requerido("Elija el nivel.")],
    )
    ultimo_anio = StringField(
        "Último año de estudios",
        validators=[_requerido(), Regexp(r"^\d{4}$", message="Escriba el año con 4 dígitos.")],
    )
    ultimo_grado = SelectField(
        "Último grado de estudio",
        choices=opciones([("", "Elija uno"), *((g, g) for g in GRADOS)]),
        validators=[_requerido("Elija el último grado.")],
    )
    motivo_solicitud = SelectField(
        "Motivo de la solicitud", validators=[_requerido("Elija el motivo.")]
    )
    motivo_otro = StringField(
        "Describa el motivo", validators=[Optional(), Length(max=150, message="Como máximo 150.")]
    )
    correo = StringField(
        "Correo electrónico",
        validators=[
            _requerido(),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Escriba un correo válido, como nombre@dominio.pe.",
            ),
        ],
    )
    celular = StringField(
        "Celular (opcional)",
        validators=[
            Optional(),
            Regexp(r"^9\d{8}$", message="El celular tiene 9 dígitos y empieza con 9."),
        ],
    )

    def datos(self) -> dict:
        return {
            "nivel": self.nivel.data,
            "ultimo_anio": int(self.ultimo_anio.data),
            "ultimo_grado": self.ultimo_grado.data,
            "motivo_solicitud": self.motivo_solicitud.data,
            "motivo_otro": (self.motivo_otro.data or "").strip(),
            "correo": self.correo.data.strip(),
            "celular": (self.celular.data or "").strip(),
        }


class FormularioSeguimiento(Formulario):
    codigo_seguimiento = StringField(
        "Código de seguimiento",
        validators=[
            _requerido("Escriba el código de seguimiento de su correo."),
            Length(max=40, message="Como máximo 40 caracteres."),
        ],
    )


class FormularioMisCertificados(Formulario):
    codigo_virtual = StringField(
        "Código virtual del certificado",
        validators=[
            _requerido("Escriba el código virtual del certificado."),
            Length(max=40, message="Como máximo 40 caracteres."),
        ],
    )
    numero_documento = StringField(
        "N.° de documento del titular",
        validators=[_requerido(), Length(max=20, message="Como máximo 20 caracteres.")],
    )
