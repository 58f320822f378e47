"""Handlers of the notificaciones service: emails on events, resends and replays on request."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from services.notificaciones.domain.modelo import (
    ACUSE,
    ALTERNATIVO,
    ANULACION,
    CERTIFICADO,
    ORIGEN_EVENTO,
    ORIGEN_REENVIO,
    RECHAZO,
    SOLICITANTE,
    SOLICITUD_ANULADA,
    SOLICITUD_EMITIDA,
    SOLICITUD_PENDIENTE,
    SOLICITUD_RECHAZADA,
    SOLICITUD_SUSTITUIDA,
    SUSTITUCION,
    Correo,
    InstitucionLocal,
    SolicitudLocal,
)
from services.notificaciones.service_layer import autorizacion, comandos, cuentas, envio
from services.notificaciones.service_layer.dependencias import Dependencias
from services.notificaciones.service_layer.unit_of_work import UnidadDeTrabajoNotificaciones
from shared import correlacion, mensajes
from shared.auth import Usuario
from shared.consumidor import EventoRecibido
from shared.documentos import enmascarar_correo
from shared.errores import (
    Conflicto,
    ErrorTransitorio,
    NoEncontrado,
    ServicioNoDisponible,
)

log = logging.getLogger(__name__)
TAMANO_LOTE = 100  # emails per task: one SMTP connection each


# --- events: keep the local copy, email the citizen ------------------------------------------

_CAMPOS_SOLICITUD = (
    "codigo_seguimiento",
    "tipo_documento",
    "numero_documento",
    "nombres",
    "apellidos",
    "nombre_institucion",
    "nivel",
    "correo",
    "correo_apoderado",
    "ruta",
)


def al_registrar_solicitud(evento: EventoRecibido, uow, dep: Dependencias) -> None:
    """Acuse de recibo with the tracking code."""
    datos = evento.payload
    copia = _copiar(uow, datos, SOLICITUD_PENDIENTE, _campos(datos))
    _notificar(uow, evento.id, ACUSE, copia, dep)


def al_rechazar_solicitud(evento: EventoRecibido, uow, dep: Dependencias) -> None:
    """Aviso de rechazo with the reason."""
    datos = evento.payload
    campos = {**_campos(datos), "motivo_rechazo": datos["motivo_rechazo"]}
    copia = _copiar(uow, datos, SOLICITUD_RECHAZADA, campos)
    _notificar(uow, evento.id, RECHAZO, copia, dep)


def al_emitir_certificado(evento: EventoRecibido, uow, dep: Dependencias) -> None:
    """The certificate: link to download and verify, the PDF attached (configurable)."""
    datos = evento.payload
    campos = {
        **_campos(datos),
        "codigo_virtual": datos["codigo_virtual"],
        "url_verificacion": datos["url_verificacion"],
    }
    copia = _copiar(uow, datos, SOLICITUD_EMITIDA, campos)
    _notificar(uow, evento.id, CERTIFICADO, copia, dep)


def al_sustituir_certificado(evento: EventoRecibido, uow, dep: Dependencias) -> None:
    """Aviso al titular: su certificado fue reemplazado, con el código del nuevo."""
    datos = evento.payload
    copia = _copia_del_certificado(uow, datos)
    if copia is not None:
        copia.actualizar(SOLICITUD_SUSTITUIDA, {"sustituido_por": datos["sustituido_por"]})
        _notificar(uow, evento.id, SUSTITUCION, copia, dep)


def al_anular_certificado(evento: EventoRecibido, uow, dep: Dependencias) -> None:
    """Aviso al titular: su certificado fue anulado, con el motivo."""
    datos = evento.payload
    copia = _copia_del_certificado(uow, datos)
    if copia is not None:
        copia.actualizar(SOLICITUD_ANULADA, {"motivo_anulacion": datos["motivo_anulacion"]})
        _notificar(uow, evento.id, ANULACION, copia, dep)


def _copia_del_certificado(uow, datos: dict) -> SolicitudLocal | None:
    """The request whose certificate the event is about; None for events that do not say."""
    if datos.get("numero_solicitud") is None:
        return None  # published before issue 10: no request to tell
    copia = uow.solicitudes.obtener(datos["numero_solicitud"], bloquear=True)
    if copia is None or copia.codigo_virtual != datos["codigo_virtual"]:
        # Its CertificadoEmitido has not been handled here yet: try again later (bounded).
        raise ErrorTransitorio(f"certificado {datos['codigo_virtual']} aún no registrado")
    return copia


def _campos(datos: dict) -> dict:
    return {campo: datos.get(campo) for campo in _CAMPOS_SOLICITUD}


def _copiar(uow, datos: dict, estado: str, campos: dict) -> SolicitudLocal:
    copia = uow.solicitudes.obtener(datos["numero_solicitud"], bloquear=True)
    if copia is None:
        copia = SolicitudLocal(datos["numero_solicitud"], datos["codigo_modular"], datos["anexo"])
        uow.solicitudes.agregar(copia)
    copia.actualizar(estado, campos)
    return copia


def _notificar(uow, evento_id: str, plantilla: str, copia: SolicitudLocal, dep) -> None:
    """Queue one email per recipient, keep them, then send once; later attempts are scheduled.

    A transient failure leaves the email RETRASADO with its next attempt in the database (the
    sweeper in ``mc relay`` queues it when due), so the event itself is done.
    """
    if copia.plantilla_actual != plantilla:
        return  # the request moved on (events out of order): an older notice would mislead
    ids = []
    for tipo, direccion in copia.destinatarios():
        correo = uow.correos.de_evento(evento_id, plantilla, tipo)
        if correo is None:
            correo = _nuevo_correo(evento_id, plantilla, copia, direccion, tipo)
            correo.reclamar(datetime.now(UTC), dep.politica.arriendo)  # sent right below
            uow.correos.agregar(correo)
        ids.append(correo.id)
    uow.commit()  # the copy and the queued emails are kept before any mail leaves
    pendientes = envio.enviar(uow, ids, dep)
    if pendientes:
        log.info("correos %s retrasados: se reintentarán según su plazo", pendientes)


def _nuevo_correo(evento_id, plantilla, copia, direccion, tipo, origen=ORIGEN_EVENTO, por=None):
    return Correo(
        evento_id,
        plantilla,
        copia.numero_solicitud,
        direccion,
        tipo,
        copia.referencia,
        copia.codigo_modular,
        copia.anexo,
        origen,
        por,
        correlation_id=correlacion.actual(),
    )


def al_registrar_institucion(evento: EventoRecibido, uow, _dep) -> None:
    """Keep the IE's state and UGEL: once it closes, its UGEL may resend its emails."""
    datos = evento.payload
    ie = uow.instituciones.obtener(datos["codigo_modular"], datos["anexo"], bloquear=True)
    if ie is None:
        uow.instituciones.agregar(
            InstitucionLocal(
                datos["codigo_modular"], datos["anexo"], datos["estado"], datos["codigo_ugel"]
            )
        )
    else:
        ie.actualizar(datos["estado"], datos["codigo_ugel"])


# Event type -> handler(evento, uow, dep); shared.web.conectar_consumidor binds ``dep``.
MANEJADORES = {
    mensajes.InstitucionRegistrada: al_registrar_institucion,
    mensajes.SolicitudRegistrada: al_registrar_solicitud,
    mensajes.SolicitudRechazada: al_rechazar_solicitud,
    mensajes.CertificadoEmitido: al_emitir_certificado,
    mensajes.CertificadoSustituido: al_sustituir_certificado,
    mensajes.CertificadoAnulado: al_anular_certificado,
    mensajes.EnlaceDeClaveEmitido: cuentas.al_emitir_enlace_de_clave,
}


# --- commands: a director resends, operations replay ----------------------------------------


def reenviar_correo(
    cmd: comandos.ReenviarCorreo, uow: UnidadDeTrabajoNotificaciones, usuario: Usuario, dep
) -> dict:
    """Queue the request's current email again, to its address or an alternate one."""
    with uow:
        copia = uow.solicitudes.obtener(cmd.numero_solicitud, bloquear=True)  # one resend at a time
        if copia is None:
            raise NoEncontrado(
                f"No existe la solicitud N.° {cmd.numero_solicitud:08d}.", "numero_solicitud"
            )
        autorizacion.autorizar(uow, usuario, copia)
        tipo = ALTERNATIVO if cmd.correo_alternativo else SOLICITANTE
        direccion = cmd.correo_alternativo or copia.correo
        plantilla = copia.plantilla_actual
        _sin_reenvio_en_curso(uow, copia, plantilla, direccion, tipo)
        correo = _nuevo_correo(
            str(uuid.uuid4()), plantilla, copia, direccion, tipo, ORIGEN_REENVIO, usuario.sub
        )
        correo.reclamar(datetime.now(UTC), dep.politica.arriendo)  # its task is queued below
        uow.correos.agregar(correo)
        uow.commit()
    _encolar_o_deshacer(uow, dep, [[correo.id]], _borrar)
    return _respuesta(correo)


def _sin_reenvio_en_curso(uow, copia, plantilla: str, direccion: str, tipo: str) -> None:
    """A double click queues one resend: the same email to the same address, once at a time."""
    for previo in uow.correos.de_solicitud(copia.numero_solicitud):
        en_curso = previo.origen == ORIGEN_REENVIO and previo.en_cola
        if en_curso and (previo.plantilla, previo.destinatario) == (plantilla, direccion):
            raise Conflicto(
                f"Ya hay un reenvío en curso a {enmascarar_correo(direccion)}; "
                "espere unos minutos.",
                "correo_alternativo" if tipo == ALTERNATIVO else None,
            )


def reenviar_fallido(
    cmd: comandos.ReenviarFallido, uow: UnidadDeTrabajoNotificaciones, usuario: Usuario, dep
) -> dict:
    """Replay one failed email; a second replay of it finds it no longer failed (409)."""
    with uow:
        correo = uow.correos.bloquear(cmd.correo_id)
        if correo is None:
            raise NoEncontrado(f"No existe el correo {cmd.correo_id}.", "correo")
        destinatario_anterior = correo.destinatario
        correo.reenviar(usuario.sub, cmd.correo_alternativo)
        correo.reclamar(datetime.now(UTC), dep.politica.arriendo)
        uow.commit()
    _encolar_o_deshacer(uow, dep, [[correo.id]], _devolver_a_fallidos(destinatario_anterior))
    return _respuesta(correo)


def reenviar_fallidos(
    cmd: comandos.ReenviarFallidos, uow: UnidadDeTrabajoNotificaciones, usuario: Usuario, dep
) -> dict:
    """Replay every failed email matching the filter, in batches of one connection each."""
    with uow:
        correos = uow.correos.para_reenviar(cmd.filtro, cmd.limite)
        for correo in correos:
            correo.reenviar(usuario.sub)
            correo.reclamar(datetime.now(UTC), dep.politica.arriendo)
        uow.commit()
    ids = [c.id for c in correos]
    lotes = [ids[i : i + TAMANO_LOTE] for i in range(0, len(ids), TAMANO_LOTE)]
    _encolar_o_deshacer(uow, dep, lotes, _devolver_a_fallidos(None))
    return {"reenviados": len(ids), "correos": ids}


def _encolar_o_deshacer(uow, dep: Dependencias, lotes: list[list[int]], deshacer) -> None:
    """Tasks go out only after commit; if the broker refuses one, undo it and every later one."""
    for n, lote in enumerate(lotes):
        try:
            dep.encolar(lote)
        except Exception as exc:  # any broker failure: nothing may stay queued without a task
            log.error("no se pudo encolar el envío de %s: %s", lote, type(exc).__name__)
            with uow:
                for correo_id in (i for resto in lotes[n:] for i in resto):
                    correo = uow.correos.bloquear(correo_id)
                    if correo is not None:
                        deshacer(uow, correo)
                uow.commit()
            encolados = sum(len(x) for x in lotes[:n])
            detalle = f" Se encolaron {encolados}; el resto sigue fallido." if encolados else ""
            raise ServicioNoDisponible(
                "El servicio de correo no está disponible en este momento; intente nuevamente "
                f"en unos minutos.{detalle}"
            ) from exc


def _borrar(uow, correo: Correo) -> None:
    uow.session.delete(correo)


def _devolver_a_fallidos(destinatario: str | None):
    def deshacer(_uow, correo: Correo) -> None:
        correo.devolver_a_fallidos(destinatario)

    return deshacer


def _respuesta(correo: Correo) -> dict:
    return {
        "correo_id": correo.id,
        "plantilla": correo.plantilla,
        "destinatario": enmascarar_correo(correo.destinatario),
        "estado": correo.estado,
        "mensaje": f"El correo se enviará a {enmascarar_correo(correo.destinatario)}.",
    }
