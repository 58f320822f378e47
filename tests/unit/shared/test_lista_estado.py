"""The W3C Bitstring Status List encoding, read back as the spec's algorithm reads it."""

from __future__ import annotations

import base64
import gzip

import pytest

from shared import lista_estado


def _bits(codificada: str) -> bytes:
    datos = codificada[1:]
    return gzip.decompress(base64.urlsafe_b64decode(datos + "=" * (-len(datos) % 4)))


def test_la_lista_vacia_tiene_el_tamano_minimo_y_el_prefijo_multibase():
    codificada = lista_estado.codificar([])
    assert codificada.startswith("u") and "=" not in codificada
    assert _bits(codificada) == bytes(16 * 1024)  # 131,072 entries, none set


def test_el_indice_cero_es_el_bit_mas_significativo_del_primer_byte():
    bits = _bits(lista_estado.codificar([0, 9, 131_071]))
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    codificada = lista_estado.codificar([94_567])
    assert lista_estado.leer(codificada, 94_567)
    assert not lista_estado.leer(codificada, 94_566)


def test_un_indice_fuera_de_la_lista_se_rechaza():
    with pytest.raises(ValueError, match="fuera de la lista"):
        lista_estado.leer(lista_estado.codificar([]), lista_estado.TAMANO_LISTA)


def test_la_credencial_lleva_su_posicion_en_las_dos_listas():
    anulacion, sustitucion = lista_estado.entradas("https://v.example.pe", 3, 42)
    assert anulacion == {
        "id": "https://v.example.pe/api/verificacion/listas-estado/3/anulacion#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": "https://v.example.pe/api/verificacion/listas-estado/3/anulacion",
    }
    assert sustitucion["statusPurpose"] == "message" and sustitucion["statusSize"] == 1
    assert [m["status"] for m in sustitucion["statusMessage"]] == ["0x0", "0x1"]
