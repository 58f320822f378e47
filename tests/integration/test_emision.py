"""Emission on PostgreSQL: signed seal, supersede with watermark, annulment, failures visible."""

from __future__ import annotations

import base64
import hashlib
import io
import subprocess
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from sqlalchemy import text

from services.emision.service_layer.handlers import MOTIVO_FALLA_TECNICA
from shared.auth import Usuario
from shared.identificadores import agrupar
from shared.sello import Sello
from tests.integration import datos

MARCA = "NO ES EL ÚLTIMO CERTIFICADO GENERADO"


def _emitir(sistema, ie, est) -> str:
    """File a request, order it, deliver events; the grouped código virtual."""
    sol = sistema.clientes["solicitudes"]
    creada = datos.solicitar_y_ordenar(sistema, ie, est)
    sistema.entregar()
    estado = sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}").get_json()
    assert estado["estado"] == "EMITIDA", estado
    return estado["codigo_virtual"]


def _texto_pdf(sistema, codigo: str, documento: str) -> str:
    r = sistema.clientes["emision"].get(
        f"/api/emision/certificados/{codigo}/pdf", headers=datos.oaciged()
    )
    assert r.status_code == 200
    assert r.headers["Content-Disposition"] == f'inline; filename="certificado-{codigo}.pdf"'
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.data)).pages)


def _verificar(sistema, codigo: str) -> dict:
    return (
        sistema.clientes["verificacion"].get(f"/api/verificacion/certificados/{codigo}").get_json()
    )


def test_un_nuevo_certificado_sustituye_al_anterior(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    primero = _emitir(sistema_pg, ie, est)
    assert MARCA not in _texto_pdf(sistema_pg, primero, est["numero_documento"])
    segundo = _emitir(sistema_pg, ie, est)

    assert MARCA in _texto_pdf(sistema_pg, primero, est["numero_documento"])
    assert MARCA not in _texto_pdf(sistema_pg, segundo, est["numero_documento"])
    viejo = _verificar(sistema_pg, primero)
    assert viejo["estado"] == "SUSTITUIDO" and viejo["sustituido_por"] == segundo
    assert "no es el último emitido" in viejo["mensaje"]
    assert _verificar(sistema_pg, segundo)["estado"] == "VIGENTE"
    pagina = sistema_pg.clientes["verificacion"].get(f"/v/{primero}").get_data(as_text=True)
    assert "SUSTITUIDO" in pagina and f"/v/{segundo}" in pagina

    tercero = _emitir(sistema_pg, ie, est)  # the oldest points at the newest, not the middle one
    assert _verificar(sistema_pg, primero)["sustituido_por"] == tercero


def test_anular_un_certificado(sistema_pg):
    ie, otra, est = datos.institucion(), datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    codigo = _emitir(sistema_pg, ie, est)
    emision = sistema_pg.clientes["emision"]
    url = f"/api/emision/certificados/{codigo}/anulacion"
    motivo = "Se consignó un año lectivo equivocado en el tercer grado."

    assert emision.post(url, json={"motivo_anulacion": motivo}).status_code == 401
    r = emision.post(url, json={"motivo_anulacion": motivo}, headers=datos.director(otra))
    assert r.status_code == 403
    r = emision.post(url, json={"motivo_anulacion": "corto"}, headers=datos.director(ie))
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"]["motivo_anulacion"] == [
        "Debe tener entre 10 y 500 caracteres."
    ]
    r = emision.post(url, json={"motivo_anulacion": motivo}, headers=datos.director(ie))
    assert r.status_code == 200 and r.get_json()["estado"] == "ANULADO"
    r = emision.post(
        url,
        json={"motivo_anulacion": motivo},
        headers=datos.cabecera(Usuario("oaciged-1", "OACIGED")),
    )
    assert r.status_code == 409

    # Recorded by Certificado.anular(), written by the unit of work at commit: one event, naming
    # the hash of the PDF now marked ANULADO.
    engine = sistema_pg.apps["emision"].extensions["mc"].engine
    with engine.connect() as conn:
        sha_pdf = conn.execute(
            text("SELECT sha256 FROM certificados WHERE codigo_virtual = :c"),
            {"c": codigo.replace("-", "")},
        ).scalar_one()
        sobres = conn.execute(
            text("SELECT sobre FROM outbox WHERE type = 'CertificadoAnulado'")
        ).scalars()
        mios = [s["payload"] for s in sobres]
        [payload] = [
            p for p in mios if p["codigo_virtual"].replace("-", "") == codigo.replace("-", "")
        ]
    assert payload["sha256"] == sha_pdf and payload["motivo_anulacion"] == motivo

    sistema_pg.entregar()
    verificado = _verificar(sistema_pg, codigo)
    assert verificado["estado"] == "ANULADO" and verificado["motivo_anulacion"] == motivo
    pagina = sistema_pg.clientes["verificacion"].get(f"/v/{codigo}").get_data(as_text=True)
    assert "ANULADO" in pagina and motivo in pagina


def test_el_sello_del_qr_se_verifica_sin_conexion_con_la_clave_publicada(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    codigo = _emitir(sistema_pg, ie, est)
    engine = sistema_pg.apps["emision"].extensions["mc"].engine
    with engine.connect() as conn:
        documento = conn.execute(
            text("SELECT contenido_certificado FROM certificados WHERE codigo_virtual = :c"),
            {"c": codigo.replace("-", "")},
        ).scalar_one()
    url, _, empaquetado = documento["contenido_qr"].partition("?s=")
    assert url.endswith(f"/v/{codigo}")

    sello = Sello.desempaquetar(empaquetado)  # what a verifier reads from the QR
    claves = sistema_pg.clientes["emision"].get("/api/emision/claves").get_json()["claves"]
    clave = next(c for c in claves if c["kid"] == sello.kid)
    publica = base64.urlsafe_b64decode(clave["clave_publica"] + "==")
    Ed25519PublicKey.from_public_bytes(publica).verify(sello.firma, sello.mensaje())  # no raise
    assert agrupar(sello.codigo_virtual) == codigo


def test_una_orden_que_no_se_puede_cumplir_deja_la_solicitud_en_error(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    sol = sistema_pg.clientes["solicitudes"]
    creada = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()
    # solicitudes believes in a newer record than emision will ever receive.
    with sistema_pg.apps["solicitudes"].extensions["mc"].engine.begin() as conn:
        conn.execute(
            text("UPDATE completitudes SET version = version + 100 WHERE numero_documento = :n"),
            {"n": est["numero_documento"]},
        )
    sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    sistema_pg.entregar()
    numero = creada["numero_solicitud"]
    # The citizen reads what happened and what to expect; nothing technical reaches them.
    r = sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}")
    estado = r.get_json()
    assert estado["estado"] == "ERROR"
    assert estado["detalle"] == MOTIVO_FALLA_TECNICA
    assert estado["historial"][-1]["detalle"] == MOTIVO_FALLA_TECNICA
    for tecnico in ("detalle_tecnico", "Detalle técnico", "Error", "aún no llega"):
        assert tecnico not in r.get_data(as_text=True)
    # Staff read the cause, in the request and in its history.
    staff = sol.get(f"/api/solicitudes/solicitudes/{numero}", headers=datos.director(ie))
    assert staff.status_code == 200, staff.get_json()
    detalle = staff.get_json()
    assert detalle["detalle"] == MOTIVO_FALLA_TECNICA
    assert "el registro de notas aún no llega a emisión" in detalle["detalle_tecnico"]
    assert detalle["historial"][-1]["detalle_tecnico"] == detalle["detalle_tecnico"]
    # Both kept apart in PostgreSQL.
    with sistema_pg.apps["solicitudes"].extensions["mc"].engine.connect() as conn:
        fila = conn.execute(
            text(
                "SELECT s.detalle_estado, s.detalle_tecnico, h.detalle, h.detalle_tecnico "
                "FROM solicitudes s JOIN historial_estados h USING (numero_solicitud) "
                "WHERE numero_solicitud = :n AND h.estado = 'ERROR'"
            ),
            {"n": numero},
        ).one()
    assert fila[0] == fila[2] == MOTIVO_FALLA_TECNICA
    assert fila[1] == fila[3] == detalle["detalle_tecnico"]
    assert conn.engine.dialect.name == "postgresql"
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    assert r.status_code == 202  # the director can try again


def _pdf(sistema, codigo: str) -> bytes:
    r = sistema.clientes["emision"].get(
        f"/api/emision/certificados/{codigo}/pdf", headers=datos.oaciged()
    )
    assert r.status_code == 200
    return r.data


def _firma_pades_valida(sistema, pdf: bytes) -> bool:
    """pyHanko's validator, trusting only the project's CA (embedded mode made it at start)."""
    config = sistema.apps["emision"].extensions["mc"].config
    ca = load_cert_from_pemder(str(config.firma_dir / "pades" / "ca.pem"))
    (firma,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    estado = validate_pdf_signature(firma, ValidationContext(trust_roots=[ca]))
    return estado.bottom_line and estado.coverage.name == "ENTIRE_FILE"


def test_el_pdf_entregado_va_firmado_y_verificacion_guarda_su_huella(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    codigo = _emitir(sistema_pg, ie, est)
    pdf = _pdf(sistema_pg, codigo)
    assert _firma_pades_valida(sistema_pg, pdf)
    assert _verificar(sistema_pg, codigo)["sha256"] == hashlib.sha256(pdf).hexdigest()
    comprobado = sistema_pg.clientes["verificacion"].post(
        f"/api/verificacion/certificados/{codigo}/archivo",
        data={"archivo": (io.BytesIO(pdf), "ce.pdf", "application/pdf")},
    )
    assert comprobado.get_json()["resultado"] != "ALTERADO", comprobado.get_json()

    r = sistema_pg.clientes["emision"].post(
        f"/api/emision/certificados/{codigo}/anulacion",
        json={"motivo_anulacion": "Se consignó un año lectivo equivocado."},
        headers=datos.director(ie),
    )
    assert r.status_code == 200
    sistema_pg.entregar()
    anulado = _pdf(sistema_pg, codigo)
    assert anulado != pdf and _firma_pades_valida(sistema_pg, anulado)  # re-rendered, re-signed
    assert _verificar(sistema_pg, codigo)["sha256_con_marca"] == hashlib.sha256(anulado).hexdigest()


def test_la_credencial_del_pdf_se_verifica_con_el_endpoint_de_claves(sistema_pg, tmp_path):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    codigo = _emitir(sistema_pg, ie, est)
    (tmp_path / "ce.pdf").write_bytes(_pdf(sistema_pg, codigo))
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(tmp_path / "ce.pdf")])
    token = (tmp_path / "credencial.jwt").read_text()
    kid = jwt.get_unverified_header(token)["kid"]
    claves = sistema_pg.clientes["emision"].get("/api/emision/claves").get_json()["claves"]
    (publica,) = [c["clave_publica"] for c in claves if c["kid"] == kid]
    clave = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(publica + "=="))
    vc = jwt.decode(token, clave, algorithms=["EdDSA"])
    assert vc["credentialSubject"]["numero_documento"] == est["numero_documento"]
    assert vc["id"].endswith(f"/v/{codigo}")
    # The issuing rol as evidence: the director ordered it.
    (rol,) = [e for e in vc["evidence"] if "rol_emisor" in e]
    assert rol["rol_emisor"] == "DIRECTOR_IE"
    assert rol["name"] == "Director(a) de la institución educativa"
    # Public, at the QR's base URL (verificacion), not emision's internal one.
    assert vc["@context"][-1].startswith(
        sistema_pg.apps["emision"].extensions["mc"].config.url_verificacion
    )
    contexto = sistema_pg.clientes["verificacion"].get(urlsplit(vc["@context"][-1]).path)
    assert contexto.status_code == 200 and "situacion_final" in contexto.get_json()["@context"]
