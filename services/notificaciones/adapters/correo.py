"""Sending email through SMTP with flask-mail, and fetching the PDF to attach.

A batch sends over one SMTP connection (``EnviadorSmtp.sesion()``); SMTP answers are sorted
into transient (retry later) and permanent (retrying cannot help). Error texts kept in the
delivery log never carry a full address.
"""

from __future__ import annotations

import contextlib
import email.policy
import re
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_mail import BadHeaderError, Connection, Mail, Message

from shared.cliente_emision import ClienteEmisionHttp, EmisionNoDisponible
from shared.correlacion import CABECERA_CORRELACION
from shared.documentos import enmascarar_correo
from shared.errores import ErrorTransitorio

TIEMPO_MAXIMO_SMTP = 30.0  # seconds; a server that hangs is a transient failure, not a stuck worker
_DIRECCION = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class RechazoPermanente(Exception):
    """The SMTP server refused for good (5xx): retrying cannot help."""


@dataclass(frozen=True)
class Adjunto:
    nombre: str
    tipo: str
    contenido: bytes


@dataclass(frozen=True)
class MensajeSaliente:
    asunto: str
    destinatarios: tuple[str, ...]
    texto: str
    html: str
    adjuntos: tuple[Adjunto, ...] = field(default_factory=tuple)
    correlation_id: str | None = None  # sent as X-Correlation-ID: which request caused it


def sin_direcciones(texto: str) -> str:
    """Mask every address in a server's answer: logs and the delivery log show none in full."""
    return _DIRECCION.sub(lambda m: enmascarar_correo(m.group(0)), texto)


def _respuesta(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    texto = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return sin_direcciones(f"{exc.smtp_code} {texto}".strip())[:500]


class _ConexionConLimite(Connection):
    """flask-mail's connection with a socket timeout (flask-mail sets none) and no debug dump."""

    def __init__(self, mail, tiempo_maximo: float):
        super().__init__(mail)
        self._tiempo_maximo = tiempo_maximo

    def configure_host(self) -> smtplib.SMTP:
        clase = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = clase(self.mail.server, self.mail.port, timeout=self._tiempo_maximo)
        # No MAIL_DEBUG here: smtplib's debug output prints whole messages, bodies included.
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


class SesionSmtp:
    """One SMTP connection for a batch, opened at the first message, reopened after a drop.

    If the server cannot be reached at all, the rest of the batch fails at once with the same
    reason instead of each message waiting out its own connection timeout.
    """

    def __init__(self, mail, tiempo_maximo: float):
        self._mail = mail
        self._tiempo_maximo = tiempo_maximo
        self._conexion: _ConexionConLimite | None = None
        self._inalcanzable: str | None = None

    def enviar(self, mensaje: MensajeSaliente) -> None:
        """Send one message; raises RechazoPermanente or ErrorTransitorio."""
        conexion = self._abrir()
        try:
            conexion.send(_mensaje_flask(mensaje))
        except smtplib.SMTPRecipientsRefused as exc:
            codigos = [codigo for codigo, _ in exc.recipients.values()]
            codigo, texto = next(iter(exc.recipients.values()))
            detalle = _respuesta(smtplib.SMTPResponseException(codigo, texto))
            if all(500 <= c < 600 for c in codigos):
                raise RechazoPermanente(f"destinatario rechazado: {detalle}") from exc
            raise ErrorTransitorio(f"destinatario rechazado temporalmente: {detalle}") from exc
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:
                raise RechazoPermanente(f"el servidor SMTP respondió {_respuesta(exc)}") from exc
            self._cerrar()  # 421 and friends: the server is closing on us
            raise ErrorTransitorio(f"el servidor SMTP respondió {_respuesta(exc)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            self._cerrar()
            raise ErrorTransitorio(f"SMTP no disponible: {type(exc).__name__}") from exc
        except (UnicodeEncodeError, BadHeaderError) as exc:
            # An address with tildes or ñ needs SMTPUTF8, which flask-mail does not speak.
            raise RechazoPermanente("la dirección o un encabezado no se puede enviar") from exc

    def _abrir(self) -> _ConexionConLimite:
        if self._inalcanzable is not None:
            raise ErrorTransitorio(self._inalcanzable)
        if self._conexion is None:
            conexion = _ConexionConLimite(self._mail, self._tiempo_maximo)
            try:
                conexion.__enter__()
            except (OSError, smtplib.SMTPException) as exc:
                self._inalcanzable = f"SMTP no disponible: {type(exc).__name__}"
                raise ErrorTransitorio(self._inalcanzable) from exc
            self._conexion = conexion
        return self._conexion

    def _cerrar(self) -> None:
        conexion, self._conexion = self._conexion, None
        if conexion is not None and conexion.host is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                conexion.host.close()

    def terminar(self) -> None:
        """QUIT politely; a connection that already dropped is just closed."""
        conexion, self._conexion = self._conexion, None
        if conexion is not None and conexion.host is not None:
            try:
                conexion.host.quit()
            except (OSError, smtplib.SMTPException):
                conexion.host.close()


_GENERACION = email.policy.compat32.clone(linesep="\r\n")


class MensajeFlask(Message):
    """flask-mail's message, written out without re-parsing every header it has just encoded.

    flask-mail generates with ``policy.SMTP``, whose header registry parses each header again
    while writing; its headers are already RFC 2047-encoded, so the legacy policy with CRLF
    writes the same bytes (MIME boundaries aside) in about half the time — most of the cost of
    a batch on the client side.
    """

    def as_bytes(self) -> bytes:
        mensaje = self._message()
        mensaje.policy = _GENERACION
        return mensaje.as_bytes()


def _mensaje_flask(mensaje: MensajeSaliente) -> Message:
    msg = MensajeFlask(
        subject=mensaje.asunto,
        recipients=list(mensaje.destinatarios),
        body=mensaje.texto,
        html=mensaje.html,
        extra_headers={CABECERA_CORRELACION: mensaje.correlation_id}
        if mensaje.correlation_id
        else None,
    )
    for adjunto in mensaje.adjuntos:
        msg.attach(adjunto.nombre, adjunto.tipo, adjunto.contenido)
    return msg


class EnviadorSmtp:
    """flask-mail over SMTP: ``sesion()`` for a batch over one connection, ``enviar`` for one."""

    def __init__(self, mail: Mail, tiempo_maximo: float = TIEMPO_MAXIMO_SMTP):
        self._mail = mail
        self._tiempo_maximo = tiempo_maximo

    @contextlib.contextmanager
    def sesion(self) -> Iterator[SesionSmtp]:
        """A batch: every message sent inside reuses one SMTP connection."""
        sesion = SesionSmtp(self._mail, self._tiempo_maximo)
        try:
            yield sesion
        finally:
            sesion.terminar()

    def enviar(self, mensaje: MensajeSaliente) -> None:
        """One message on its own connection."""
        with self.sesion() as sesion:
            sesion.enviar(mensaje)


def descargar_pdf(url_emision: str, secreto: str, codigo_virtual: str) -> bytes:
    """The certificate's PDF from emision's internal endpoint; unreachable is transient."""
    cliente = ClienteEmisionHttp(url_emision, secreto, "notificaciones", timeout=10)
    try:
        pdf = cliente.pdf(codigo_virtual)
    except EmisionNoDisponible as exc:
        raise ErrorTransitorio(f"emisión no responde bien al pedir el PDF: {exc}") from exc
    if pdf is None:  # not there yet (or its file lost): the email waits for a later attempt
        raise ErrorTransitorio("emisión respondió 404 al pedir el PDF")
    return pdf
