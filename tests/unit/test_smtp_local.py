"""The embedded-mode SMTP server stores what it receives, intact, one .eml per message."""

from __future__ import annotations

import asyncio
import email.policy
import re
import signal
import smtplib
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace

import pytest

from herramientas.smtp_local import BuzonLocal, iniciar, leer_buzon, main

RAIZ = Path(__file__).resolve().parents[2]
NOMBRE_EML = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{32}\.eml$")

# Bytes that look like a PDF and include every byte value, CRLF pairs and a lone dot line,
# so any newline translation, dot-stuffing slip or 7-bit truncation would show.
PDF = b"%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n" + bytes(range(256)) * 8 + b"\r\n.\r\n..\r\n\n\r%%EOF\r\n"


@pytest.fixture
def buzon(tmp_path: Path):
    carpeta = tmp_path / "correo"
    controlador = iniciar(carpeta, port=0)
    try:
        yield SimpleNamespace(carpeta=carpeta, host=controlador.hostname, port=controlador.port)
    finally:
        controlador.stop()


def _certificado(destino: str = "apoderado@example.pe", asunto: str | None = None):
    msg = EmailMessage()
    msg["From"] = "Mi Certificado <no-responder@minedu.gob.pe>"
    msg["To"] = destino
    msg["Subject"] = asunto or "Certificado oficial de estudios N.º 000123 – Ñuñoa Pérez"
    msg.set_content(
        "Estimado(a) apoderado(a):\n\n"
        "Se emitió el certificado. Código virtual: ABC123XYZ.\n"
        ".\n"  # a lone dot line must survive SMTP dot-stuffing
        "Verifíquelo en http://localhost:8080/v/ABC123XYZ\n"
    )
    msg.add_attachment(
        PDF, maintype="application", subtype="pdf", filename="certificado-000123.pdf"
    )
    return msg


def _enviar(buzon, msg, **kwargs):
    with smtplib.SMTP(buzon.host, buzon.port, timeout=10) as smtp:
        return smtp.send_message(msg, **kwargs)


def test_guarda_multipart_con_pdf_intacto(buzon):
    msg = _certificado()
    rechazados = _enviar(buzon, msg, to_addrs=["apoderado@example.pe", "copia-oculta@example.pe"])
    assert rechazados == {}

    [recibido] = leer_buzon(buzon.carpeta)
    assert isinstance(recibido, EmailMessage)
    assert recibido["Subject"] == "Certificado oficial de estudios N.º 000123 – Ñuñoa Pérez"
    assert recibido["To"] == "apoderado@example.pe"
    assert recibido["X-Envelope-From"] == "no-responder@minedu.gob.pe"
    destinatarios = [d.strip() for d in str(recibido["X-Envelope-To"]).split(",")]
    assert destinatarios == ["apoderado@example.pe", "copia-oculta@example.pe"]

    cuerpo = recibido.get_body(preferencelist=("plain",)).get_content()
    assert "Código virtual: ABC123XYZ." in cuerpo
    assert "\n.\n" in cuerpo.replace("\r\n", "\n")
    assert "http://localhost:8080/v/ABC123XYZ" in cuerpo

    [adjunto] = list(recibido.iter_attachments())
    assert adjunto.get_content_type() == "application/pdf"
    assert adjunto.get_filename() == "certificado-000123.pdf"
    assert adjunto.get_content() == PDF


def test_dos_mensajes_son_dos_archivos_en_orden(buzon):
    _enviar(buzon, _certificado("uno@example.pe", "primero"))
    _enviar(buzon, _certificado("dos@example.pe", "segundo"))

    archivos = sorted(p.name for p in buzon.carpeta.iterdir())
    assert len(archivos) == 2
    assert all(NOMBRE_EML.match(nombre) for nombre in archivos), archivos
    assert [m["Subject"] for m in leer_buzon(buzon.carpeta)] == ["primero", "segundo"]


def test_muchos_mensajes_en_una_sesion_conservan_el_orden(buzon):
    with smtplib.SMTP(buzon.host, buzon.port, timeout=10) as smtp:
        for i in range(20):
            smtp.send_message(_certificado(f"d{i}@example.pe", f"mensaje {i:02d}"))
    asuntos = [m["Subject"] for m in leer_buzon(buzon.carpeta)]
    assert asuntos == [f"mensaje {i:02d}" for i in range(20)]
    # No temporary files left behind.
    assert all(p.suffix == ".eml" for p in buzon.carpeta.iterdir())


def test_no_rechaza_nada_valido(buzon):
    with smtplib.SMTP(buzon.host, buzon.port, timeout=10) as smtp:
        assert smtp.ehlo()[0] == 250
        assert smtp.noop()[0] == 250
        # Any domain, many recipients, a null reverse-path (bounce), raw 8-bit text.
        destinatarios = [f"dir{i}@ie-{i}.edu.pe" for i in range(30)] + ["x@localhost"]
        crudo = _certificado().as_bytes(policy=email.policy.SMTP)  # CRLF, as flask-mail sends
        assert smtp.sendmail("a@b.c", destinatarios, crudo) == {}
        assert smtp.sendmail("", ["ugel@example.pe"], b"Subject: rebote\r\n\r\nhola\r\n") == {}
        crudo = "Subject: tildes\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAñó\r\n"
        assert smtp.sendmail("a@b.c", ["z@example.pe"], crudo.encode()) == {}
        # Internationalised address (SMTPUTF8).
        assert (
            smtp.sendmail(
                "secretaría@ie.edu.pe",
                ["apoderada@ñandú.pe"],
                b"Subject: utf8\r\n\r\nok\r\n",
                mail_options=["SMTPUTF8"],
            )
            == {}
        )

    mensajes = leer_buzon(buzon.carpeta)
    assert len(mensajes) == 4
    assert mensajes[0]["X-Envelope-To"].count("@") == 31
    assert mensajes[1]["X-Envelope-From"] == "<>"  # null reverse-path
    assert mensajes[2].get_content().strip() == "Añó"
    assert "apoderada@ñandú.pe" in str(mensajes[3]["X-Envelope-To"])


def test_leer_buzon_inexistente_es_vacio(tmp_path):
    assert leer_buzon(tmp_path / "no-existe") == []


def test_ignora_temporales_a_medio_escribir(tmp_path):
    (tmp_path / ".abc.tmp").write_bytes(b"Subject: a medias")
    (tmp_path / f"20250101T000000.000000Z-{'0' * 32}.eml").write_bytes(
        b"Subject: completo\r\n\r\nx\r\n"
    )
    assert [m["Subject"] for m in leer_buzon(tmp_path)] == ["completo"]


def test_fallo_al_guardar_es_transitorio(tmp_path):
    bloqueo = tmp_path / "soy-un-archivo"
    bloqueo.write_text("no es carpeta")
    handler = BuzonLocal(bloqueo / "correo")
    sobre = SimpleNamespace(
        mail_from="a@b.c",
        rcpt_tos=["d@e.f"],
        original_content=b"Subject: x\r\n\r\ny\r\n",
        content=b"Subject: x\r\n\r\ny\r\n",
    )
    respuesta = asyncio.run(handler.handle_DATA(None, None, sobre))
    assert respuesta.startswith("451 ")


def test_main_sirve_hasta_sigterm(tmp_path):
    carpeta = tmp_path / "correo"
    proc = subprocess.Popen(
        [sys.executable, "-m", "herramientas.smtp_local", "--carpeta", str(carpeta), "--port", "0"],
        cwd=RAIZ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        linea = proc.stdout.readline()
        m = re.search(r"escuchando en ([\d.]+):(\d+)", linea)
        assert m, (linea, proc.stderr.read() if proc.poll() is not None else "")
        with smtplib.SMTP(m.group(1), int(m.group(2)), timeout=10) as smtp:
            smtp.sendmail("a@b.c", ["d@e.f"], b"Subject: por proceso\r\n\r\nhola\r\n")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert [m["Subject"] for m in leer_buzon(carpeta)] == ["por proceso"]


def test_main_puerto_ocupado_sale_con_error(buzon, capsys):
    assert main(["--carpeta", str(buzon.carpeta), "--port", str(buzon.port)]) == 1
    assert "no se pudo escuchar" in capsys.readouterr().err
