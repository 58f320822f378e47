"""Public verification on PostgreSQL: each outcome, details with the document, PDF check, seals."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pypdf import PdfReader

from shared import vc_jose
from shared.adjuntos_pdf import adjunto
from shared.identificadores import agrupar, nuevo_codigo_virtual
from shared.sello import Sello
from tests.integration import datos
from tests.integration.verificacion.conftest import contenido_qr, emitir, pdf_de_emision

pytestmark = pytest.mark.integration

API = "/api/verificacion/certificados"
SIN_COINCIDENCIA = "No hay un certificado con ese código virtual y ese número de documento."


@pytest.fixture
def emitido(sistema_v):
    """One certificate issued through the whole system: (sistema, código, estudiante)."""
    ie, est = datos.institucion(), datos.estudiante(nombres="ROSA ELENA", primer_apellido="HUAMÁN")
    datos.registrar_todo(sistema_v, ie, est)
    return sistema_v, emitir(sistema_v, ie, est), est, ie


def _pagina(sistema, url: str, **kwargs):
    r = sistema.clientes["verificacion"].get(url, **kwargs)
    return r.status_code, r.get_data(as_text=True)


def test_valido_muestra_un_resumen_enmascarado(emitido):
    sistema, codigo, est, ie = emitido
    r = sistema.clientes["verificacion"].get(f"{API}/{codigo}")
    assert r.status_code == 200
    cuerpo = r.get_json()
    assert (
        cuerpo["estado"] == "VIGENTE"
        and cuerpo["mensaje"] == "El certificado es auténtico y está vigente."
    )
    assert cuerpo["nombre_enmascarado"] == "ROSA E. H. Ñ."
    assert cuerpo["documento_enmascarado"] == "DNI *****" + est["numero_documento"][-3:]
    assert (cuerpo["codigo_modular"], cuerpo["anexo"]) == (ie["codigo_modular"], "0")
    assert cuerpo["grados"] == ["PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO"]
    assert "numero_documento" not in cuerpo and "HUAMÁN" not in str(cuerpo)
    estado, pagina = _pagina(sistema, f"/v/{codigo}")
    assert estado == 200 and "✔ VIGENTE" in pagina and "ROSA E. H. Ñ." in pagina
    assert est["numero_documento"] not in pagina and "HUAMÁN" not in pagina


def test_no_encontrado_y_codigo_mal_escrito(sistema_v):
    otro = agrupar(nuevo_codigo_virtual())
    r = sistema_v.clientes["verificacion"].get(f"{API}/{otro}")
    assert r.status_code == 404 and r.get_json()["estado"] == "NO_ENCONTRADO"
    estado, pagina = _pagina(sistema_v, f"/v/{otro}")
    assert estado == 404 and "NO ENCONTRADO" in pagina

    mal = otro[:-1] + ("0" if otro[-1] != "0" else "1")  # one wrong character
    r = sistema_v.clientes["verificacion"].get(f"{API}/{mal}")
    assert r.status_code == 400
    assert r.get_json()["error"]["codigo"] == "codigo_mal_escrito"
    assert "mal escrito" in r.get_json()["error"]["campos"]["codigo_virtual"][0]
    estado, pagina = _pagina(sistema_v, f"/v/{mal}")
    assert estado == 400 and "Código mal escrito" in pagina


def test_con_el_documento_se_ven_los_datos_completos_y_se_descarga_el_pdf(emitido):
    sistema, codigo, est, _ie = emitido
    cliente = sistema.clientes["verificacion"]
    numero = est["numero_documento"]
    r = cliente.post(f"{API}/{codigo}/detalle", json={"numero_documento": f" {numero} "})
    assert r.status_code == 200
    detalle = r.get_json()
    assert detalle["nombre_estudiante"] == "ROSA ELENA HUAMÁN ÑAHUI"
    assert (detalle["tipo_documento"], detalle["numero_documento"]) == ("DNI", numero) and detalle[
        "estado"
    ] == "VIGENTE"

    r = cliente.post(f"{API}/{codigo}/pdf", json={"numero_documento": numero})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data == pdf_de_emision(sistema, codigo, numero)
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.data)).pages)
    assert codigo in texto and numero in texto

    estado, pagina = _pagina(sistema, f"/v/{codigo}")  # the page: a form, then the details
    assert 'name="numero_documento"' in pagina and "ROSA ELENA" not in pagina
    r = cliente.post(f"/v/{codigo}", data={"numero_documento": numero})
    pagina = r.get_data(as_text=True)
    assert (
        r.status_code == 200
        and "ROSA ELENA HUAMÁN ÑAHUI" in pagina
        and "Descargar el PDF" in pagina
    )
    r = cliente.post(f"/v/{codigo}/pdf", data={"numero_documento": numero})
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")
    # the file keeps the grouped código the holder sees, as the .jwt does
    assert r.headers["Content-Disposition"] == f'attachment; filename="certificado-{codigo}.pdf"'
    r = cliente.post(f"{API}/{codigo.replace('-', '')}/pdf", json={"numero_documento": numero})
    assert r.headers["Content-Disposition"] == f'attachment; filename="certificado-{codigo}.pdf"'


def test_el_titular_descarga_la_credencial_verificable_que_lleva_el_pdf(emitido):
    sistema, codigo, est, _ie = emitido
    cliente, numero = sistema.clientes["verificacion"], est["numero_documento"]
    embebida = adjunto(pdf_de_emision(sistema, codigo, numero)).decode()
    r = cliente.post(f"{API}/{codigo}/credencial", json={"numero_documento": numero})
    assert r.status_code == 200 and r.mimetype == "application/vc+jwt"
    assert r.headers["Content-Disposition"] == f'attachment; filename="certificado-{codigo}.jwt"'
    assert r.get_data(as_text=True) == embebida  # the very credential inside the PDF
    claves = sistema.clientes["emision"].get("/api/emision/claves").get_json()["claves"]
    _, vc = vc_jose.verificar(r.get_data(as_text=True), claves)
    assert vc["credentialSubject"]["numero_documento"] == numero

    pagina = cliente.post(f"/v/{codigo}", data={"numero_documento": numero}).get_data(True)
    assert "Descargar la credencial verificable (.jwt)" in pagina
    r = cliente.post(f"/v/{codigo}/credencial", data={"numero_documento": numero})
    assert r.status_code == 200 and r.get_data(as_text=True) == embebida

    equivocado = str(int(numero) + 1)
    r = cliente.post(f"{API}/{codigo}/credencial", json={"numero_documento": equivocado})
    assert r.status_code == 404 and r.get_json()["error"]["mensaje"] == SIN_COINCIDENCIA
    r = cliente.post(f"/v/{codigo}/credencial", data={"numero_documento": equivocado})
    assert r.status_code == 404 and SIN_COINCIDENCIA in r.get_data(as_text=True)


def test_un_documento_equivocado_no_revela_nada(emitido):
    sistema, codigo, est, _ie = emitido
    cliente = sistema.clientes["verificacion"]
    equivocado = str(int(est["numero_documento"]) + 1)
    desconocido = agrupar(nuevo_codigo_virtual())
    respuestas = [
        cliente.post(f"{API}/{c}/detalle", json={"numero_documento": d})
        for c, d in ((codigo, equivocado), (desconocido, est["numero_documento"]))
    ]
    # The same answer whether the code exists or the number is wrong.
    assert [r.status_code for r in respuestas] == [404, 404]
    assert respuestas[0].get_json() == respuestas[1].get_json()
    assert respuestas[0].get_json()["error"]["mensaje"] == SIN_COINCIDENCIA
    r = cliente.post(f"{API}/{codigo}/pdf", json={"numero_documento": equivocado})
    assert r.status_code == 404 and r.mimetype == "application/json"
    r = cliente.post(f"/v/{codigo}", data={"numero_documento": equivocado})
    pagina = r.get_data(as_text=True)
    assert r.status_code == 404 and SIN_COINCIDENCIA in pagina
    assert "HUAMÁN" not in pagina and est["numero_documento"] not in pagina
    r = cliente.post(f"{API}/{codigo}/detalle", json={"numero_documento": ""})
    assert r.status_code == 422 and "numero_documento" in r.get_json()["error"]["campos"]


def test_un_pdf_alterado_se_detecta(emitido):
    sistema, codigo, est, _ie = emitido
    cliente = sistema.clientes["verificacion"]
    pdf = pdf_de_emision(sistema, codigo, est["numero_documento"])

    def subir(
        contenido: bytes, tipo: str = "application/pdf", url: str = f"{API}/{codigo}/archivo"
    ):
        return cliente.post(
            url,
            data={"archivo": (io.BytesIO(contenido), "certificado.pdf", tipo)},
            content_type="multipart/form-data",
        )

    r = subir(pdf)
    assert r.status_code == 200
    assert r.get_json()["resultado"] == "GENUINO" and r.get_json()["version_pdf"] == "ORIGINAL"
    assert r.get_json()["sha256"] == hashlib.sha256(pdf).hexdigest()
    alterado = pdf.replace(b"APROBADO", b"APROBADA", 1) if b"APROBADO" in pdf else pdf + b"%"
    r = subir(alterado)
    assert r.status_code == 200 and r.get_json()["resultado"] == "ALTERADO"
    assert "NO coincide" in r.get_json()["mensaje"]
    r = subir(pdf[:-1] + bytes([pdf[-1] ^ 1]))  # one bit flipped
    assert r.get_json()["resultado"] == "ALTERADO"

    r = subir(pdf, url=f"/v/{codigo}/archivo")
    assert r.status_code == 200 and "✔ PDF GENUINO" in r.get_data(as_text=True)
    r = subir(alterado, url=f"/v/{codigo}/archivo")
    assert "✘ PDF ALTERADO" in r.get_data(as_text=True)

    r = subir(b"hola", tipo="text/plain")
    assert r.status_code == 415 and r.get_json()["error"]["campos"]["archivo"] == [
        "Solo se aceptan el PDF del certificado (application/pdf) o su credencial verificable "
        "(.jwt o .json)."
    ]
    r = subir(b"<html>no soy un pdf</html>")
    assert r.status_code == 415 and r.get_json()["error"]["mensaje"] == "El archivo no es un PDF."
    # Built by hand: the test client would spool a body this big to a temporary file.
    limite = b"l1m1t3"
    cuerpo = (
        b"--" + limite + b'\r\nContent-Disposition: form-data; name="archivo"; filename="g.pdf"'
        b"\r\nContent-Type: application/pdf\r\n\r\n%PDF-"
        + b"0" * (10 * 1024 * 1024 + 70 * 1024)
        + b"\r\n--"
        + limite
        + b"--\r\n"
    )
    r = cliente.post(
        f"{API}/{codigo}/archivo",
        data=cuerpo,
        content_type="multipart/form-data; boundary=" + limite.decode(),
    )
    assert r.status_code == 413 and r.get_json()["error"]["codigo"] == "archivo_demasiado_grande"
    r = cliente.post(f"{API}/{codigo}/archivo", data={}, content_type="multipart/form-data")
    assert r.status_code == 422 and "archivo" in r.get_json()["error"]["campos"]


def _subir(cliente, url: str, contenido: bytes, nombre: str, tipo: str, **kwargs):
    return cliente.post(
        url,
        data={"archivo": (io.BytesIO(contenido), nombre, tipo)},
        content_type="multipart/form-data",
        **kwargs,
    )


def _desglose(cuerpo: dict) -> dict:
    return {c["clave"]: c["resultado"] for c in cuerpo["comprobaciones"]}


def test_una_credencial_subida_se_comprueba_como_la_pagina(emitido):
    sistema, codigo, est, ie = emitido
    cliente = sistema.clientes["verificacion"]
    pdf = pdf_de_emision(sistema, codigo, est["numero_documento"])
    jws = adjunto(pdf)
    url = f"{API}/{codigo}/archivo"

    r = _subir(cliente, url, jws, "certificado.jwt", "application/octet-stream")
    cuerpo = r.get_json()
    assert r.status_code == 200 and cuerpo["tipo_archivo"] == "CREDENCIAL", cuerpo
    assert cuerpo["resultado"] == "GENUINO" and cuerpo["credencial"]["coincide"]
    assert _desglose(cuerpo) == {
        "integridad": "SUPERADA",
        "estado": "SUPERADA",
        "sello": "SUPERADA",
    }
    sobre = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "data:application/vc+jwt," + jws.decode(),
        "type": "EnvelopedVerifiableCredential",
    }
    r = _subir(cliente, url, json.dumps(sobre).encode(), "vc.json", "application/json")
    assert r.get_json()["resultado"] == "GENUINO"

    # One grade changed: the signature no longer covers it.
    cabecera, carga, firma = jws.decode().split(".")
    vc = json.loads(base64.urlsafe_b64decode(carga + "=="))
    nota = next(
        c
        for c in vc["credentialSubject"]["grados"][0]["calificaciones"]
        if c["calificacion"] not in (None, "EXO")
    )
    nota["calificacion"] = "20" if nota["calificacion"] != "20" else "19"
    otra = base64.urlsafe_b64encode(json.dumps(vc).encode()).rstrip(b"=").decode()
    alterada = f"{cabecera}.{otra}.{firma}".encode()
    cuerpo = _subir(cliente, url, alterada, "certificado.jwt", "application/vc+jwt").get_json()
    assert cuerpo["resultado"] == "ALTERADO" and cuerpo["credencial"]["firma"] == "NO_AUTENTICO"
    assert _desglose(cuerpo)["sello"] == "FALLIDA" and _desglose(cuerpo)["integridad"] == "FALLIDA"
    pagina = _subir(cliente, f"/v/{codigo}/archivo", alterada, "c.jwt", "").get_data(True)
    assert "✘ CREDENCIAL NO VÁLIDA" in pagina and "su firma no es válida" in pagina
    pagina = _subir(
        cliente, f"/v/{codigo}/archivo", alterada, "c.jwt", "", headers={"Accept-Language": "en"}
    ).get_data(True)
    assert "✘ CREDENTIAL NOT VALID" in pagina

    # A genuine credential of another certificate does not match this record.
    otra_ie, otro_est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, otra_ie, otro_est)
    otro = emitir(sistema, otra_ie, otro_est)
    cuerpo = _subir(cliente, f"{API}/{otro}/archivo", jws, "c.jwt", "application/vc+jwt")
    cuerpo = cuerpo.get_json()
    assert cuerpo["resultado"] == "ALTERADO" and cuerpo["credencial"]["firma"] == "AUTENTICO"
    assert not cuerpo["credencial"]["coincide"]

    # A PDF upload checks the credential it carries, too.
    cuerpo = _subir(cliente, url, pdf, "c.pdf", "application/pdf").get_json()
    assert cuerpo["tipo_archivo"] == "PDF" and cuerpo["credencial"]["firma"] == "AUTENTICO"
    assert _desglose(cuerpo)["sello"] == "SUPERADA"
    pagina = _subir(cliente, f"/v/{codigo}/archivo", jws, "c.jwt", "").get_data(True)
    assert "✔ CREDENCIAL GENUINA" in pagina and "Credencial verificable firmada" in pagina

    r = _subir(cliente, url, b'{"type": "VerifiableCredential"}', "vc.json", "application/json")
    assert r.status_code == 415
    assert "no es una credencial verificable" in r.get_json()["error"]["campos"]["archivo"][0]
    r = _subir(
        cliente, f"/v/{codigo}/archivo", b"{}", "vc.json", "", headers={"Accept-Language": "en"}
    )
    assert r.status_code == 415 and "is not a verifiable credential" in r.get_data(True)


def test_sustituido_y_anulado_con_su_pdf_y_su_motivo(emitido):
    sistema, primero, est, ie = emitido
    cliente = sistema.clientes["verificacion"]
    original = pdf_de_emision(sistema, primero, est["numero_documento"])
    segundo = emitir(sistema, ie, est)

    r = cliente.get(f"{API}/{primero}").get_json()
    assert r["estado"] == "SUSTITUIDO" and r["sustituido_por"] == segundo
    assert r["sha256"] == hashlib.sha256(original).hexdigest() != r["sha256_con_marca"]
    estado, pagina = _pagina(sistema, f"/v/{primero}")
    assert "⚠ SUSTITUIDO" in pagina and f'href="/v/{segundo}"' in pagina
    # Both PDFs ever issued under the old code are genuine: the original and the watermarked.
    con_marca = pdf_de_emision(sistema, primero, est["numero_documento"])
    for pdf, version in ((original, "ORIGINAL"), (con_marca, "CON_MARCA_DE_AGUA")):
        r = cliente.post(
            f"{API}/{primero}/archivo",
            data={"archivo": (io.BytesIO(pdf), "c.pdf", "application/pdf")},
            content_type="multipart/form-data",
        ).get_json()
        assert (r["resultado"], r["version_pdf"]) == ("GENUINO_SUSTITUIDO", version)
        assert "ya no es el último emitido" in r["mensaje"]

    motivo = "Se consignó una calificación equivocada en el segundo grado."
    r = sistema.clientes["emision"].post(
        f"/api/emision/certificados/{segundo}/anulacion",
        json={"motivo_anulacion": motivo},
        headers=datos.director(ie),
    )
    assert r.status_code == 200
    sistema.entregar()
    r = cliente.get(f"{API}/{segundo}").get_json()
    assert r["estado"] == "ANULADO" and r["motivo_anulacion"] == motivo
    estado, pagina = _pagina(sistema, f"/v/{segundo}")
    assert estado == 200 and "✘ ANULADO" in pagina and motivo in pagina


def test_el_sello_del_qr_se_verifica_con_la_copia_local_de_las_claves(emitido):
    sistema, codigo, _est, _ie = emitido
    cliente = sistema.clientes["verificacion"]
    qr = contenido_qr(sistema, codigo)
    url = urlsplit(qr)
    estado, pagina = _pagina(sistema, f"{url.path}?{url.query}")
    assert (
        estado == 200
        and "✔ VIGENTE" in pagina
        and "sello digital del código QR es auténtico" in pagina
    )

    r = cliente.post("/api/verificacion/sellos", json={"sello": qr}).get_json()
    assert r["sello"]["resultado"] == "AUTENTICO" and r["sello"]["codigo_virtual"] == codigo
    assert r["certificado"]["estado"] == "VIGENTE"

    # A forged signature, and a genuine seal stuck on another certificate's URL.
    sello = Sello.desempaquetar(url.query.removeprefix("s="))
    falso = replace(sello, firma=bytes(64)).empaquetar()
    r = cliente.post("/api/verificacion/sellos", json={"sello": falso}).get_json()
    assert r["sello"]["resultado"] == "NO_AUTENTICO"
    estado, pagina = _pagina(sistema, f"{url.path}?s={falso}")
    assert "✘ QR NO AUTÉNTICO" in pagina and "✔ VIGENTE" not in pagina
    ajeno = agrupar(nuevo_codigo_virtual())
    estado, pagina = _pagina(sistema, f"/v/{ajeno}?{url.query}")
    assert "✘ QR NO AUTÉNTICO" in pagina
    r = cliente.post("/api/verificacion/sellos", json={"sello": "no-es-un-sello"}).get_json()
    assert r["sello"]["resultado"] == "ILEGIBLE"

    # The copy is verificacion's own: with emision down, seals still verify.
    sistema.emision.caida = True
    from services.verificacion.entrypoints.flask_app import create_app

    otra = create_app(sistema.apps["verificacion"].extensions["mc"].config, sistema.emision)
    try:
        r = otra.test_client().post("/api/verificacion/sellos", json={"sello": qr}).get_json()
        assert r["sello"]["resultado"] == "AUTENTICO"
        claves = otra.test_client().get("/api/verificacion/claves").get_json()
        assert claves["claves"][0]["kid"] == sello.kid and "Ed25519" in claves["formato_sello"]
        # What an offline verifier does with what verificacion publishes: no call to us at all.
        publica = base64.urlsafe_b64decode(claves["claves"][0]["clave_publica"] + "==")
        Ed25519PublicKey.from_public_bytes(publica).verify(sello.firma, sello.mensaje())
    finally:
        otra.extensions["mc"].engine.dispose()


def test_una_rafaga_sobre_el_limite_recibe_429(sistema_v, tmp_path, request):
    from herramientas.smtp_local import iniciar
    from tests.integration.verificacion.conftest import crear_sistema

    buzon = iniciar(tmp_path / "correo2", port=0)
    request.addfinalizer(buzon.stop)
    sistema = crear_sistema(
        request.getfixturevalue("prefijo_pg"),
        tmp_path,
        buzon,
        LIMITE_VERIFICACION_POR_IP="50 per day;5 per minute",
        LIMITE_VERIFICACION_POR_CODIGO="3 per hour",
    )
    cliente = sistema.apps["verificacion"].test_client()
    codigo = agrupar(nuevo_codigo_virtual())
    estados = [cliente.get(f"{API}/{codigo}").status_code for _ in range(7)]
    assert estados == [404] * 5 + [429] * 2
    r = cliente.get(f"{API}/{codigo}")
    assert r.get_json()["error"] == {
        "codigo": "demasiados_intentos",
        "mensaje": "Demasiadas consultas desde su conexión; "
        "espere unos minutos e intente nuevamente.",
        "campos": {},
    }
    assert int(r.headers["Retry-After"]) > 0
    r = cliente.get(f"/v/{codigo}")
    assert r.status_code == 429 and r.mimetype == "text/html"
    assert "Demasiadas consultas" in r.get_data(as_text=True)
    # Another IP is not affected...
    otra_ip = {"REMOTE_ADDR": "10.9.8.7"}
    assert cliente.get(f"{API}/{codigo}", environ_base=otra_ip).status_code == 404
    # ...and past the certificate's backstop (3 wrong numbers, any IP) an IP that already
    # failed on it gets no second try; one that did not still does.
    for i, ip in enumerate(["10.0.0.1", "10.0.0.2", "10.0.0.3"]):
        r = cliente.post(
            f"{API}/{codigo}/detalle",
            json={"numero_documento": f"1234567{i}"},
            environ_base={"REMOTE_ADDR": ip},
        )
        assert r.status_code == 404
    r = cliente.post(
        f"{API}/{codigo}/detalle",
        json={"numero_documento": "12345679"},
        environ_base={"REMOTE_ADDR": ip},
    )
    assert (
        r.status_code == 429
        and "ya no se admiten más intentos hoy" in r.get_json()["error"]["mensaje"]
    )
    r = cliente.post(
        f"{API}/{codigo}/detalle",
        json={"numero_documento": "12345679"},
        environ_base={"REMOTE_ADDR": "10.0.0.4"},
    )
    assert r.status_code == 404
    for app in sistema.apps.values():
        app.extensions["mc"].engine.dispose()


def test_el_documento_openapi_describe_la_api_publica(sistema_v):
    spec = sistema_v.clientes["verificacion"].get("/api/verificacion/openapi.json").get_json()
    for ruta in (
        "/api/verificacion/certificados/{codigo_virtual}",
        "/api/verificacion/certificados/{codigo_virtual}/detalle",
        "/api/verificacion/certificados/{codigo_virtual}/pdf",
        "/api/verificacion/certificados/{codigo_virtual}/credencial",
        "/api/verificacion/certificados/{codigo_virtual}/archivo",
        "/api/verificacion/listas-estado/{lista}/{proposito}",
        "/api/verificacion/listas-estado/claves",
        "/api/verificacion/sellos",
        "/api/verificacion/claves",
    ):
        assert ruta in spec["paths"], ruta
    archivo = spec["paths"]["/api/verificacion/certificados/{codigo_virtual}/archivo"]["post"]
    assert "multipart/form-data" in archivo["requestBody"]["content"]


def test_un_codigo_mal_escrito_se_rechaza_antes_de_consultar(sistema_v, monkeypatch):
    app = sistema_v.apps["verificacion"]

    def sin_consultas():
        raise AssertionError("no debe consultarse la base de datos")

    monkeypatch.setattr(app.extensions["mc"], "uow_factory", sin_consultas)
    mal = "7K3M-9QXD-2HVB-N4TB"  # one character off from a well-formed code
    assert app.test_client().get(f"{API}/{mal}").status_code == 400
    for metodo, url in (("get", f"/v/{mal}"), ("post", f"/v/{mal}"), ("post", f"/v/{mal}/pdf")):
        r = getattr(app.test_client(), metodo)(url)
        assert r.status_code == 400 and "Código mal escrito" in r.get_data(as_text=True)


def test_una_consulta_sobrevive_a_una_conexion_cerrada_por_el_servidor(emitido, postgres_url):
    """verificacion's engine does not ping on checkout; its reads retry once instead."""
    import sqlalchemy as sa

    sistema, codigo, _est, _ie = emitido
    cliente = sistema.clientes["verificacion"]
    engine = sistema.apps["verificacion"].extensions["mc"].engine
    engine.dispose()  # one pooled connection from here on: the one the lookup will reuse
    assert cliente.get(f"{API}/{codigo}").status_code == 200
    with engine.connect() as conexion:
        pid = conexion.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    otro = sa.create_engine(postgres_url)
    with otro.connect() as conexion:  # as a database restart or an idle timeout would
        conexion.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
    otro.dispose()
    resumenes = sistema.apps["verificacion"].extensions["mc"].uow_factory().resumenes
    if resumenes is not None:
        resumenes.vaciar()  # the lookup must reach the database, not the kept summary
    r = cliente.get(f"{API}/{codigo}")
    assert r.status_code == 200 and r.get_json()["estado"] == "VIGENTE"
