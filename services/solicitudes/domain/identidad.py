"""Identity: who a document belongs to (the registry) and who may ask for whose certificate.

The ministry checks what a citizen types against RENIEC (DNI) and Migraciones (foreign
documents). Here that is the ``RegistroIdentidad`` interface; what is typed is never trusted
alone, and a mismatch names the criterion that failed without revealing the registry's data.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from shared.errores import ErrorDeDominio

ESTUDIANTE = "ESTUDIANTE"
APODERADO = "APODERADO"
TIPOS_PERSONA = (ESTUDIANTE, APODERADO)
VINCULOS = ("PADRE", "MADRE", "APODERADO")
MAYORIA_DE_EDAD = 18

# The seed's validation criteria, in the order the form shows them (número de documento first:
# a document the registry does not know fails before any other criterion is compared).
CRITERIOS = (
    ("fecha_nacimiento", "La fecha de nacimiento"),
    ("primer_apellido", "El primer apellido"),
    ("segundo_apellido", "El segundo apellido"),
    ("nombres", "Los nombres"),
    ("pais", "El país"),
)


@dataclass(frozen=True)
class DatosPersona:
    """What someone typed about a person: document and the validation criteria."""

    tipo_documento: str
    numero_documento: str
    nombres: str
    primer_apellido: str
    segundo_apellido: str
    fecha_nacimiento: date
    pais: str | None = None


@dataclass(frozen=True)
class Representado:
    """A minor a person is registered for, and how (PADRE, MADRE or APODERADO)."""

    tipo_documento: str
    numero_documento: str
    vinculo: str


@dataclass(frozen=True)
class PersonaRegistrada:
    """What the identity registry holds about a document."""

    tipo_documento: str
    numero_documento: str
    nombres: str
    primer_apellido: str
    segundo_apellido: str
    fecha_nacimiento: date
    pais: str
    fallecido: bool = False
    representados: tuple[Representado, ...] = field(default_factory=tuple)

    def representa_a(self, tipo_documento: str, numero_documento: str) -> bool:
        """True when registered as parent or apoderado of that minor."""
        return any(
            (r.tipo_documento, r.numero_documento) == (tipo_documento, numero_documento)
            for r in self.representados
        )


class RegistroIdentidad(Protocol):
    """RENIEC/Migraciones behind one interface (a table today, an HTTP client tomorrow)."""

    def consultar(self, tipo_documento: str, numero_documento: str) -> PersonaRegistrada | None:
        """The registered person with that document, or None."""
        ...


def normalizar_texto(texto: str | None) -> str:
    """Compare as people type: no accents, upper case, single spaces."""
    sin_tildes = "".join(
        c for c in unicodedata.normalize("NFKD", texto or "") if not unicodedata.combining(c)
    )
    return " ".join(sin_tildes.upper().split())


def edad(nacimiento: date, hoy: date) -> int:
    """Completed years on ``hoy``."""
    return hoy.year - nacimiento.year - ((hoy.month, hoy.day) < (nacimiento.month, nacimiento.day))


def criterio_que_falla(registrada: PersonaRegistrada, tecleada: DatosPersona) -> str | None:
    """The first criterion that does not match the registry, or None when all match."""
    for campo, _etiqueta in CRITERIOS:
        valor = getattr(tecleada, campo)
        if campo == "pais" and not valor:
            continue  # a DNI holder is not asked for a country
        if campo == "fecha_nacimiento":
            if valor != registrada.fecha_nacimiento:
                return campo
        elif normalizar_texto(valor) != normalizar_texto(getattr(registrada, campo)):
            return campo
    return None


def verificar_persona(
    registro: RegistroIdentidad, tecleada: DatosPersona, sujeto: str = "estudiante"
) -> PersonaRegistrada:
    """The registered person behind what was typed; refuses unknown, mismatching or deceased."""
    prefijo = "" if sujeto == "estudiante" else f"{sujeto}."
    registrada = registro.consultar(tecleada.tipo_documento, tecleada.numero_documento)
    if registrada is None:
        raise ErrorDeDominio(
            f"No encontramos el documento del {sujeto} en el registro de identidad "
            "(RENIEC / Migraciones); revise el tipo y el número.",
            prefijo + "numero_documento",
        )
    campo = criterio_que_falla(registrada, tecleada)
    if campo:
        etiqueta = dict(CRITERIOS)[campo]
        verbo = "coinciden" if etiqueta.startswith("Los ") else "coincide"
        raise ErrorDeDominio(
            f"{etiqueta} del {sujeto} no {verbo} con el registro de identidad.", prefijo + campo
        )
    if registrada.fallecido:
        raise ErrorDeDominio(
            f"No se puede atender la solicitud: según el registro de identidad, el {sujeto} "
            "ha fallecido.",
            prefijo + "numero_documento",
        )
    return registrada


@dataclass(frozen=True)
class PersonasValidadas:
    estudiante: PersonaRegistrada
    apoderado: PersonaRegistrada | None


def validar_personas(
    registro: RegistroIdentidad,
    tipo_persona: str,
    estudiante: DatosPersona,
    apoderado: DatosPersona | None,
    hoy: date,
) -> PersonasValidadas:
    """An adult student asks personally; a minor only through a registered adult apoderado."""
    est = verificar_persona(registro, estudiante)
    mayor = edad(est.fecha_nacimiento, hoy) >= MAYORIA_DE_EDAD
    if tipo_persona == ESTUDIANTE:
        if not mayor:
            raise ErrorDeDominio(
                "El estudiante es menor de edad: la solicitud la presenta su padre, madre o "
                "apoderado (elija «Apoderado»).",
                "tipo_persona",
            )
        return PersonasValidadas(est, None)
    if mayor:
        raise ErrorDeDominio(
            "El estudiante es mayor de edad: debe presentar la solicitud personalmente "
            "(elija «Estudiante»).",
            "tipo_persona",
        )
    return PersonasValidadas(est, _validar_apoderado(registro, apoderado, est, hoy))


def _validar_apoderado(
    registro: RegistroIdentidad,
    apoderado: DatosPersona | None,
    estudiante: PersonaRegistrada,
    hoy: date,
) -> PersonaRegistrada:
    """An adult, registered as the minor's padre, madre or apoderado."""
    if apoderado is None:
        raise ErrorDeDominio("Ingrese los datos del apoderado.", "apoderado")
    apo = verificar_persona(registro, apoderado, "apoderado")
    if edad(apo.fecha_nacimiento, hoy) < MAYORIA_DE_EDAD:
        raise ErrorDeDominio("El apoderado debe ser mayor de edad.", "apoderado.fecha_nacimiento")
    if not apo.representa_a(estudiante.tipo_documento, estudiante.numero_documento):
        raise ErrorDeDominio(
            "El apoderado no figura registrado como padre, madre o apoderado del estudiante.",
            "apoderado.numero_documento",
        )
    return apo
