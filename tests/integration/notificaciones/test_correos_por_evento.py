"""Emails caused by events, through a real SMTP server: what arrives, retries, exactly once."""

from __future__ import annotations

import io
import logging
import time

import pytest
from pypdf import PdfReader

from shared import vc_jose
from shared.eventos import Evento
from shared.identificadores import agrupar
from tests.integration import datos
from tests.integration.notificaciones.conftest import solicitud_registrada

pytestmark = pytest.mark.integration


def _ie(payload: dict) -> dict:
    return {"codigo_modular": payload["codigo_modular"], "anexo": payload["anexo"]}


def _dialogo(sistema, solicitud: dict) -> dict:
    r = sistema.clientes["notificaciones"].get(
        f"/api/notificaciones/solicitudes/{solicitud['numero_solicitud']}/correo",
        headers=datos.director(_ie(solicitud)),
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _historial(sistema, correo_id: int) -> dict:
    r = sistema.clientes["notificaciones"].get(
        f"/api/notificaciones/correos/{correo_id}", headers=datos.operaciones()
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_el_certificado_llega_con_asunto_cuerpo_destinatario_y_pdf(sistema_correo):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_correo, ie, est)
    sol = sistema_correo.clientes["solicitudes"]
    correo = f"maria.{est['numero_documento']}@example.pe"
    r = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est, correo=correo))
    registrada = r.get_json()
    sistema_correo.entregar()

    [acuse] = sistema_correo.smtp.correos(para=correo)
    seguimiento = registrada["codigo_seguimiento"]
    assert acuse["Subject"] == f"Solicitud de Certificado de Estudios recibida ({seguimiento})"
    texto = acuse.get_body(("plain",)).get_content()
    assert f"Código de seguimiento: {seguimiento}" in texto
    assert f"N.° {registrada['numero_solicitud']:08d}" in texto and "MARÍA JOSÉ" in texto
    assert seguimiento in acuse.get_body(("html",)).get_content()
    assert list(acuse.iter_attachments()) == []

    sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [registrada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    sistema_correo.entregar()
    codigo = sol.get(f"/api/solicitudes/seguimiento/{seguimiento}").get_json()["codigo_virtual"]

    acuse_otra_vez, certificado = sistema_correo.smtp.correos(para=correo)
    assert acuse_otra_vez["Subject"] == acuse["Subject"]  # the acuse was not sent twice
    assert certificado["Subject"] == f"Su Certificado Oficial de Estudios ({codigo})"
    assert certificado["To"] == correo
    texto = certificado.get_body(("plain",)).get_content()
    assert f"/v/{codigo}" in texto  # verify
    assert f"/v/{codigo}/descarga?t=" in texto  # the signed download link
    assert "Encontrará el certificado en PDF adjunto" in texto
    html = certificado.get_body(("html",)).get_content()
    assert "Descargar el certificado (PDF)" in html and codigo in html
    adjunto, credencial = list(certificado.iter_attachments())
    assert adjunto.get_content_type() == "application/pdf"
    assert adjunto.get_filename() == f"certificado-{codigo}.pdf"
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(adjunto.get_content())).pages)
    assert "CERTIFICADO OFICIAL DE ESTUDIOS" in pdf and codigo in pdf
    # ...and the Verifiable Credential inside that PDF, as a file of its own.
    assert credencial.get_content_type() == "application/vc+jwt"
    assert credencial.get_filename() == f"certificado-{codigo}.jwt"
    claves = sistema_correo.clientes["emision"].get("/api/emision/claves").get_json()["claves"]
    _, vc = vc_jose.verificar(credencial.get_content().decode(), claves)
    assert vc["credentialSubject"]["codigo_virtual"] == codigo
    assert "y sus notas como credencial verificable W3C (archivo .jwt" in texto

    dialogo = sistema_correo.clientes["notificaciones"].get(
        f"/api/notificaciones/solicitudes/{registrada['numero_solicitud']}/correo",
        headers=datos.director(ie),
    )
    correos = dialogo.get_json()["correos"]
    assert [(c["plantilla"], c["estado"]) for c in correos] == [
        ("solicitud_registrada", "ENVIADO"),
        ("certificado_emitido", "ENVIADO"),
    ]
    assert all(c["destinatario"] == "m***@example.pe" for c in correos)


def test_el_apoderado_recibe_su_copia_de_cada_correo(sistema_correo):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_correo, ie, est)
    sol = sistema_correo.clientes["solicitudes"]
    estudiante = f"est.{est['numero_documento']}@example.pe"
    apoderado = f"apo.{est['numero_documento']}@example.pe"
    registrada = sol.post(
        "/api/solicitudes/solicitudes", json=datos.solicitud(ie, est, correo=estudiante)
    ).get_json()
    sistema_correo.entregar()
    # Issue 4 adds the apoderado to SolicitudRegistrada; here the event is sent as it will be.
    payload = solicitud_registrada(
        ie,
        numero_solicitud=registrada["numero_solicitud"],
        codigo_seguimiento=registrada["codigo_seguimiento"].replace("-", ""),
        numero_documento=est["numero_documento"],
        correo=estudiante,
        correo_apoderado=apoderado,
    )
    assert sistema_correo.notificar("SolicitudRegistrada", payload) == "procesado"
    [acuse_apoderado] = sistema_correo.smtp.correos(para=apoderado)
    assert registrada["codigo_seguimiento"] in acuse_apoderado["Subject"]

    sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [registrada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    sistema_correo.entregar()  # CertificadoEmitido carries no apoderado: the local copy does
    for direccion in (estudiante, apoderado):
        certificado = sistema_correo.smtp.correos(para=direccion)[-1]
        assert certificado["Subject"].startswith("Su Certificado Oficial de Estudios")
        assert [a.get_content_type() for a in certificado.iter_attachments()] == [
            "application/pdf",
            "application/vc+jwt",
        ]


def test_el_rechazo_llega_con_su_motivo_y_un_acuse_tardio_no_se_envia(sistema_correo):
    payload = solicitud_registrada()
    motivo = "El estudiante no figura en las actas de la institución."
    rechazo = {
        k: payload[k]
        for k in (
            "numero_solicitud",
            "codigo_seguimiento",
            "tipo_documento",
            "numero_documento",
            "nombres",
            "apellidos",
            "codigo_modular",
            "anexo",
            "nombre_institucion",
            "correo",
        )
    }
    rechazo.update(motivo_rechazo=motivo, rechazado_por="director-1")
    assert sistema_correo.notificar("SolicitudRechazada", rechazo) == "procesado"
    # The acuse arrives late (events are not ordered across services): it would mislead.
    assert sistema_correo.notificar("SolicitudRegistrada", payload) == "procesado"

    [aviso] = sistema_correo.smtp.correos(para=payload["correo"])
    seguimiento = agrupar(payload["codigo_seguimiento"])
    assert aviso["Subject"] == f"Solicitud de Certificado de Estudios rechazada ({seguimiento})"
    texto = aviso.get_body(("plain",)).get_content()
    assert f"Motivo: {motivo}" in texto and "ROSA ELENA HUAMÁN CCAHUA" in texto
    assert motivo in aviso.get_body(("html",)).get_content()


def test_smtp_caido_se_reintenta_y_se_entrega_una_sola_vez_cuando_vuelve(sistema_correo):
    """The event is done at once; the email is RETRASADO and the sweeper retries it."""
    payload = solicitud_registrada()
    sistema_correo.smtp.detener()
    sobre = Evento("SolicitudRegistrada", payload).sobre("solicitudes")
    assert sistema_correo.reentregar(sobre, 0) == "procesado"  # nothing held by the broker
    time.sleep(0.05)
    for _ in range(2):
        assert sistema_correo.barrer() == 1
        sistema_correo.trabajar()
        time.sleep(0.05)
    assert sistema_correo.smtp.correos(para=payload["correo"]) == []
    [retrasado] = _retrasados(sistema_correo, payload)
    assert retrasado["estado"] == "RETRASADO" and retrasado["intentos"] == 3
    assert retrasado["motivo_falla"] == "SMTP no disponible: ConnectionRefusedError"
    assert retrasado["proximo_intento_en"] and retrasado["plazo_hasta"]

    sistema_correo.smtp.iniciar()  # back, on the same port
    assert sistema_correo.barrer() == 1
    sistema_correo.trabajar()
    assert sistema_correo.reentregar(sobre, 0) == "duplicado"  # the broker delivers it again
    assert sistema_correo.barrer() == 0  # sent: nothing left to retry
    assert len(sistema_correo.smtp.correos(para=payload["correo"])) == 1

    [correo] = _dialogo(sistema_correo, payload)["correos"]
    assert correo["estado"] == "ENVIADO" and correo["intentos"] == 4
    historial = _historial(sistema_correo, correo["correo_id"])["historial"]
    assert [i["resultado"] for i in historial] == ["ERROR_TRANSITORIO"] * 3 + ["ENVIADO"]
    assert historial[0]["detalle"] == "SMTP no disponible: ConnectionRefusedError"
    assert [i["intento"] for i in historial] == [1, 2, 3, 4]
    assert _retrasados(sistema_correo, payload) == []


def _retrasados(sistema_correo, payload) -> list[dict]:
    r = sistema_correo.clientes["notificaciones"].get(
        "/api/notificaciones/retrasados",
        query_string={"por_pagina": 100},
        headers=datos.operaciones(),
    )
    assert r.status_code == 200, r.get_json()
    return [
        c for c in r.get_json()["correos"] if c["numero_solicitud"] == payload["numero_solicitud"]
    ]


def test_smtp_caido_mas_alla_del_plazo_queda_fallido_con_su_motivo(sistema_correo):
    payload = solicitud_registrada()
    sistema_correo.smtp.detener()
    assert sistema_correo.notificar("SolicitudRegistrada", payload) == "procesado"
    assert [c["estado"] for c in _retrasados(sistema_correo, payload)] == ["RETRASADO"]
    sistema_correo.vencer_plazos()  # 24 hours later, still down
    assert sistema_correo.barrer() >= 1
    sistema_correo.trabajar()

    r = sistema_correo.clientes["notificaciones"].get(
        "/api/notificaciones/fallidos",
        query_string={"codigo_modular": payload["codigo_modular"]},
        headers=datos.operaciones(),
    )
    [fallido] = r.get_json()["correos"]
    assert fallido["estado"] == "FALLIDO" and fallido["intentos"] == 2
    assert fallido["motivo_falla"] == (
        "plazo de reintentos agotado (2 intentos): SMTP no disponible: ConnectionRefusedError"
    )
    assert _retrasados(sistema_correo, payload) == []


def test_los_registros_enmascaran_direcciones_y_no_guardan_cuerpos(sistema_correo, caplog):
    payload = solicitud_registrada(correo="vanessa.flores.lizana@example.pe")
    sistema_correo.smtp.buzon.rechazar.add("vanessa.flores.lizana@example.pe")
    with caplog.at_level(logging.DEBUG):
        assert sistema_correo.notificar("SolicitudRegistrada", payload) == "procesado"
    # Ours, not the test SMTP server's (aiosmtpd logs every command it receives).
    registros = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert "v***@example.pe" in registros  # it is logged, masked
    assert "vanessa.flores.lizana" not in registros
    assert "Hemos recibido" not in registros and "ROSA ELENA" not in registros
    [correo] = _dialogo(sistema_correo, payload)["correos"]
    motivo = _historial(sistema_correo, correo["correo_id"])["historial"][0]["detalle"]
    assert motivo.startswith("destinatario rechazado: 550 5.1.1 <v***@example.pe>")
