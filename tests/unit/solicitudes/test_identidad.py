"""Who may ask for whose certificate, checked against the identity registry (no I/O)."""

from __future__ import annotations

from datetime import date

import pytest

from services.solicitudes.domain.identidad import (
    APODERADO,
    ESTUDIANTE,
    DatosPersona,
    PersonaRegistrada,
    Representado,
    criterio_que_falla,
    edad,
    normalizar_texto,
    validar_personas,
)
from shared.errores import ErrorDeDominio

HOY = date(2025, 6, 15)

# The seed's example (Carné de Extranjería), his minor daughter, and others.
ARTURO = PersonaRegistrada(
    "CE", "001112311", "ARTURO JOHEL", "RAMÍREZ", "", date(1979, 11, 1), "VENEZUELA",
    representados=(Representado("DNI", "81234567", "PADRE"),),
)  # fmt: skip
SOFIA = PersonaRegistrada(
    "DNI", "81234567", "SOFÍA VALENTINA", "RAMÍREZ", "FLORES", date(2012, 8, 20), "PERÚ"
)
OTRO_MENOR = PersonaRegistrada(
    "DNI", "82345678", "LUIS", "QUISPE", "MAMANI", date(2010, 1, 1), "PERÚ"
)
FALLECIDO = PersonaRegistrada(
    "DNI", "40000001", "JUAN", "PÉREZ", "SOTO", date(1960, 5, 5), "PERÚ", fallecido=True
)
HERMANO_MENOR = PersonaRegistrada(
    "DNI", "71111111", "PEDRO", "RAMÍREZ", "FLORES", date(2008, 6, 16), "PERÚ",
    representados=(Representado("DNI", "81234567", "APODERADO"),),
)  # fmt: skip


class RegistroEnMemoria:
    def __init__(self, *personas: PersonaRegistrada):
        self.personas = {(p.tipo_documento, p.numero_documento): p for p in personas}

    def consultar(self, tipo, numero):
        return self.personas.get((tipo, numero))


REGISTRO = RegistroEnMemoria(ARTURO, SOFIA, OTRO_MENOR, FALLECIDO, HERMANO_MENOR)


def tecleado(p: PersonaRegistrada, **cambios) -> DatosPersona:
    datos = {
        "tipo_documento": p.tipo_documento,
        "numero_documento": p.numero_documento,
        "nombres": p.nombres,
        "primer_apellido": p.primer_apellido,
        "segundo_apellido": p.segundo_apellido,
        "fecha_nacimiento": p.fecha_nacimiento,
        "pais": p.pais,
    }
    datos.update(cambios)
    return DatosPersona(**datos)


def _error(*args) -> ErrorDeDominio:
    with pytest.raises(ErrorDeDominio) as exc:
        validar_personas(REGISTRO, *args, HOY)
    return exc.value


def test_se_compara_sin_tildes_mayusculas_ni_espacios_de_mas():
    assert normalizar_texto("  Ramírez   Ñahui ") == "RAMIREZ NAHUI"
    tipeado = tecleado(ARTURO, primer_apellido="ramirez", nombres="arturo  johel", pais="Venezuela")
    assert criterio_que_falla(ARTURO, tipeado) is None


def test_el_ejemplo_del_ministerio_como_estudiante():
    # RAMIREZ, ARTURO JOHEL, CE 001112311, 01/11/1979, VENEZUELA, typed without the accent.
    validadas = validar_personas(
        REGISTRO, ESTUDIANTE, tecleado(ARTURO, primer_apellido="RAMIREZ"), None, HOY
    )
    assert validadas.estudiante is ARTURO and validadas.apoderado is None


def test_el_ejemplo_del_ministerio_como_apoderado_de_su_hija():
    validadas = validar_personas(
        REGISTRO, APODERADO, tecleado(SOFIA), tecleado(ARTURO, primer_apellido="RAMIREZ"), HOY
    )
    assert validadas.apoderado is ARTURO and validadas.estudiante is SOFIA


@pytest.mark.parametrize(
    ("cambio", "campo", "mensaje"),
    [
        ({"fecha_nacimiento": date(1979, 1, 11)}, "fecha_nacimiento", "La fecha de nacimiento"),
        ({"primer_apellido": "RAMOS"}, "primer_apellido", "El primer apellido"),
        ({"segundo_apellido": "PÉREZ"}, "segundo_apellido", "El segundo apellido"),
        ({"nombres": "ARTURO"}, "nombres", "Los nombres"),
        ({"pais": "COLOMBIA"}, "pais", "El país"),
    ],
)
def test_un_criterio_que_no_coincide_se_nombra_sin_revelar_el_registro(cambio, campo, mensaje):
    error = _error(ESTUDIANTE, tecleado(ARTURO, **cambio), None)
    assert error.campo == campo
    verbo = "coinciden" if campo == "nombres" else "coincide"
    assert error.mensaje == f"{mensaje} del estudiante no {verbo} con el registro de identidad."
    for dato in ("RAMÍREZ", "1979", "VENEZUELA", "ARTURO JOHEL"):
        assert dato not in error.mensaje


def test_el_primer_criterio_que_falla_es_el_que_se_informa():
    error = _error(ESTUDIANTE, tecleado(ARTURO, nombres="X", pais="CHILE"), None)
    assert error.campo == "nombres"


def test_documento_desconocido():
    error = _error(ESTUDIANTE, tecleado(ARTURO, numero_documento="009999999"), None)
    assert error.campo == "numero_documento"
    assert "No encontramos el documento del estudiante" in error.mensaje


def test_un_dni_sin_pais_no_compara_el_pais():
    assert criterio_que_falla(SOFIA, tecleado(SOFIA, pais=None)) is None


def test_menor_sin_apoderado_se_rechaza():
    error = _error(ESTUDIANTE, tecleado(SOFIA), None)
    assert error.campo == "tipo_persona"
    assert error.mensaje.startswith("El estudiante es menor de edad")


def test_mayor_de_edad_no_se_presenta_por_apoderado():
    error = _error(APODERADO, tecleado(ARTURO), tecleado(FALLECIDO))
    assert error.campo == "tipo_persona"
    assert "debe presentar la solicitud personalmente" in error.mensaje


def test_apoderado_que_no_figura_como_padre_ni_apoderado():
    error = _error(APODERADO, tecleado(OTRO_MENOR), tecleado(ARTURO))
    assert error.campo == "apoderado.numero_documento"
    assert error.mensaje == (
        "El apoderado no figura registrado como padre, madre o apoderado del estudiante."
    )


def test_apoderado_menor_de_edad_aunque_este_registrado():
    # 16 years and 364 days on HOY: a registered apoderado, but not of age.
    error = _error(APODERADO, tecleado(SOFIA), tecleado(HERMANO_MENOR))
    assert error.campo == "apoderado.fecha_nacimiento"
    assert error.mensaje == "El apoderado debe ser mayor de edad."


def test_criterio_del_apoderado_que_no_coincide():
    error = _error(APODERADO, tecleado(SOFIA), tecleado(ARTURO, nombres="ARTURO J"))
    assert error.campo == "apoderado.nombres"
    assert error.mensaje == "Los nombres del apoderado no coinciden con el registro de identidad."


def test_persona_fallecida_se_rechaza():
    error = _error(ESTUDIANTE, tecleado(FALLECIDO), None)
    assert error.campo == "numero_documento"
    assert "ha fallecido" in error.mensaje


@pytest.mark.parametrize(
    ("nacimiento", "anios"),
    [(date(2007, 6, 15), 18), (date(2007, 6, 16), 17), (date(2008, 2, 29), 17)],
)
def test_edad_cumplida(nacimiento, anios):
    assert edad(nacimiento, HOY) == anios
