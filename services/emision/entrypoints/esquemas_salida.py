"""Response schemas of emision's routes (they document the OpenAPI)."""

from __future__ import annotations

from shared.campos import Anidado, Booleano, Esquema, FechaHora, Lista, Texto
from shared.esquemas_comunes import enum_de

PDF = {"type": "string", "format": "binary"}


class AnulacionSalida(Esquema):
    codigo_virtual = Texto()
    estado = Texto(metadata=enum_de(("ANULADO",)))


class ClaveSalida(Esquema):
    kid = Texto()
    algoritmo = Texto(metadata=enum_de(("Ed25519",)))
    clave_publica = Texto(metadata={"description": "32 bytes en base64url, sin relleno"})
    valido_desde = FechaHora()
    valido_hasta = FechaHora(allow_none=True)
    activa = Booleano()


class ClavesSalida(Esquema):
    claves = Lista(Anidado(ClaveSalida))
