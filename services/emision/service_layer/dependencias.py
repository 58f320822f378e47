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


class CertificadosPdf(Protocol):
    def rotar(self) -> dict: ...


@dataclass(frozen=True)
class Dependencias:
    renderizador: Renderizador
    almacen: AlmacenPdf
    url_verificacion: str
    firmante: Firmante  # the QR seal's and the credential's Ed25519 key ring
    # The PAdES signer's certificate set, rotated with the ring (None: nothing to rotate).
    certificados_pdf: CertificadosPdf | None = None
