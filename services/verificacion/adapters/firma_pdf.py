"""The PAdES signature of an uploaded PDF, validated with pyHanko against the project's CA.

Which CA: PADES_CA (PEM files, colon-separated) in real mode, the CA that issued the
operator's signing certificates; unset, ``<firma_dir>/pades/ca.pem``, the local CA emision
makes in embedded mode (both services share the var folder there). Every signing certificate
emision rotates through is issued by that CA, so one trust anchor validates old and new PDFs
alike. Nothing is fetched from the network (no AIA, CRL or OCSP: the project's CA publishes
none); revocation is soft-fail, validity is checked at the moment of validation.
"""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from services.verificacion.domain.pades import (
    ALTERADA,
    MODIFICADA,
    NO_CONFIABLE,
    SIN_CA,
    SIN_FIRMA,
    VALIDA,
)


class ValidadorPades:
    """Validates the (last) signature of a PDF, trusting the CA certificates in ``anclas``."""

    def __init__(self, anclas: list[Path]):
        self.anclas = [Path(a) for a in anclas]

    def _contexto(self) -> ValidationContext | None:
        raices = []
        for ruta in self.anclas:
            if ruta.exists():  # embedded: emision may make its CA after this process starts
                raices.extend(load_certs_from_pemder([str(ruta)]))
        if not raices:
            return None
        return ValidationContext(
            trust_roots=raices, allow_fetching=False, revocation_mode="soft-fail"
        )

    def validar(self, contenido: bytes) -> dict:
        """{"resultado": one of ``domain.pades``'s results, "sujeto", "numero_serie", ...}."""
        contexto = self._contexto()
        if contexto is None:
            return {"resultado": SIN_CA}
        try:
            lector = PdfFileReader(io.BytesIO(contenido), strict=False)
            firmas = lector.embedded_signatures
        except (PdfError, ValueError, KeyError, TypeError):
            return {"resultado": SIN_FIRMA}
        if not firmas:
            return {"resultado": SIN_FIRMA}
        firma = firmas[-1]
        try:
            estado = _fuera_de_un_bucle(lambda: async_validate_pdf_signature(firma, contexto))
        except (SignatureValidationError, PdfError, ValueError, KeyError) as exc:
            return {"resultado": ALTERADA, "motivo": str(exc)[:200]}
        cert = estado.signing_cert
        nombre = cert.subject.native
        firmante = nombre.get("common_name") or cert.subject.human_friendly
        if nombre.get("organization_name"):
            firmante = f"{firmante} ({nombre['organization_name']})"
        datos = {
            "firmante": firmante,
            "sujeto": cert.subject.human_friendly,
            "emisor": cert.issuer.human_friendly,
            "numero_serie": format(cert.serial_number, "x"),
            "firmado_en": estado.signer_reported_dt.isoformat()
            if estado.signer_reported_dt
            else None,
        }
        if not estado.intact or not estado.valid:
            return {**datos, "resultado": ALTERADA}
        if estado.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            return {**datos, "resultado": MODIFICADA}
        if not estado.trusted:
            return {**datos, "resultado": NO_CONFIABLE}
        return {**datos, "resultado": VALIDA}


def anclas_de(config) -> list[Path]:
    """The CA files to trust: PADES_CA, else the embedded local CA under firma_dir."""
    if config.pades_ca:
        return list(config.pades_ca)
    return [Path(config.firma_dir) / "pades" / "ca.pem"]


def _fuera_de_un_bucle(corrutina):
    """Run the validation here, or in a thread of its own when this thread runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(corrutina())
    with ThreadPoolExecutor(max_workers=1) as hilo:
        return hilo.submit(lambda: asyncio.run(corrutina())).result()
