"""Who sees what of a certificate: verificacion is public, so the rule is what one must know.

- Anyone with the código virtual: its state and a masked summary.
- Whoever also gives the holder's document number: the full details and the PDF.
- The email's signed, expiring link stands for the document number (checked by the page with
  ``shared.enlaces.verificar_descarga``); then ``documento`` is None here.
An unknown code and a wrong document get one answer, so nothing can be learnt by trying.
"""

from __future__ import annotations

from sqlalchemy import RowMapping

from services.verificacion.domain.modelo import documento_coincide
from shared.documentos import normalizar_numero
from shared.errores import NoEncontrado
from shared.i18n import N_

# One answer for an unknown code and for a wrong document number: nothing to learn from it.
SIN_COINCIDENCIA = N_("No hay un certificado con ese código virtual y ese número de documento.")


def autorizar_detalle(fila: RowMapping | None, documento: str) -> RowMapping:
    """The certificate's row when ``documento`` is its holder's; NoEncontrado otherwise."""
    registrado = fila["numero_documento"] if fila is not None else ""
    if not documento_coincide(registrado, normalizar_numero(documento)) or fila is None:
        raise NoEncontrado(SIN_COINCIDENCIA, "numero_documento")
    return fila
