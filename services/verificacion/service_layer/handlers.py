"""Handlers of the verificacion service: keep the read model, answer lookups."""

from __future__ import annotations

from services.verificacion.domain.modelo import NO_ENCONTRADO, VALIDO, CertificadoVerificable
from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
from shared.documentos import TIPOS_DOCUMENTO, enmascarar_documento, enmascarar_nombre
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
            "mensaje": "El certificado es válido." if c.estado == VALIDO else "",
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
        }


MANEJADORES = {"CertificadoEmitido": al_emitir_certificado}
