"""The panel's forms (server-side validation; the API validates again and maps its errors)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from shared.documentos import TIPOS_DOCUMENTO as DOCUMENTOS
from web.comun.formularios import Formulario

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
TIPOS_DOCUMENTO = [(k, v) for k, v in DOCUMENTOS.items() if k != "CODIGO_ESTUDIANTE"]


class FormularioFiltros(Formulario):
    """Filters of a queue: POSTed (a document number never goes into a URL)."""

    estado = SelectField("Estado", choices=ESTADOS, validators=[Optional()])
    completitud = SelectField("Información", choices=COMPLETITUDES, validators=[Optional()])
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
            Email("Ingrese un correo electrónico válido.", check_deliverability=False),
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


class FormularioParametros(Formulario):
    def _limite(etiqueta):  # noqa: N805 - a field factory used in the class body
        return IntegerField(
            etiqueta,
            validators=[
                InputRequired(f"Indique {etiqueta.lower()}."),
                NumberRange(0, 30, message="Un número de 0 a 30."),
            ],
            render_kw={"inputmode": "numeric"},
        )

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
        "Estado", choices=[("", "Seleccione"), ("ACTIVO", "Activo"), ("INACTIVO", "Inactivo")]
    )
    nombre = StringField("Nombre", render_kw={"placeholder": "Ingrese descripción"})
