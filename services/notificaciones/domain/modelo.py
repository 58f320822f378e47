"""Emails, their delivery log, and the local copy of each request they are about."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from shared.errores import Conflicto

# Delivery state of one email.
PENDIENTE = "PENDIENTE"  # queued, not delivered yet (it may have failed transiently)
ENVIADO = "ENVIADO"
FALLIDO = "FALLIDO"  # final failure, kept with its reason for operations to replay
REENVIANDO = "REENVIANDO"  # a replay took it out of FALLIDO; queued again
RETRASADO = "RETRASADO"  # failed transiently; another attempt is scheduled (proximo_intento_en)
EN_COLA = (PENDIENTE, REENVIANDO, RETRASADO)

# Result of one attempt, as the delivery log shows it.
INTENTO_ENVIADO = "ENVIADO"
INTENTO_TRANSITORIO = "ERROR_TRANSITORIO"
INTENTO_PERMANENTE = "ERROR_PERMANENTE"

# Templates: one per thing a citizen is told.
ACUSE = "solicitud_registrada"
RECHAZO = "solicitud_rechazada"
CERTIFICADO = "certificado_emitido"
SUSTITUCION = "certificado_sustituido"  # a newer CE replaced theirs: its new código
ANULACION = "certificado_anulado"  # their CE was annulled: the reason

# Who the email was meant for in the first place.
SOLICITANTE = "SOLICITANTE"
APODERADO = "APODERADO"
ALTERNATIVO = "ALTERNATIVO"

# Why it exists: an event, or a person asking for it again.
ORIGEN_EVENTO = "EVENTO"
ORIGEN_REENVIO = "REENVIO"

# State of the request as notificaciones knows it; it only moves forward.
SOLICITUD_PENDIENTE = "PENDIENTE"
SOLICITUD_RECHAZADA = "RECHAZADA"
SOLICITUD_EMITIDA = "EMITIDA"
SOLICITUD_SUSTITUIDA = "SUSTITUIDA"  # its certificate was superseded by a newer one
SOLICITUD_ANULADA = "ANULADA"  # its certificate was annulled (a superseded one may be, too)
_ORDEN_ESTADOS = {
    SOLICITUD_PENDIENTE: 0,
    SOLICITUD_RECHAZADA: 1,
    SOLICITUD_EMITIDA: 2,
    SOLICITUD_SUSTITUIDA: 3,
    SOLICITUD_ANULADA: 4,
}
PLANTILLA_DEL_ESTADO = {
    SOLICITUD_PENDIENTE: ACUSE,
    SOLICITUD_RECHAZADA: RECHAZO,
    SOLICITUD_EMITIDA: CERTIFICADO,
    SOLICITUD_SUSTITUIDA: SUSTITUCION,
    SOLICITUD_ANULADA: ANULACION,
}
_CON_CERTIFICADO = (SOLICITUD_EMITIDA, SOLICITUD_SUSTITUIDA, SOLICITUD_ANULADA)


@dataclass(frozen=True)
class PoliticaReintentos:
    """Transient failures retry until a deadline, with capped exponential backoff and jitter."""

    plazo: float = 86400.0  # seconds from the first attempt of a round (24 h)
    base: float = 5.0
    tope: float = 600.0
    # A queued email nobody answered for (task lost, broker down, worker dead) is due again.
    arriendo: float = 300.0

    def espera(self, intento: int) -> float:
        """Seconds before attempt ``intento + 1``: half fixed, half random, never over ``tope``."""
        techo = min(self.tope, self.base * 2 ** min(intento, 32))
        return techo / 2 + random.uniform(0, techo / 2)


class IntentoDeEnvio:
    """One row of the delivery log: who, when, what the SMTP server answered."""

    def __init__(self, intento: int, destinatario: str, resultado: str, detalle: str):
        self.intento = intento
        self.destinatario = destinatario
        self.resultado = resultado
        self.detalle = detalle
        self.en = datetime.now(UTC)


class Correo:
    """One email to one recipient; its attempts are the delivery log."""

    id: int | None
    historial: list[IntentoDeEnvio]

    def __init__(
        self,
        evento_id: str,
        plantilla: str,
        numero_solicitud: int,
        destinatario: str,
        tipo_destinatario: str,
        referencia: str,
        codigo_modular: str,
        anexo: str,
        origen: str = ORIGEN_EVENTO,
        solicitado_por: str | None = None,
        correlation_id: str | None = None,
    ):
        self.id = None
        self.evento_id = evento_id
        self.correlation_id = correlation_id  # what caused it; travels in its X-Correlation-ID
        self.plantilla = plantilla
        self.numero_solicitud = numero_solicitud
        self.destinatario = destinatario
        self.tipo_destinatario = tipo_destinatario
        self.referencia = referencia
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.origen = origen
        self.solicitado_por = solicitado_por
        self.estado = PENDIENTE
        self.intentos = 0
        self.intentos_ronda = 0
        self.ultimo_error = ""
        self.creado_en = datetime.now(UTC)
        self.enviado_en: datetime | None = None
        self.fallido_en: datetime | None = None
        self.reenviado_por: str | None = None
        self.reenviado_en: datetime | None = None
        self.proximo_intento_en: datetime | None = self.creado_en  # due now
        self.plazo_hasta: datetime | None = None  # set by the first attempt of a round
        self.historial = []

    @property
    def en_cola(self) -> bool:
        return self.estado in EN_COLA

    def registrar_intento(
        self,
        resultado: str,
        detalle: str,
        politica: PoliticaReintentos,
        ahora: datetime | None = None,
    ) -> None:
        """Log one attempt and move the state: sent, failed for good, or retried later."""
        ahora = ahora or datetime.now(UTC)
        self.intentos += 1
        self.intentos_ronda += 1
        self.historial.append(IntentoDeEnvio(self.intentos, self.destinatario, resultado, detalle))
        if self.plazo_hasta is None:
            self.plazo_hasta = ahora + timedelta(seconds=politica.plazo)
        if resultado == INTENTO_ENVIADO:
            self.estado, self.enviado_en, self.ultimo_error = ENVIADO, ahora, ""
            self.proximo_intento_en = None
        elif resultado == INTENTO_PERMANENTE:
            self._fallar(detalle)
        elif ahora >= _aware(self.plazo_hasta):
            self._fallar(f"plazo de reintentos agotado ({self.intentos_ronda} intentos): {detalle}")
        else:
            self.estado, self.ultimo_error = RETRASADO, detalle
            espera = politica.espera(self.intentos_ronda - 1)
            self.proximo_intento_en = ahora + timedelta(seconds=espera)

    def reclamar(self, ahora: datetime, arriendo: float) -> None:
        """A sender took it: nobody else queues it until ``arriendo`` seconds have passed."""
        self.proximo_intento_en = ahora + timedelta(seconds=arriendo)

    @property
    def reintentar(self) -> bool:
        """Still queued after a transient failure: worth another attempt later."""
        return self.en_cola and self.intentos_ronda > 0

    def _fallar(self, motivo: str) -> None:
        self.estado, self.ultimo_error, self.fallido_en = FALLIDO, motivo, datetime.now(UTC)
        self.proximo_intento_en = None

    def reenviar(self, por: str, correo_alternativo: str | None = None) -> None:
        """Operations replay a failed email, once: FALLIDO → REENVIANDO, maybe elsewhere."""
        if self.estado != FALLIDO:
            raise Conflicto(
                f"El correo {self.id} no está fallido (estado {self.estado}): no se reenvía "
                "otra vez.",
                "correo",
            )
        self.estado = REENVIANDO
        self.intentos_ronda = 0
        self.plazo_hasta = None  # a new round, with a deadline of its own
        self.proximo_intento_en = datetime.now(UTC)
        self.reenviado_por, self.reenviado_en = por, datetime.now(UTC)
        if correo_alternativo:
            self.destinatario = correo_alternativo

    def devolver_a_fallidos(self, destinatario: str | None = None) -> None:
        """Undo a replay that could not be queued: failed again, to the same address as before."""
        if self.estado == REENVIANDO:
            self.estado, self.proximo_intento_en = FALLIDO, None
            if destinatario:
                self.destinatario = destinatario


def _aware(momento: datetime) -> datetime:
    """SQLite gives datetimes back without their zone; they were stored in UTC."""
    return momento if momento.tzinfo else momento.replace(tzinfo=UTC)


_CAMPOS_COPIADOS = (
    "codigo_seguimiento",
    "tipo_documento",
    "numero_documento",
    "nombres",
    "apellidos",
    "nombre_institucion",
    "nivel",
    "correo",
    "correo_apoderado",
    "motivo_rechazo",
    "codigo_virtual",
    "url_verificacion",
    "sustituido_por",
    "motivo_anulacion",
    "ruta",
)


class SolicitudLocal:
    """What notificaciones keeps of a request, from the events it receives (never their tables)."""

    def __init__(self, numero_solicitud: int, codigo_modular: str, anexo: str):
        self.numero_solicitud = numero_solicitud
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.estado = SOLICITUD_PENDIENTE
        self.codigo_seguimiento: str | None = None
        self.tipo_documento = ""
        self.numero_documento = ""
        self.nombres = ""
        self.apellidos = ""
        self.nombre_institucion = ""
        self.nivel = ""
        self.correo = ""
        self.correo_apoderado: str | None = None
        self.motivo_rechazo: str | None = None
        self.codigo_virtual: str | None = None
        self.url_verificacion: str | None = None
        self.sustituido_por: str | None = None
        self.motivo_anulacion: str | None = None
        self.ruta: str | None = None  # who issues: IE, UGEL, OACIGED or CONSOLIDADA
        self.actualizado_en = datetime.now(UTC)

    def actualizar(self, estado: str, datos: dict) -> None:
        """Merge an event's fields; the state never goes back (events may arrive out of order)."""
        for campo in _CAMPOS_COPIADOS:
            if datos.get(campo) is not None:
                setattr(self, campo, datos[campo])
        if _ORDEN_ESTADOS[estado] > _ORDEN_ESTADOS[self.estado]:
            self.estado = estado
        self.actualizado_en = datetime.now(UTC)

    @property
    def plantilla_actual(self) -> str:
        """The email that tells the citizen where their request stands."""
        return PLANTILLA_DEL_ESTADO[self.estado]

    @property
    def referencia(self) -> str:
        """The code the citizen knows this email by."""
        if self.estado in _CON_CERTIFICADO and self.codigo_virtual:
            return self.codigo_virtual
        return self.codigo_seguimiento or f"{self.numero_solicitud:08d}"

    def destinatarios(self) -> list[tuple[str, str]]:
        """(tipo, address): the requester, and the apoderado when there is a different one."""
        resultado = [(SOLICITANTE, self.correo)]
        if self.correo_apoderado and self.correo_apoderado.lower() != self.correo.lower():
            resultado.append((APODERADO, self.correo_apoderado))
        return resultado


class InstitucionLocal:
    """What notificaciones keeps of an IE (from InstitucionRegistrada): its state and UGEL."""

    def __init__(self, codigo_modular: str, anexo: str, estado: str, codigo_ugel: str | None):
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.estado = estado
        self.codigo_ugel = codigo_ugel  # compared by code; NULL belongs to no UGEL
        self.actualizado_en = datetime.now(UTC)

    def actualizar(self, estado: str, codigo_ugel: str | None) -> None:
        self.estado, self.codigo_ugel, self.actualizado_en = estado, codigo_ugel, datetime.now(UTC)

    def es_de_la_ugel(self, codigo_ugel: str | None) -> bool:
        return self.codigo_ugel is not None and self.codigo_ugel == codigo_ugel

    @property
    def cerrada(self) -> bool:
        return self.estado == "CERRADA"
