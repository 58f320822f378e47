"""The one dependencies object of verificacion: emision's client, the copy of its keys, and
verificacion's own key ring for the status lists it signs."""

from __future__ import annotations

from dataclasses import dataclass

from services.verificacion.adapters.emision import ClienteEmision
from services.verificacion.adapters.firma_pdf import ValidadorPades
from services.verificacion.service_layer.claves import CopiaDeClaves
from shared.llavero import Llavero


@dataclass(frozen=True)
class Dependencias:
    emision: ClienteEmision  # the PDF and the public keys, over HTTP
    claves: CopiaDeClaves  # the local copy seals are checked with
    llavero_estado: Llavero | None = None  # signs the Bitstring Status List credentials
    url_publica: str = ""  # verificacion's public base URL: the issuer id and the lists' URLs
    validador_pades: ValidadorPades | None = None  # an uploaded PDF's signature, vs our CA
