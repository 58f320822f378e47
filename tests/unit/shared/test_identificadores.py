"""Códigos virtuales and tracking codes: what a citizen types is read right or refused at once."""

from __future__ import annotations

from collections import Counter

import pytest

from shared.identificadores import (
    ALFABETO,
    LONGITUD_CODIGO_VIRTUAL,
    LONGITUD_SEGUIMIENTO,
    CodigoMalEscrito,
    agrupar,
    generar,
    nombre_de_descarga,
    normalizar,
    nuevo_codigo_seguimiento,
    nuevo_codigo_virtual,
)

N = LONGITUD_CODIGO_VIRTUAL
# A fixed, valid code (its last character is the check character), used by the typo tests.
CODIGO = generar(N)


def test_el_alfabeto_no_tiene_letras_que_se_confunden():
    assert len(ALFABETO) == 32
    assert not set("ILOU") & set(ALFABETO)


def test_un_codigo_generado_se_normaliza_a_si_mismo():
    for _ in range(500):
        codigo = nuevo_codigo_virtual()
        assert len(codigo) == LONGITUD_CODIGO_VIRTUAL
        assert set(codigo) <= set(ALFABETO)
        assert normalizar(codigo, LONGITUD_CODIGO_VIRTUAL) == codigo


def test_el_codigo_de_seguimiento_tambien_lleva_caracter_de_control():
    codigo = nuevo_codigo_seguimiento()
    assert len(codigo) == LONGITUD_SEGUIMIENTO
    assert normalizar(codigo, LONGITUD_SEGUIMIENTO) == codigo


def test_los_codigos_tienen_al_menos_75_bits_de_azar():
    # 5 bits per random character; the check character adds none.
    assert (LONGITUD_CODIGO_VIRTUAL - 1) * 5 >= 75
    assert (LONGITUD_SEGUIMIENTO - 1) * 5 >= 75


def test_agrupar_imprime_grupos_de_cuatro_y_normalizar_los_deshace():
    agrupado = agrupar(CODIGO)
    assert agrupado == "-".join([CODIGO[0:4], CODIGO[4:8], CODIGO[8:12], CODIGO[12:16]])
    assert normalizar(agrupado, N) == CODIGO


def test_el_archivo_descargado_lleva_el_codigo_agrupado_que_ve_el_titular():
    esperado = f"certificado-{agrupar(CODIGO)}.pdf"
    assert nombre_de_descarga(CODIGO, "pdf") == esperado
    assert nombre_de_descarga(agrupar(CODIGO), "pdf") == esperado
    tecleado = f" {CODIGO[:6].lower()} {CODIGO[6:]}"  # as a citizen may type it
    assert nombre_de_descarga(tecleado, "jwt") == f"certificado-{agrupar(CODIGO)}.jwt"


def test_espacios_y_guiones_donde_sea_se_ignoran():
    tecleado = f"  {CODIGO[:3]} {CODIGO[3:9]}-{CODIGO[9:]}\t"
    assert normalizar(tecleado, N) == CODIGO


def test_minusculas_se_aceptan():
    assert normalizar(agrupar(CODIGO).lower(), N) == CODIGO


def test_o_i_l_se_leen_como_cero_y_uno():
    cuerpo = "01" * 7 + "1"  # 15 characters made of 0 and 1
    codigo = cuerpo + _control(cuerpo)
    tecleado = cuerpo.replace("0", "O").replace("1", "I", 4).replace("1", "l") + codigo[-1]
    assert "0" not in tecleado[:-1] and "1" not in tecleado[:-1]
    assert normalizar(tecleado, N) == codigo


def _control(cuerpo: str) -> str:
    """The only character that completes ``cuerpo`` into a valid code (found by trying)."""
    validos = []
    for c in ALFABETO:
        try:
            normalizar(cuerpo + c, len(cuerpo) + 1)
        except CodigoMalEscrito:
            continue
        validos.append(c)
    assert len(validos) == 1, validos
    return validos[0]


def test_cada_cuerpo_tiene_exactamente_un_caracter_de_control():
    for _ in range(50):
        cuerpo = generar(N)[:-1]
        assert normalizar(cuerpo + _control(cuerpo), N)


def test_todo_caracter_mal_tecleado_se_rechaza():
    """Every single-character substitution, at every position, with every other character."""
    aceptados = []
    for codigo in (CODIGO, nuevo_codigo_virtual(), "0" * 15 + _control("0" * 15)):
        for i, original in enumerate(codigo):
            for c in ALFABETO:
                if c == original:
                    continue
                tecleado = codigo[:i] + c + codigo[i + 1 :]
                try:
                    normalizar(tecleado, N)
                except CodigoMalEscrito:
                    continue
                aceptados.append(tecleado)
    assert aceptados == []


def test_la_mayoria_de_trasposiciones_de_vecinos_se_rechazan():
    detectadas = total = 0
    for _ in range(300):
        codigo = nuevo_codigo_virtual()
        for i in range(len(codigo) - 1):
            if codigo[i] == codigo[i + 1]:
                continue  # swapping equal characters is not a mistake
            total += 1
            tecleado = codigo[:i] + codigo[i + 1] + codigo[i] + codigo[i + 2 :]
            try:
                normalizar(tecleado, N)
            except CodigoMalEscrito:
                detectadas += 1
    assert total > 4000
    assert detectadas / total >= 0.9


@pytest.mark.parametrize("largo", [0, 1, N - 1, N + 1, 2 * N])
def test_largo_equivocado_se_rechaza(largo):
    texto = (CODIGO * 3)[:largo]
    with pytest.raises(CodigoMalEscrito):
        normalizar(texto, N)


@pytest.mark.parametrize("ajeno", ["U", "*", "Ñ", "_", "."])
def test_caracteres_ajenos_se_rechazan(ajeno):
    with pytest.raises(CodigoMalEscrito):
        normalizar(ajeno + CODIGO[1:], N)


def test_el_error_cita_lo_que_se_tecleo():
    with pytest.raises(CodigoMalEscrito) as exc:
        normalizar("7K3M-9QXD", N)
    assert "7K3M-9QXD" in str(exc.value)


def test_diez_mil_codigos_sin_repetidos_y_primer_caracter_uniforme():
    codigos = [nuevo_codigo_virtual() for _ in range(10_000)]
    assert len(set(codigos)) == len(codigos)
    primeros = Counter(c[0] for c in codigos)
    assert set(primeros) == set(ALFABETO)
    # 312.5 expected per character, standard deviation ~17.4: these bounds are > 6 sigma.
    assert all(200 <= n <= 430 for n in primeros.values()), primeros


def test_un_codigo_virtual_mal_escrito_es_un_400_que_nombra_el_campo():
    from shared.identificadores import leer_codigo_virtual

    with pytest.raises(CodigoMalEscrito) as exc:
        otro = "0" if CODIGO[-1] != "0" else "1"
        leer_codigo_virtual(agrupar(CODIGO)[:-1] + otro)  # the check character fails
    error = exc.value
    assert (error.estado_http, error.codigo, error.campo) == (
        400,
        "codigo_mal_escrito",
        "codigo_virtual",
    )
    assert error.mensaje.startswith("El código virtual está mal escrito")
    assert isinstance(error, ValueError)  # callers that catch ValueError keep working


def test_un_codigo_de_seguimiento_mal_escrito_nombra_su_campo_y_se_lee_en_canonico():
    from shared.identificadores import leer_codigo_seguimiento

    assert leer_codigo_seguimiento(agrupar(CODIGO).lower()) == CODIGO
    with pytest.raises(CodigoMalEscrito) as exc:
        leer_codigo_seguimiento("ABCD-EFGH")
    assert exc.value.campo == "codigo_seguimiento"
    assert exc.value.mensaje.startswith("El código de seguimiento está mal escrito")
