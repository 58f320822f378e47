"""The one dependencies object of the emision handlers: renderer, PDF store, signer, URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.emision.adapters.almacen import AlmacenPdf
from services.emision.domain.documento import DocumentoCertificado
from shared.sello import Sello


class Renderizador(Protocol):
    def renderizar(self, doc: DocumentoCertificado) -> bytes: ...


class Firmante(Protocol):
    def firmar(self, sello: Sello) -> Sello: ...

    def rotar(self) -> str: ...


@dataclass(frozen=True)
class Dependencias:
    renderizador: Renderizador
    almacen: AlmacenPdf
    url_verificacion: str
    firmante: Firmante
