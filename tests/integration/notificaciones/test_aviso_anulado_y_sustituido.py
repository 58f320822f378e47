"""Issue 10 (defect 9): an annulled CE's PDF says ANULADO; its holder is told, as when superseded.

PostgreSQL, the real relay and consumers, a real SMTP server: the holder's mailbox is read.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.integration import datos

pytestmark = pytest.mark.integration

MOTIVO = "Se consignó un año lectivo equivocado en el tercer grado."


def _emitir(sistema, ie: dict, est: dict, correo: str) -> tuple[int, str]:
    """File a request with ``correo``, issue it; (número de solicitud, grouped código)."""
    sol = sistema.clientes["solicitudes"]
    creada = sol.post(
        "/api/solicitudes/solicitudes", json=datos.solicitud(ie, est, correo=correo)
    ).get_json()
    sistema.entregar()
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    sistema.entregar()
    estado = sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}").get_json()
    assert estado["estado"] == "EMITIDA", estado
    return creada["numero_solicitud"], estado["codigo_virtual"]


def _pdf_guardado(sistema, codigo: str) -> bytes:
    """The stored file, the one every download and email attachment serves."""
    return sistema.apps["emision"].extensions["almacen"].leer(codigo.replace("-", ""))


def _paginas(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _grabar_sobres(sistema, monkeypatch) -> list[tuple[str, dict]]:
    enviados: list[tuple[str, dict]] = []
    enviar = sistema.publicador.enviar

    def grabar(destino: str, sobre: dict) -> None:
        enviados.append((destino, sobre))
        enviar(destino, sobre)

    monkeypatch.setattr(sistema.publicador, "enviar", grabar)
    return enviados


def test_anular_marca_el_pdf_y_avisa_al_titular_con_el_motivo(sistema_correo, monkeypatch):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_correo, ie, est)
    correo = f"titular.{est['numero_documento']}@example.pe"
    numero, codigo = _emitir(sistema_correo, ie, est, correo)
    valido = _pdf_guardado(sistema_correo, codigo)
    assert all("ANULADO" not in p for p in _paginas(valido))
    sobres = _grabar_sobres(sistema_correo, monkeypatch)

    r = sistema_correo.clientes["emision"].post(
        f"/api/emision/certificados/{codigo}/anulacion",
        json={"motivo_anulacion": MOTIVO},
        headers=datos.director(ie),
    )
    assert r.status_code == 200, r.get_json()
    sistema_correo.entregar()

    anulado = _pdf_guardado(sistema_correo, codigo)
    assert anulado != valido
    for texto in _paginas(anulado):
        assert "ANULADO" in texto and f"Motivo: {MOTIVO}" in texto
        assert f"Código virtual: {codigo}" in texto
    *_, aviso = sistema_correo.smtp.correos(para=correo)
    assert aviso["Subject"] == f"Su Certificado Oficial de Estudios ({codigo}) fue anulado"
    texto = aviso.get_body(("plain",)).get_content()
    assert f"código virtual {codigo} (solicitud N.° {numero:08d}), ha sido ANULADO" in texto
    assert f"Motivo: {MOTIVO}" in texto and f"/v/{codigo}" in texto
    html = aviso.get_body(("html",)).get_content()
    assert "anulado" in html and MOTIVO in html and codigo in html

    # A redelivered event (same envelope) sends nothing more.
    [sobre] = [s for d, s in sobres if d == "notificaciones" and s["type"] == "CertificadoAnulado"]
    antes = len(sistema_correo.smtp.correos(para=correo))
    assert sistema_correo.reentregar(sobre) == "duplicado"
    assert len(sistema_correo.smtp.correos(para=correo)) == antes


def test_sustituir_avisa_al_titular_del_anterior_con_el_codigo_nuevo(sistema_correo):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_correo, ie, est)
    primero_correo = f"primero.{est['numero_documento']}@example.pe"
    _, primero = _emitir(sistema_correo, ie, est, primero_correo)
    _, segundo = _emitir(sistema_correo, ie, est, f"otro.{est['numero_documento']}@x.pe")

    asuntos = [m["Subject"] for m in sistema_correo.smtp.correos(para=primero_correo)]
    esperado = f"Su Certificado Oficial de Estudios ({primero}) fue reemplazado por el {segundo}"
    assert asuntos.count(esperado) == 1, asuntos
    [aviso] = [
        m for m in sistema_correo.smtp.correos(para=primero_correo) if m["Subject"] == esperado
    ]
    texto = aviso.get_body(("plain",)).get_content()
    assert f"Código virtual del nuevo certificado: {segundo}" in texto
    assert f"/v/{segundo}" in texto
    assert "NO ES EL ÚLTIMO CERTIFICADO GENERADO" in texto
    assert segundo in aviso.get_body(("html",)).get_content()
    # The new request's holder got the new certificate, not a notice about the old one.
    assert not any(
        "reemplazado" in m["Subject"]
        for m in sistema_correo.smtp.correos(para=f"otro.{est['numero_documento']}@x.pe")
    )
