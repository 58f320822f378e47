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
    m: mensajes.CertificadoEmitido = evento.mensaje
    if uow.certificados.obtener(m.codigo_virtual) is not None:
        return
    uow.certificados.agregar(
        CertificadoVerificable(
            codigo_virtual=m.codigo_virtual,
            estado=VIGENTE,
            nombre_enmascarado=enmascarar_nombre(m.nombres, m.apellidos),
            documento_enmascarado=enmascarar_documento(m.numero_documento),
            tipo_documento=m.tipo_documento,
            nombre_institucion=m.nombre_institucion,
            codigo_modular=m.codigo_modular,
            anexo=m.anexo,
            modalidad=m.modalidad,
            nivel=m.nivel,
            grados=m.grados,
            emitido_en=m.emitido_en,
            sha256=m.sha256,
            nombres=m.nombres,
            apellidos=m.apellidos,
            numero_documento=normalizar_numero(m.numero_documento),
            huella=m.huella,
            lista_estado=m.lista_estado,
            indice_estado=m.indice_estado,
        )
    )


def al_sustituir_certificado(
    evento: EventoRecibido, uow: UnidadDeTrabajoVerificacion, _dep
) -> None:
    """An older certificate now says SUSTITUIDO and points at the newer one."""
    m: mensajes.CertificadoSustituido = evento.mensaje
    _existente(uow, m.codigo_virtual).sustituir(m.sustituido_por, m.sha256)
    uow.avisar_cambio(m.codigo_virtual)  # kept summaries say VIGENTE
    # The older ones of its chain name it as their newest: now they name m.sustituido_por.
    for anterior in uow.certificados.anteriores_en_la_cadena(m.codigo_virtual):
        uow.avisar_cambio(anterior)


def al_anular_certificado(evento: EventoRecibido, uow: UnidadDeTrabajoVerificacion, _dep) -> None:
    """An annulled certificate says ANULADO, with its reason."""
    m: mensajes.CertificadoAnulado = evento.mensaje
    _existente(uow, m.codigo_virtual).anular(m.motivo_anulacion, m.anulado_en, m.sha256)
    uow.avisar_cambio(m.codigo_virtual)


def al_rotar_clave_de_sello(evento: EventoRecibido, _uow: UnidadDeTrabajoVerificacion, dep) -> None:
    """emision rotated its seal key: fetch its public keys now (new seals verify at once)."""
    m: mensajes.ClaveDeSelloRotada = evento.mensaje
    if all(c["kid"] != m.kid for c in dep.claves.refrescar()):
        raise ErrorTransitorio(f"emisión aún no publica la clave {m.kid}")


def _existente(uow: UnidadDeTrabajoVerificacion, codigo: str) -> CertificadoVerificable:
    certificado = uow.certificados.obtener(codigo, bloquear=True)
    if certificado is None:  # its CertificadoEmitido is still on the way: try again later
        raise ErrorTransitorio(f"certificado {codigo} aún no registrado en verificación")
    return certificado


MANEJADORES = {
    mensajes.CertificadoEmitido: al_emitir_certificado,
    mensajes.CertificadoSustituido: al_sustituir_certificado,
    mensajes.CertificadoAnulado: al_anular_certificado,
    mensajes.ClaveDeSelloRotada: al_rotar_clave_de_sello,
}
