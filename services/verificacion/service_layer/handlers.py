"""Handlers of the verificacion service: keep the read model, answer lookups."""

from __future__ import annotations

from services.verificacion.domain.modelo import (
    ANULADO,
    NO_ENCONTRADO,
    SUSTITUIDO,
    VALIDO,
    CertificadoVerificable,
)
from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
from shared.documentos import TIPOS_DOCUMENTO, enmascarar_documento, enmascarar_nombre
from shared.errores import ErrorTransitorio
from shared.identificadores import agrupar


def al_emitir_certificado(datos: dict, uow: UnidadDeTrabajoVerificacion, _sobre: dict) -> None:
    """A new certificate becomes verifiable as VÁLIDO."""
    if uow.certificados.obtener(datos["codigo_virtual"]) is not None:
        return
    uow.certificados.agregar(
        CertificadoVerificable(
            codigo_virtual=datos["codigo_virtual"],
            estado=VALIDO,
            nombre_enmascarado=enmascarar_nombre(datos["nombres"], datos["apellidos"]),
            documento_enmascarado=enmascarar_documento(datos["numero_documento"]),
            tipo_documento=datos["tipo_documento"],
            nombre_institucion=datos["nombre_institucion"],
            codigo_modular=datos["codigo_modular"],
            anexo=datos["anexo"],
            modalidad=datos["modalidad"],
            nivel=datos["nivel"],
            grados=datos["grados"],
            emitido_en=datos["emitido_en"],
            sha256=datos["sha256"],
        )
    )


def al_sustituir_certificado(datos: dict, uow: UnidadDeTrabajoVerificacion, _sobre) -> None:
    """An older certificate now says SUSTITUIDO and points at the newer one."""
    _existente(uow, datos["codigo_virtual"]).sustituir(datos["sustituido_por"], datos["sha256"])


def al_anular_certificado(datos: dict, uow: UnidadDeTrabajoVerificacion, _sobre) -> None:
    """An annulled certificate says ANULADO, with its reason."""
    _existente(uow, datos["codigo_virtual"]).anular(datos["motivo"], datos["anulado_en"])


def _existente(uow: UnidadDeTrabajoVerificacion, codigo: str) -> CertificadoVerificable:
    certificado = uow.certificados.obtener(codigo, bloquear=True)
    if certificado is None:  # its CertificadoEmitido is still on the way: try again later
        raise ErrorTransitorio(f"certificado {codigo} aún no registrado en verificación")
    return certificado


def _mas_reciente(uow: UnidadDeTrabajoVerificacion, c: CertificadoVerificable) -> str | None:
    """Follow the chain of supersessions to the newest certificate."""
    vistos = {c.codigo_virtual}
    while c.sustituido_por and c.sustituido_por not in vistos and len(vistos) < 100:
        vistos.add(c.sustituido_por)
        siguiente = uow.certificados.obtener(c.sustituido_por)
        if siguiente is None:
            return agrupar(c.sustituido_por)
        c = siguiente
    return agrupar(c.codigo_virtual)


_MENSAJES = {
    VALIDO: "El certificado es válido.",
    SUSTITUIDO: "Este certificado fue reemplazado por uno más reciente: no es el último emitido.",
    ANULADO: "Este certificado fue anulado y no tiene validez.",
}


def verificar(uow: UnidadDeTrabajoVerificacion, codigo_virtual: str) -> dict:
    """What a verifier sees for a (well-formed) código virtual."""
    with uow:
        c = uow.certificados.obtener(codigo_virtual)
        if c is None:
            return {
                "codigo_virtual": agrupar(codigo_virtual),
                "estado": NO_ENCONTRADO,
                "mensaje": "No existe un certificado con ese código virtual.",
            }
        return {
            "codigo_virtual": agrupar(c.codigo_virtual),
            "estado": c.estado,
            "mensaje": _MENSAJES[c.estado],
            "estudiante": c.nombre_enmascarado,
            "documento": f"{TIPOS_DOCUMENTO.get(c.tipo_documento, c.tipo_documento)} "
            f"{c.documento_enmascarado}",
            "institucion": c.nombre_institucion,
            "codigo_modular": f"{c.codigo_modular}-{c.anexo}",
            "modalidad": c.modalidad,
            "nivel": c.nivel,
            "grados": c.grados,
            "emitido_en": c.emitido_en.isoformat(),
            "sha256": c.sha256,
            **_detalle_de_estado(uow, c),
        }


def _detalle_de_estado(uow: UnidadDeTrabajoVerificacion, c: CertificadoVerificable) -> dict:
    if c.estado == SUSTITUIDO:
        return {"sustituido_por": _mas_reciente(uow, c)}
    if c.estado == ANULADO:
        return {"motivo_anulacion": c.motivo_anulacion, "anulado_en": c.anulado_en.isoformat()}
    return {}


MANEJADORES = {
    "CertificadoEmitido": al_emitir_certificado,
    "CertificadoSustituido": al_sustituir_certificado,
    "CertificadoAnulado": al_anular_certificado,
}
