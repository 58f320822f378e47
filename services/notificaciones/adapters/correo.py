"""Sending email through SMTP with flask-mail, and fetching the PDF to attach."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field

import requests
from flask_mail import Mail, Message

from shared.errores import ErrorTransitorio


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


class EnviadorSmtp:
    """flask-mail over SMTP; SMTP answers are sorted into transient and permanent."""

    def __init__(self, mail: Mail):
        self._mail = mail

    def enviar(self, mensaje: MensajeSaliente) -> None:
        msg = Message(
            subject=mensaje.asunto,
            recipients=list(mensaje.destinatarios),
            body=mensaje.texto,
            html=mensaje.html,
        )
        for adjunto in mensaje.adjuntos:
            msg.attach(adjunto.nombre, adjunto.tipo, adjunto.contenido)
        try:
            self._mail.send(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codigos = [codigo for codigo, _ in exc.recipients.values()]
            if all(500 <= c < 600 for c in codigos):
                raise RechazoPermanente(f"destinatario rechazado ({codigos[0]})") from exc
            raise ErrorTransitorio(f"destinatario rechazado temporalmente ({codigos})") from exc
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:
                raise RechazoPermanente(f"servidor SMTP respondió {exc.smtp_code}") from exc
            raise ErrorTransitorio(f"servidor SMTP respondió {exc.smtp_code}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise ErrorTransitorio(f"SMTP no disponible: {type(exc).__name__}") from exc


def descargar_pdf(url_emision: str, codigo_virtual: str, documento: str) -> bytes:
    """The certificate's PDF from the emision service; unreachable is transient."""
    url = f"{url_emision}/api/emision/certificados/{codigo_virtual}/pdf"
    try:
        respuesta = requests.get(url, params={"documento": documento}, timeout=10)
    except requests.RequestException as exc:
        raise ErrorTransitorio(f"emisión no responde: {type(exc).__name__}") from exc
    if respuesta.status_code != 200:
        raise ErrorTransitorio(f"emisión respondió {respuesta.status_code} al pedir el PDF")
    return respuesta.content
