"""The one dependencies object of verificacion: emision's client and the copy of its keys."""

from __future__ import annotations

from dataclasses import dataclass

from services.verificacion.adapters.emision import ClienteEmision
from services.verificacion.service_layer.claves import CopiaDeClaves


@dataclass(frozen=True)
class Dependencias:
    emision: ClienteEmision  # the PDF and the public keys, over HTTP
    claves: CopiaDeClaves  # the local copy seals are checked with
