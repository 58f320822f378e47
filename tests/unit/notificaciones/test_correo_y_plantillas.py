"""SMTP answers sorted into transient and permanent; the emails' words. No network."""

from __future__ import annotations

import smtplib
from types import SimpleNamespace

import pytest
from flask import Flask
from flask_mail import Mail, sanitize_addresses

from services.notificaciones.adapters.correo import (
    MensajeSaliente,
    RechazoPermanente,
    SesionSmtp,
    sin_direcciones,
)
from services.notificaciones.adapters.plantillas import Redactor
from services.notificaciones.domain.modelo import (
    ACUSE,
    CERTIFICADO,
    RECHAZO,
    SOLICITUD_EMITIDA,
    SOLICITUD_PENDIENTE,
    SOLICITUD_RECHAZADA,
    SolicitudLocal,
)
from shared.enlaces import firmar_descarga
from shared.errores import ErrorDeDominio, ErrorTransitorio


@pytest.fixture(autouse=True)
def contexto_flask():
    """flask-mail builds its Message inside an app (for the default sender); no server needed."""
    app = Flask("pruebas")
    app.config["MAIL_DEFAULT_SENDER"] = "no-responder@micertificado.local"
    Mail(app)
    with app.app_context():
        yield


MENSAJE = MensajeSaliente("Asunto", ("ana.quispe@example.pe",), "texto", "<p>html</p>")


class ConexionFalsa:
    """Stands for flask-mail's open connection: raises what a server would make smtplib raise."""

    def __init__(self, error: Exception | None):
        self.error = error
        self.host = self
        self.cerrada = False

    def send(self, mensaje):
        if self.error:
            raise self.error
        # What flask-mail's Connection.send does before talking to the server.
        list(sanitize_addresses(mensaje.send_to))
        mensaje.as_bytes()

    def close(self):
        self.cerrada = True


def _sesion(error: Exception | None) -> tuple[SesionSmtp, ConexionFalsa]:
    sesion = SesionSmtp(mail=None, tiempo_maximo=1)
    conexion = ConexionFalsa(error)
    sesion._conexion = conexion  # already connected: we test what happens on send
    return sesion, conexion


def test_un_550_del_destinatario_es_permanente_y_su_texto_no_lleva_la_direccion():
    error = smtplib.SMTPRecipientsRefused(
        {"ana.quispe@example.pe": (550, b"5.1.1 <ana.quispe@example.pe>: User unknown")}
    )
    sesion, conexion = _sesion(error)
    with pytest.raises(RechazoPermanente) as exc:
        sesion.enviar(MENSAJE)
    assert str(exc.value) == "destinatario rechazado: 550 5.1.1 <a***@example.pe>: User unknown"
    assert not conexion.cerrada  # the same connection serves the rest of the batch


@pytest.mark.parametrize(
    ("error", "esperado"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@b.pe": (450, b"mailbox busy")}),
            "destinatario rechazado temporalmente: 450 mailbox busy",
        ),
        (smtplib.SMTPDataError(451, b"4.3.0 try later"), "el servidor SMTP respondió 451"),
        (smtplib.SMTPSenderRefused(421, b"closing", "x@y.pe"), "el servidor SMTP respondió 421"),
        (ConnectionRefusedError(111, "refused"), "SMTP no disponible: ConnectionRefusedError"),
        (TimeoutError("timed out"), "SMTP no disponible: TimeoutError"),
        (smtplib.SMTPServerDisconnected("gone"), "SMTP no disponible: SMTPServerDisconnected"),
    ],
)
def test_caidas_tiempos_agotados_y_4xx_son_transitorios(error, esperado):
    sesion, _ = _sesion(error)
    with pytest.raises(ErrorTransitorio) as exc:
        sesion.enviar(MENSAJE)
    assert str(exc.value).startswith(esperado)


def test_tras_una_caida_la_sesion_abre_otra_conexion_para_el_siguiente():
    sesion, conexion = _sesion(smtplib.SMTPServerDisconnected("gone"))
    with pytest.raises(ErrorTransitorio):
        sesion.enviar(MENSAJE)
    assert conexion.cerrada and sesion._conexion is None


def test_un_5xx_del_servidor_es_permanente():
    sesion, _ = _sesion(smtplib.SMTPDataError(554, b"5.6.0 message rejected"))
    with pytest.raises(RechazoPermanente, match="554 5.6.0 message rejected"):
        sesion.enviar(MENSAJE)


def test_sin_direcciones_enmascara_todas():
    texto = "550 <a.b@x.pe> and c@d.com.pe refused"
    assert sin_direcciones(texto) == "550 <a***@x.pe> and c***@d.com.pe refused"


def _copia(estado=SOLICITUD_PENDIENTE, **campos) -> SolicitudLocal:
    s = SolicitudLocal(12, "0584714", "0")
    base = {
        "codigo_seguimiento": "8MHXGZ6K9TWJDHNG",
        "tipo_documento": "CE",
        "numero_documento": "001112311",
        "nombres": "ARTURO <JOHEL>",
        "apellidos": "RAMIREZ",
        "nombre_institucion": "AUGUSTO B. LEGUIA",
        "nivel": "SECUNDARIA",
        "correo": "arturo@example.pe",
    }
    s.actualizar(estado, {**base, **campos})
    return s


def test_el_acuse_lleva_el_codigo_de_seguimiento_agrupado():
    m = Redactor("https://mc.example.pe").componer(ACUSE, _copia(), "arturo@example.pe")
    assert m.asunto == "Solicitud de Certificado de Estudios recibida (8MHX-GZ6K-9TWJ-DHNG)"
    assert "Código de seguimiento: 8MHX-GZ6K-9TWJ-DHNG" in m.texto
    assert "solicitud N.° 00000012" in m.texto and "nivel secundaria" in m.texto
    assert "(0584714-0)" in m.texto
    assert "ARTURO <JOHEL>" in m.texto  # plain text is not HTML
    assert "ARTURO &lt;JOHEL&gt;" in m.html and "<JOHEL>" not in m.html
    assert m.destinatarios == ("arturo@example.pe",) and m.adjuntos == ()
    # The portal's tracking page and the help channel, in both parts.
    seguimiento = "http://127.0.0.1:8000/seguimiento/8MHX-GZ6K-9TWJ-DHNG"
    assert f"Consulte el estado de su solicitud: {seguimiento}" in m.texto
    assert f'href="{seguimiento}"' in m.html
    assert "buzonmicertificado@minedu.gob.pe" in m.texto and "buzonmicertificado@" in m.html


def test_el_rechazo_lleva_el_motivo():
    copia = _copia(SOLICITUD_RECHAZADA, motivo_rechazo="No figura en las actas.")
    m = Redactor("https://mc.example.pe").componer(RECHAZO, copia, "arturo@example.pe")
    assert m.asunto == "Solicitud de Certificado de Estudios rechazada (8MHX-GZ6K-9TWJ-DHNG)"
    assert "Motivo: No figura en las actas." in m.texto
    assert "No figura en las actas." in m.html
    portal = Redactor("https://x", url_portal="https://mc.example.pe/", ayuda_correo="ayuda@x.pe")
    m = portal.componer(RECHAZO, copia, "arturo@example.pe")
    assert "nueva solicitud en Mi Certificado: https://mc.example.pe/solicitud/" in m.texto
    assert "https://mc.example.pe/seguimiento/8MHX-GZ6K-9TWJ-DHNG" in m.html
    assert "Escriba a ayuda@x.pe." in m.texto


def test_el_certificado_lleva_enlaces_de_descarga_y_verificacion_y_el_pdf_si_se_adjunta():
    copia = _copia(
        SOLICITUD_EMITIDA,
        codigo_virtual="7K3M9QXD2HVBN4TA",
        numero=12,
        url_verificacion="https://mc.example.pe/v/7K3M-9QXD-2HVB-N4TA",
    )
    redactor = Redactor("https://mc.example.pe/", "secreto", 3600, reloj=lambda: 1_000_000)
    con_pdf = redactor.componer(CERTIFICADO, copia, "arturo@example.pe", b"%PDF-1.7")
    assert con_pdf.asunto == "Su Certificado Oficial de Estudios (7K3M-9QXD-2HVB-N4TA)"
    token = firmar_descarga("secreto", "7K3M9QXD2HVBN4TA", 3600, 1_000_000)
    enlace = f"https://mc.example.pe/v/7K3M-9QXD-2HVB-N4TA/descarga?t={token}"
    assert enlace in con_pdf.texto and enlace in con_pdf.html
    assert "válido hasta el 12/01/1970" in con_pdf.texto  # 1,003,600 s after the epoch, in Lima
    assert "001112311" not in con_pdf.texto + con_pdf.html  # the holder's document, nowhere
    assert "https://mc.example.pe/v/7K3M-9QXD-2HVB-N4TA" in con_pdf.texto
    assert "adjunto a este correo" in con_pdf.texto
    [adjunto] = con_pdf.adjuntos
    assert (adjunto.nombre, adjunto.tipo) == (
        "certificado-7K3M-9QXD-2HVB-N4TA.pdf",
        "application/pdf",
    )
    sin_pdf = redactor.componer(CERTIFICADO, copia, "arturo@example.pe")
    assert sin_pdf.adjuntos == () and "adjunto a este correo" not in sin_pdf.texto


def test_una_plantilla_desconocida_es_un_error_permanente():
    with pytest.raises(ErrorDeDominio):
        Redactor("https://x").componer("otra", _copia(), "a@b.pe")


def test_el_mensaje_se_escribe_igual_que_con_flask_mail_salvo_los_limites_mime():
    from email import message_from_bytes, policy
    from email.mime.base import MIMEBase

    from flask_mail import Message

    from services.notificaciones.adapters.correo import MensajeFlask

    copia = _copia(
        SOLICITUD_EMITIDA,
        nombres="JOSÉ MARÍA <ÑAHUI>",
        codigo_virtual="7K3M9QXD2HVBN4TA",
        url_verificacion="https://mc.example.pe/v/7K3M-9QXD-2HVB-N4TA",
    )
    saliente = Redactor("https://x").componer(CERTIFICADO, copia, "jose@example.pe", b"%PDF-1")
    escritos = []
    for clase in (Message, MensajeFlask):
        m = clase(
            subject=saliente.asunto,
            recipients=list(saliente.destinatarios),
            body=saliente.texto,
            html=saliente.html,
            date=1700000000,
        )
        m.msgId = "<fijo@micertificado.local>"
        m.attach("certificado.pdf", "application/pdf", b"%PDF-1")
        escritos.append(m.as_bytes())
    original, nuestro = (message_from_bytes(b, policy=policy.default) for b in escritos)
    assert len(escritos[0]) == len(escritos[1])
    assert [(k, v) for k, v in original.items() if k != "Content-Type"] == [
        (k, v) for k, v in nuestro.items() if k != "Content-Type"
    ]
    partes = [
        [p.get_content() for p in m.walk() if not isinstance(p, MIMEBase) and not p.is_multipart()]
        for m in (original, nuestro)
    ]
    assert partes[0] == partes[1] and len(partes[0]) == 3
    assert b"\r\n" in escritos[1] and b"\n\n" not in escritos[1].replace(b"\r\n", b"")


def test_una_direccion_con_tildes_es_un_rechazo_permanente_no_un_error_del_worker():
    sesion, _ = _sesion(None)
    mensaje = MensajeSaliente("Asunto", ("josé@example.pe",), "texto", "<p>html</p>")
    with pytest.raises(RechazoPermanente, match="no se puede enviar"):
        sesion.enviar(mensaje)


def test_si_el_servidor_no_responde_el_resto_del_lote_falla_sin_esperar(monkeypatch):
    from services.notificaciones.adapters import correo

    intentos = []

    def sin_servidor(self):
        intentos.append(1)
        raise TimeoutError("timed out")

    monkeypatch.setattr(correo._ConexionConLimite, "configure_host", sin_servidor)
    sesion = SesionSmtp(mail=SimpleNamespace(suppress=False), tiempo_maximo=1)
    for _ in range(3):
        with pytest.raises(ErrorTransitorio, match="SMTP no disponible: TimeoutError"):
            sesion.enviar(MENSAJE)
    assert len(intentos) == 1  # one timeout for the batch, not one per message
