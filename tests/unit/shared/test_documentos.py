"""Identity document numbers: what the intake form accepts, and what logs and screens show."""

from __future__ import annotations

import pytest

from shared.documentos import (
    TIPOS_DOCUMENTO,
    enmascarar_correo,
    enmascarar_documento,
    enmascarar_nombre,
    error_numero_documento,
    normalizar_numero,
)


@pytest.mark.parametrize(
    ("tipo", "numero"),
    [
        ("DNI", "71234567"),
        ("DNI", "00012345"),
        ("DNI", " 71234567 "),
        ("CE", "001112311"),  # the seed's carné de extranjería
        ("CODIGO_ESTUDIANTE", "12345678901234"),
        ("PASAPORTE", "AB123456"),
        ("PASAPORTE", "ab123456"),
        ("PASAPORTE", "123456"),
        ("PASAPORTE", "A" * 12),
        ("PTP", "PTP1234567"),
        ("CPP", "123456789012345"),
    ],
)
def test_numeros_validos_se_aceptan(tipo, numero):
    assert error_numero_documento(tipo, numero) is None


@pytest.mark.parametrize(
    ("tipo", "numero", "mensaje"),
    [
        ("DNI", "7123456", "El DNI tiene 8 dígitos."),
        ("DNI", "712345678", "El DNI tiene 8 dígitos."),
        ("DNI", "7123456A", "El DNI tiene 8 dígitos."),
        ("DNI", "", "El DNI tiene 8 dígitos."),
        ("CE", "01112311", "El carné de extranjería tiene 9 dígitos."),
        ("CE", "0011123110", "El carné de extranjería tiene 9 dígitos."),
        ("CE", "00111231X", "El carné de extranjería tiene 9 dígitos."),
        ("CODIGO_ESTUDIANTE", "1234567890123", "El código del estudiante tiene 14 dígitos."),
        ("CODIGO_ESTUDIANTE", "123456789012345", "El código del estudiante tiene 14 dígitos."),
        ("PASAPORTE", "AB123", "El pasaporte tiene de 6 a 12 letras o dígitos."),
        ("PASAPORTE", "A" * 13, "El pasaporte tiene de 6 a 12 letras o dígitos."),
        ("PASAPORTE", "AB-12345", "El pasaporte tiene de 6 a 12 letras o dígitos."),
        ("PTP", "12345", "El PTP tiene de 6 a 15 letras o dígitos."),
        ("CPP", "1" * 16, "El CPP tiene de 6 a 15 letras o dígitos."),
    ],
)
def test_numeros_invalidos_dicen_por_que(tipo, numero, mensaje):
    assert error_numero_documento(tipo, numero) == mensaje


def test_tipo_desconocido():
    assert error_numero_documento("LIBRETA_MILITAR", "12345678") == "Tipo de documento desconocido."


def test_cada_tipo_ofrecido_tiene_su_regla_de_formato():
    for tipo in TIPOS_DOCUMENTO:
        assert error_numero_documento(tipo, "") is not None, tipo
    assert TIPOS_DOCUMENTO["CE"] == "Carné de Extranjería"
    assert TIPOS_DOCUMENTO["CODIGO_ESTUDIANTE"] == "Código del estudiante"


def test_normalizar_numero_conserva_ceros_y_pasa_a_mayusculas():
    assert normalizar_numero(" 001112311 ") == "001112311"
    assert normalizar_numero("ab123456") == "AB123456"


@pytest.mark.parametrize(
    ("numero", "visto"),
    [
        ("71234567", "*****567"),
        ("001112311", "******311"),
        ("12345678901234", "***********234"),
        ("123", "123"),
        ("12", "12"),
    ],
)
def test_enmascarar_documento_deja_ver_solo_los_tres_ultimos(numero, visto):
    assert enmascarar_documento(numero) == visto


@pytest.mark.parametrize(
    ("nombres", "apellidos", "visto"),
    [
        ("VANESSA", "DIAZ FLORES", "VANESSA D. F."),
        ("VANESSA DEL PILAR", "FLORES LOPEZ", "VANESSA D. P. F. L."),
        ("JOSÉ", "ÑAHUI", "JOSÉ Ñ."),
        ("JOHN", "SMITH", "JOHN S."),  # a foreigner without a second surname
        ("  ANA   MARÍA ", "  QUISPE  ", "ANA M. Q."),
    ],
)
def test_enmascarar_nombre_deja_el_primer_nombre_y_las_iniciales(nombres, apellidos, visto):
    assert enmascarar_nombre(nombres, apellidos) == visto


def test_enmascarar_nombre_no_deja_ver_apellidos_completos():
    visto = enmascarar_nombre("ROSA", "HUAMANÍ CCOPA")
    assert "HUAMANÍ" not in visto and "CCOPA" not in visto


@pytest.mark.parametrize(
    ("correo", "visto"),
    [
        ("ana.quispe@gmail.com", "a***@gmail.com"),
        ("x@minedu.gob.pe", "x***@minedu.gob.pe"),
        ("sin-arroba", "***"),
        ("", "***"),
    ],
)
def test_enmascarar_correo(correo, visto):
    assert enmascarar_correo(correo) == visto
