"""Handlers of the verificacion service: keep the read model from emision's events."""

from __future__ import annotations

from services.verificacion.domain.modelo import VIGENTE, CertificadoVerificable
from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
from shared import mensajes
from shared.consumidor import EventoRecibido
from shared.documentos import enmascarar_documento, enmascarar_nombre, normalizar_numero
from shared.errores import ErrorTransitorio


def al_emitir_certificado(evento: EventoRecibido, uow: UnidadDeTrabajoVerificacion, _dep) -> None:
    """A new certificate becomes verifiable as VIGENTE."""
    datos = evento.payload
    if uow.certificados.obtener(datos["codigo_virtual"]) is not None:
        return
    uow.certificados.agregar(
        CertificadoVerificable(
            codigo_virtual=datos["codigo_virtual"],
            estado=VIGENTE,
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
            nombres=datos["nombres"],
            apellidos=datos["apellidos"],
            numero_documento=normalizar_numero(datos["numero_documento"]),
            huella=datos.get("huella"),
        )
    )


def al_sustituir_certificado(
    evento: EventoRecibido, uow: UnidadDeTrabajoVerificacion, _dep
) -> None:
    """An older certificate now says SUSTITUIDO and points at the newer one."""
    datos = evento.payload
    _existente(uow, datos["codigo_virtual"]).sustituir(datos["sustituido_por"], datos["sha256"])


def al_anular_certificado(evento: EventoRecibido, uow: UnidadDeTrabajoVerificacion, _dep) -> None:
    """An annulled certificate says ANULADO, with its reason."""
    datos = evento.payload
    _existente(uow, datos["codigo_virtual"]).anular(
        datos["motivo_anulacion"], datos["anulado_en"], datos.get("sha256")
    )


def _existente(uow: UnidadDeTrabajoVerificacion, codigo: str) -> CertificadoVerificable:
    certificado = uow.certificados.obtener(codigo, bloquear=True)
    if certificado is None:  # its CertificadoEmitido is still on the way: try again later
        raise ErrorTransitorio(f"certificado {codigo} aún no registrado en verificación")
    return certificado


MANEJADORES = {
    mensajes.CertificadoEmitido: al_emitir_certificado,
    mensajes.CertificadoSustituido: al_sustituir_certificado,
    mensajes.CertificadoAnulado: al_anular_certificado,
}
