"""The panel's forms (server-side validation; the API validates again and maps its errors)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from shared.documentos import TIPOS_DOCUMENTO as DOCUMENTOS
from web.comun.formularios import Formulario, opciones

ESTADOS = [
    ("", "Todos"),
    ("PENDIENTE", "PENDIENTE"),
    ("EN EMISIÓN", "EN EMISIÓN"),
    ("ERROR", "ERROR"),
]
COMPLETITUDES = [
    ("", "Todas"),
    ("INFORMACIÓN COMPLETA", "INFORMACIÓN COMPLETA"),
    ("INFORMACIÓN INCOMPLETA", "INFORMACIÓN INCOMPLETA"),
    ("SIN INFORMACIÓN", "SIN INFORMACIÓN"),
]
CORREO = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # the API checks it fully; this catches typos early
TIPOS_DOCUMENTO = [(k, v) for k, v in DOCUMENTOS.items() if k != "CODIGO_ESTUDIANTE"]


class FormularioFiltros(Formulario):
    """Filters of a queue: POSTed (a document number never goes into a URL)."""

    estado = SelectField("Estado", choices=opciones(ESTADOS), validators=[Optional()])
    completitud = SelectField(
        "Información", choices=opciones(COMPLETITUDES), validators=[Optional()]
    )
    numero_documento = StringField(
        "N° de documento",
        validators=[Optional(), Length(max=20, message="Como máximo 20 caracteres.")],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    texto = StringField(
        "Apellidos y nombres",
        validators=[Optional(), Length(min=2, max=80, message="Entre 2 y 80 caracteres.")],
    )


class FormularioRechazo(Formulario):
    motivo_rechazo = TextAreaField(
        "Motivo del rechazo",
        validators=[
            InputRequired("Indique el motivo del rechazo."),
            Length(min=5, max=500, message="El motivo tiene entre 5 y 500 caracteres."),
        ],
    )


class FormularioReenvio(Formulario):
    correo_alternativo = StringField(
        "Correo alternativo",
        validators=[
            Optional(),
            Length(max=254, message="Como máximo 254 caracteres."),
            Regexp(CORREO, message="Ingrese un correo electrónico válido (nombre@dominio.pe)."),
        ],
        render_kw={
            "type": "email",
            "autocomplete": "email",
            "placeholder": "Ingrese Correo Electronico Alternativo",
        },
    )


class FormularioAnulacion(Formulario):
    motivo_anulacion = TextAreaField(
        "Motivo de la anulación",
        validators=[
            InputRequired("Indique el motivo de la anulación."),
            Length(min=10, max=500, message="El motivo tiene entre 10 y 500 caracteres."),
        ],
    )


class FormularioSeleccion(Formulario):
    """GENERAR: the requests ticked in a queue (numbers, validated by the API)."""

    todas = BooleanField("Seleccionar todas las de INFORMACIÓN COMPLETA")
    origen = HiddenField()


def _limite(etiqueta: str) -> IntegerField:
    return IntegerField(
        etiqueta,
        validators=[
            InputRequired(f"Indique {etiqueta.lower()}."),
            NumberRange(0, 30, message="Un número de 0 a 30."),
        ],
        render_kw={"inputmode": "numeric"},
    )


class FormularioParametros(Formulario):
    min_areas = _limite("Mínimo Áreas Curriculares")
    max_areas = _limite("Máximo Áreas Curriculares")
    min_talleres = _limite("Mínimo Talleres")
    max_talleres = _limite("Máximo Talleres")


class FormularioTaller(Formulario):
    nombre = StringField(
        "Nombre del taller",
        validators=[
            InputRequired("Indique el nombre del taller."),
            Length(min=2, max=100, message="Entre 2 y 100 caracteres."),
        ],
    )


class FormularioBusquedaTalleres(Formulario):
    estado = SelectField(
        "Estado",
        choices=opciones([("", "Seleccione"), ("ACTIVO", "Activo"), ("INACTIVO", "Inactivo")]),
    )
    nombre = StringField("Nombre", render_kw={"placeholder": "Ingrese descripción"})


class FormularioBusquedaEstudiante(Formulario):
    """Emisión directa → Búsqueda de estudiantes (ESTUDIANTE, DATOS PERSONALES)."""

    tipo_documento = SelectField("Tipo de documento", choices=opciones(TIPOS_DOCUMENTO))
    numero_documento = StringField(
        "N° de documento",
        validators=[
            InputRequired("Ingrese el número de documento."),
            Length(max=20, message="Como máximo 20 caracteres."),
        ],
        render_kw={"autocomplete": "off"},
    )
    nombres = StringField(
        "Nombres", validators=[InputRequired("Ingrese los nombres."), Length(max=120)]
    )
    primer_apellido = StringField(
        "Primer apellido",
        validators=[InputRequired("Ingrese el primer apellido."), Length(max=80)],
    )
    segundo_apellido = StringField("Segundo apellido", validators=[Optional(), Length(max=80)])
    fecha_nacimiento = DateField(
        "Fecha de nacimiento",
        validators=[InputRequired("Ingrese la fecha de nacimiento (día, mes y año).")],
    )


class FormularioInformacionAdicional(Formulario):
    """Emisión directa → INFORMACIÓN ADICIONAL of the request the director creates."""

    nivel = SelectField(
        "Nivel", choices=opciones([("SECUNDARIA", "SECUNDARIA"), ("PRIMARIA", "PRIMARIA")])
    )
    ultimo_anio = IntegerField(
        "Último año",
        validators=[
            InputRequired("Ingrese el último año de estudios."),
            NumberRange(1900, 2100, message="Un año de cuatro cifras."),
        ],
        render_kw={"inputmode": "numeric"},
    )
    ultimo_grado = SelectField(
        "Último grado de estudio",
        choices=opciones(
            (g, g) for g in ("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO")
        ),
    )
    motivo_solicitud = SelectField("Motivo de solicitud", choices=[])
    correo = StringField(
        "Correo electrónico",
        validators=[
            InputRequired("Ingrese el correo electrónico del estudiante."),
            Regexp(CORREO, message="Ingrese un correo electrónico válido (nombre@dominio.pe)."),
        ],
        render_kw={"type": "email", "autocomplete": "email"},
    )
