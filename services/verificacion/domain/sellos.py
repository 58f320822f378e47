"""Checking the seal a QR carries against the published keys and the read model."""

from __future__ import annotations

from dataclasses import dataclass

from shared.i18n import N_
from shared.sello import Sello, SelloInvalido, verificar_firma

AUTENTICO = "AUTENTICO"  # signed by the ministry's key, for this código, with this content
NO_AUTENTICO = "NO_AUTENTICO"  # forged, altered, or signed by an unknown or retired key
ILEGIBLE = "ILEGIBLE"  # not a seal at all
SIN_CLAVES = "SIN_CLAVES"  # the public keys could not be had: cannot tell now

MENSAJES = {
    AUTENTICO: N_("El sello digital del código QR es auténtico."),
    NO_AUTENTICO: N_(
        "El sello digital del código QR no es auténtico: el código QR o el documento "
        "pudieron ser adulterados."
    ),
    ILEGIBLE: N_("El código QR no contiene un sello digital de Mi Certificado."),
    SIN_CLAVES: N_("No se pudo comprobar el sello digital en este momento; intente más tarde."),
}


@dataclass(frozen=True)
class RevisionDeSello:
    resultado: str
    sello: Sello | None = None

    @property
    def mensaje(self) -> str:
        return MENSAJES[self.resultado]


def leer_sello(texto: str) -> Sello | None:
    """The seal in ``texto`` (the packed seal alone or the QR's whole URL), or None."""
    _, _, despues = texto.strip().partition("?s=")
    try:
        return Sello.desempaquetar((despues or texto.strip()).split("&")[0])
    except (SelloInvalido, ValueError):
        return None


def revisar_sello(
    sello: Sello | None,
    claves: list[dict],
    codigo_esperado: str | None = None,
    huella_registrada: str | None = None,
) -> RevisionDeSello:
    """Authentic only if the signature holds and it speaks of this code and this content."""
    if sello is None:
        return RevisionDeSello(ILEGIBLE)
    if not any(c["kid"] == sello.kid for c in claves):
        return RevisionDeSello(SIN_CLAVES if not claves else NO_AUTENTICO, sello)
    if not verificar_firma(sello, claves):
        return RevisionDeSello(NO_AUTENTICO, sello)
    if codigo_esperado is not None and sello.codigo_virtual != codigo_esperado:
        return RevisionDeSello(NO_AUTENTICO, sello)  # a genuine seal stuck on another code
    if huella_registrada and sello.huella.hex() != huella_registrada:
        return RevisionDeSello(NO_AUTENTICO, sello)
    return RevisionDeSello(AUTENTICO, sello)
