"""W3C Bitstring Status List v1.0: where a certificate's status is read by any VC verifier.

Each certificate gets, at issue, one position (``indice_estado``) in one numbered list
(``lista_estado``). The same position is read in two status lists that verificacion
publishes (docs/glosario.md, "lista de estado"):

- ``anulacion`` — statusPurpose ``revocation``: the bit is 1 once the certificate is ANULADO
  (revocation is permanent, as an annulment is);
- ``sustitucion`` — statusPurpose ``message`` with statusSize 1 and its statusMessage: the bit
  is 1 once a newer certificate superseded it (SUSTITUIDO is neither a revocation — the
  certificate was genuinely issued and its grades stand — nor a suspension, which the spec
  means as reversible; a ``message`` list says exactly what it is).

Pure functions: building the entries the credential carries, encoding and reading a list.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable

# 16 KiB uncompressed: the spec's minimum (131,072 entries), for group privacy.
TAMANO_LISTA = 131_072
# A list takes new certificates until half full: a random free position is found quickly.
CAPACIDAD_LISTA = TAMANO_LISTA // 2
ANULACION = "anulacion"
SUSTITUCION = "sustitucion"
PROPOSITOS = {ANULACION: "revocation", SUSTITUCION: "message"}
MENSAJES_SUSTITUCION = [
    {"status": "0x0", "message": "vigente: no fue sustituido"},
    {"status": "0x1", "message": "sustituido: existe un certificado más reciente"},
]
TIPO_ENTRADA = "BitstringStatusListEntry"
# verificacion's key ring for the lists, under FIRMA_DIR (emision's ring is FIRMA_DIR itself).
CARPETA_LISTAS_ESTADO = "listas-estado"


def url_lista(url_verificacion: str, lista: int, proposito: str) -> str:
    """The public URL of one status list credential, served by verificacion."""
    return f"{url_verificacion}/api/verificacion/listas-estado/{lista}/{proposito}"


def entradas(url_verificacion: str, lista: int, indice: int) -> list[dict]:
    """The credential's ``credentialStatus``: its position in the annulment and the
    supersession lists."""
    resultado = []
    for proposito, w3c in PROPOSITOS.items():
        url = url_lista(url_verificacion, lista, proposito)
        entrada = {
            "id": f"{url}#{indice}",
            "type": TIPO_ENTRADA,
            "statusPurpose": w3c,
            "statusListIndex": str(indice),
            "statusListCredential": url,
        }
        if w3c == "message":
            entrada |= {"statusSize": 1, "statusMessage": MENSAJES_SUSTITUCION}
        resultado.append(entrada)
    return resultado


def codificar(indices: Iterable[int], tamano: int = TAMANO_LISTA) -> str:
    """encodedList: the bitstring (index 0 is the first byte's most significant bit), GZIP,
    base64url without padding, multibase prefix ``u``."""
    bits = bytearray(tamano // 8)
    for i in indices:
        bits[i // 8] |= 0x80 >> (i % 8)
    comprimido = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(comprimido).rstrip(b"=").decode("ascii")


def leer(codificada: str, indice: int) -> bool:
    """The bit at ``indice`` of an encodedList (what a verifier does)."""
    if not codificada.startswith("u"):
        raise ValueError("encodedList sin prefijo multibase base64url («u»)")
    datos = codificada[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(datos + "=" * (-len(datos) % 4)))
    if not 0 <= indice < len(bits) * 8:
        raise ValueError(f"statusListIndex {indice} fuera de la lista")
    return bool(bits[indice // 8] & (0x80 >> (indice % 8)))


def credencial_de_lista(
    url_verificacion: str,
    emisor: str,
    lista: int,
    proposito: str,
    indices: Iterable[int],
    valido_desde: str,
) -> dict:
    """The unsigned BitstringStatusListCredential of one list and purpose."""
    url = url_lista(url_verificacion, lista, proposito)
    sujeto = {
        "id": f"{url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": PROPOSITOS[proposito],
        "encodedList": codificar(indices),
        "ttl": 300_000,  # ms: verifiers may cache it five minutes
    }
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": emisor,
        "validFrom": valido_desde,
        "credentialSubject": sujeto,
    }
