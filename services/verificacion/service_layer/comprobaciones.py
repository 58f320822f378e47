"""The per-check breakdown of a verification, as OpenCerts and Blockcerts show it.

Three checks, each with its own verdict: the document's integrity (its content or its file is
the one issued), its status (issued, not superseded, not annulled) and the issuer's seal (which
key signed it, and whether that key was valid when the certificate was issued). Texts are the
catalogs' message ids (Spanish); the page translates them and fills in ``datos``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from services.verificacion.domain import pades, sellos
from services.verificacion.domain.modelo import ALTERADO, ANULADO, CREDENCIAL, SUSTITUIDO, VIGENTE
from shared.i18n import N_

SUPERADA = "SUPERADA"  # the check passed
ADVERTENCIA = "ADVERTENCIA"  # genuine, but not the one to rely on (superseded)
FALLIDA = "FALLIDA"
NO_COMPROBADA = "NO_COMPROBADA"  # nothing to check it with yet (no QR, no file, no content)

TITULOS = {
    "integridad": N_("Integridad del documento"),
    "estado": N_("Estado del certificado"),
    "sello": N_("Sello del emisor"),
}


@dataclass(frozen=True)
class Comprobacion:
    clave: str  # "integridad" | "estado" | "sello"
    resultado: str
    detalle: str  # a message id with %(name)s placeholders
    datos: dict = field(default_factory=dict)

    @property
    def titulo(self) -> str:
        return TITULOS[self.clave]


def desglose(
    certificado: dict,
    sello: dict | None = None,
    claves: list[dict] | None = None,
    archivo: dict | None = None,
    contenido_integro: bool | None = None,
) -> list[Comprobacion]:
    """The three checks for a found certificate (``certificado`` is the public summary)."""
    archivo = archivo or {}
    if sello is None and archivo.get("firma_pdf") is not None:  # an uploaded PDF: its PAdES
        firma = firma_del_pdf(archivo["firma_pdf"])
    else:
        firma = sello_del_emisor(sello, claves or [], archivo.get("credencial"))
    return [integridad(sello, archivo or None, contenido_integro), estado(certificado), firma]


def desglose_del_archivo(comprobado: dict) -> list[Comprobacion]:
    """The three checks of an uploaded PDF or credential (the API's answer, as the page's)."""
    return desglose(comprobado["certificado"], archivo=comprobado)


def integridad(
    sello: dict | None, archivo: dict | None, contenido_integro: bool | None
) -> Comprobacion:
    """Is what the verifier holds (file, shown content or QR's fingerprint) what was issued?"""
    if archivo is not None and archivo.get("tipo_archivo") == CREDENCIAL:
        if archivo["resultado"] != ALTERADO:
            return Comprobacion("integridad", SUPERADA, N_(
                "La credencial coincide con el registro: el mismo código, titular y fecha de "
                "emisión, y su firma cubre todas sus notas."
            ))  # fmt: skip
        if archivo["credencial"]["firma"] != sellos.AUTENTICO:
            return Comprobacion("integridad", FALLIDA, N_(
                "La credencial fue modificada o no la firmó el Ministerio: su firma no es válida."
            ))  # fmt: skip
        return Comprobacion("integridad", FALLIDA, N_(
            "La credencial no es la de este certificado: su código, titular o fecha de emisión "
            "no coinciden con el registro."
        ))  # fmt: skip
    if archivo is not None:
        if archivo["resultado"] == ALTERADO:
            return Comprobacion("integridad", FALLIDA, N_(
                "El PDF comprobado no coincide con el emitido: fue modificado o no es el original."
            ))  # fmt: skip
        credencial = archivo.get("credencial")
        if credencial and credencial["firma"] == sellos.AUTENTICO and credencial["coincide"]:
            return Comprobacion("integridad", SUPERADA, N_(
                "El PDF comprobado es idéntico, byte a byte, al emitido (huella SHA-256), y la "
                "credencial verificable que lleva coincide con el registro (clave %(kid)s)."
            ), {"kid": credencial["kid"]})  # fmt: skip
        return Comprobacion("integridad", SUPERADA, N_(
            "El PDF comprobado es idéntico, byte a byte, al emitido (huella SHA-256)."
        ))  # fmt: skip
    if contenido_integro is False:
        return Comprobacion("integridad", FALLIDA, N_(
            "Las notas guardadas no coinciden con la huella registrada al emitir el certificado."
        ))  # fmt: skip
    if contenido_integro:
        return Comprobacion("integridad", SUPERADA, N_(
            "Las notas mostradas coinciden con la huella registrada al emitir el certificado."
        ))  # fmt: skip
    if sello is not None and sello["resultado"] == sellos.AUTENTICO:
        return Comprobacion("integridad", SUPERADA, N_(
            "La huella del contenido firmada en el código QR coincide con la registrada."
        ))  # fmt: skip
    return Comprobacion("integridad", NO_COMPROBADA, N_(
        "Escanee el código QR o compruebe el PDF aquí para saber si el documento fue modificado."
    ))  # fmt: skip


def estado(certificado: dict) -> Comprobacion:
    """Issued and still the one in force, superseded by a newer one, or annulled."""
    fecha = {"fecha": certificado["emitido_en"]}
    if certificado["estado"] == VIGENTE:
        return Comprobacion("estado", SUPERADA, N_(
            "Emitido el %(fecha)s; no fue sustituido ni anulado."
        ), fecha)  # fmt: skip
    if certificado["estado"] == SUSTITUIDO:
        return Comprobacion("estado", ADVERTENCIA, N_(
            "Emitido el %(fecha)s, pero sustituido por el certificado %(codigo)s."
        ), {**fecha, "codigo": certificado.get("sustituido_por", "")})  # fmt: skip
    if certificado["estado"] == ANULADO:
        return Comprobacion("estado", FALLIDA, N_(
            "Anulado el %(fecha)s: no tiene validez."
        ), {"fecha": certificado["anulado_en"]})  # fmt: skip
    raise ValueError(f"estado desconocido: {certificado['estado']}")


def sello_del_emisor(
    sello: dict | None, claves: list[dict], credencial: dict | None = None
) -> Comprobacion:
    """Which key signed the QR's seal (or, without a QR, the uploaded credential), and whether
    it was valid when the certificate was issued."""
    if sello is None and credencial is not None:
        return firma_de_la_credencial(credencial)
    if sello is None:
        return Comprobacion("sello", NO_COMPROBADA, N_(
            "Escanee el código QR del certificado para comprobar la firma digital del Ministerio."
        ))  # fmt: skip
    if sello["resultado"] == sellos.SIN_CLAVES:
        return Comprobacion("sello", NO_COMPROBADA, sellos.MENSAJES[sellos.SIN_CLAVES])
    if sello["resultado"] != sellos.AUTENTICO:
        return Comprobacion("sello", FALLIDA, sellos.MENSAJES[sello["resultado"]])
    datos = {"kid": sello["kid"], "fecha": sello["emitido_en"]}
    clave = next((c for c in claves if c["kid"] == sello["kid"]), None)
    if clave is None or not vigente_al_emitir(clave, datetime.fromisoformat(sello["emitido_en"])):
        return Comprobacion("sello", FALLIDA, N_(
            "Firmado con la clave %(kid)s, que no estaba vigente al emitirse el %(fecha)s."
        ), datos)  # fmt: skip
    return Comprobacion("sello", SUPERADA, N_(
        "Firmado por el Ministerio de Educación con la clave %(kid)s, vigente al emitirse "
        "el %(fecha)s."
    ), datos)  # fmt: skip


class _VeredictoPades(NamedTuple):
    resultado: str
    detalle: str
    nombra_al_firmante: bool  # the message names the signer and its certificate's serial


# An uploaded PDF's PAdES result (domain.pades) → what the "sello" check says of it.
# fmt: off
_FIRMA_DEL_PDF = {
    pades.VALIDA: _VeredictoPades(SUPERADA, N_(
        "Firmado digitalmente (PAdES) por %(firmante)s: la firma está intacta, cubre todo "
        "el archivo y su certificado (serie %(numero_serie)s) lo emitió la autoridad "
        "certificadora de Mi Certificado."
    ), nombra_al_firmante=True),
    pades.MODIFICADA: _VeredictoPades(FALLIDA, N_(
        "El PDF fue modificado después de firmarse: lleva cambios añadidos que la firma de "
        "%(firmante)s no cubre."
    ), nombra_al_firmante=True),
    pades.ALTERADA: _VeredictoPades(FALLIDA, N_(
        "La firma digital del PDF no es válida: el archivo fue modificado después de "
        "firmarse."
    ), nombra_al_firmante=False),
    pades.NO_CONFIABLE: _VeredictoPades(FALLIDA, N_(
        "El PDF está firmado por %(firmante)s, pero su certificado no lo emitió la "
        "autoridad certificadora de Mi Certificado: no es una firma del Ministerio."
    ), nombra_al_firmante=True),
    pades.SIN_FIRMA: _VeredictoPades(FALLIDA, N_(
        "El PDF no lleva firma digital: no es un certificado firmado por el Ministerio."
    ), nombra_al_firmante=False),
    pades.SIN_CA: _VeredictoPades(NO_COMPROBADA, N_(
        "La firma digital del PDF no se pudo comprobar: falta la autoridad certificadora con "
        "que validarla."
    ), nombra_al_firmante=False),
}
# fmt: on


def firma_del_pdf(firma: dict) -> Comprobacion:
    """The uploaded PDF's PAdES signature: who signed, intact, the whole file, our CA."""
    # A result the table does not know could not be checked: say so rather than fail.
    veredicto = _FIRMA_DEL_PDF.get(firma["resultado"], _FIRMA_DEL_PDF[pades.SIN_CA])
    datos = {}
    if veredicto.nombra_al_firmante:
        datos = {k: firma.get(k, "") for k in ("firmante", "numero_serie")}
    return Comprobacion("sello", veredicto.resultado, veredicto.detalle, datos)


def firma_de_la_credencial(credencial: dict) -> Comprobacion:
    """The uploaded (or PDF-embedded) credential's JWS signature, by a published key."""
    if credencial["firma"] != sellos.AUTENTICO:
        return Comprobacion("sello", FALLIDA, N_(
            "La firma de la credencial verificable no es válida: fue modificada o no la firmó "
            "el Ministerio."
        ))  # fmt: skip
    datos = {"kid": credencial["kid"], "fecha": credencial["emitido_en"]}
    if not credencial["clave_vigente"]:
        return Comprobacion("sello", FALLIDA, N_(
            "Credencial firmada con la clave %(kid)s, que no estaba vigente al emitirse el "
            "%(fecha)s."
        ), datos)  # fmt: skip
    return Comprobacion("sello", SUPERADA, N_(
        "Credencial verificable firmada por el Ministerio de Educación con la clave %(kid)s, "
        "vigente al emitirse el %(fecha)s."
    ), datos)  # fmt: skip


def vigente_al_emitir(clave: dict, emitido_en: datetime) -> bool:
    """The key's validity window covers the moment of issue."""
    # The seal keeps whole seconds: a certificate issued in the key's first second still counts.
    desde = datetime.fromisoformat(clave["valido_desde"]).replace(microsecond=0)
    hasta = datetime.fromisoformat(clave["valido_hasta"]) if clave.get("valido_hasta") else None
    return desde <= emitido_en and (hasta is None or emitido_en <= hasta)
