"""End to end in real mode: every service and worker a real process, PostgreSQL, Redis, SMTP.

The verificacion worker starts late on purpose: the certificate's event must wait in its
durable queue and be applied when it comes up.
"""

from __future__ import annotations

import io
import json
import time
import uuid

import pytest
import redis
import requests
import sqlalchemy as sa
from pypdf import PdfReader

from herramientas import demo
from herramientas.procesos import Supervisor, relay, web, worker
from herramientas.smtp_local import iniciar, leer_buzon
from services.emision.adapters.firma_pdf import asegurar_ca_local
from shared.bus import PublicadorCelery, crear_celery
from shared.config import SERVICIOS, Config, puertos
from shared.identificadores import agrupar
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import recursos

pytestmark = pytest.mark.e2e

# Overridable so that several checkouts can run their suites side by side on one machine.
BASE = recursos.base(0)
REDIS_E2E = recursos.REDIS_E2E


@pytest.fixture(scope="module")
def entorno(postgres_url, redis_url, tmp_path_factory):
    """Environment of every process; schemas and the Redis database are this run's own."""
    var = tmp_path_factory.mktemp("e2e")
    prefijo = f"e{uuid.uuid4().hex[:8]}_"
    cliente = redis.Redis.from_url(REDIS_E2E)
    cliente.flushdb()
    cliente.close()
    buzon = iniciar(var / "correo", port=0)
    p = puertos(BASE)
    env = {
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_E2E,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(buzon.port),
        "MC_VAR_DIR": str(var),
        **recursos.entorno_de_puertos(BASE),
        "MAX_REINTENTOS": "5",
        "URL_VERIFICACION": f"http://127.0.0.1:{p['verificacion']}",
        "URL_EMISION": f"http://127.0.0.1:{p['emision']}",
        "CLAVE_SERVICIOS": claves_prueba.clave_servicios(),  # real mode refuses the development key
    }
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio, env))
    firma_dir = Config.desde_entorno("emision", env).firma_dir
    rotar(firma_dir)  # real mode: keys are provisioned
    asegurar_ca_local(firma_dir)  # and the PDF signing certificate
    # The demo staff in cuentas; every service fetches cuentas' JWKS over HTTP (real mode).
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas", env))
    yield {"env": env, "var": var, "prefijo": prefijo, "cuentas": cuentas}
    buzon.stop()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for servicio in SERVICIOS:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="module")
def sistema(entorno):
    sup = Supervisor(entorno["env"], entorno["var"] / "log")
    p = puertos(BASE)
    try:
        for servicio in SERVICIOS:
            sup.iniciar(web(servicio, p[servicio]))
            if servicio != "verificacion":  # started later by the test
                sup.iniciar(worker(servicio, concurrencia=2))
        sup.iniciar(relay())
        sup.esperar_salud(limite=90)
        yield sup
    finally:
        sup.detener_todos()


def _esperar(condicion, que: str, limite: float = 60.0):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        time.sleep(0.3)
    raise AssertionError(f"tiempo agotado esperando {que}")


def _correos_de(entorno, codigo: str):
    return [m for m in leer_buzon(entorno["var"] / "correo") if codigo in str(m["Subject"])]


def test_un_certificado_de_punta_a_punta(sistema, entorno):
    urls = demo.Urls.locales(BASE)
    sesiones = demo.Sesiones(urls.cuentas, entorno["cuentas"])
    resultado = demo.ejecutar(urls, sesiones, "vanessa@example.pe")
    codigo = resultado.codigo_virtual

    # The email arrived at the real SMTP server, with the PDF attached.
    [correo] = _esperar(lambda: _correos_de(entorno, codigo), "el correo")
    assert correo["To"] == "vanessa@example.pe"
    assert correo["Subject"] == f"Su Certificado Oficial de Estudios ({codigo})"
    assert resultado.url_verificacion in correo.get_body(("plain",)).get_content()
    adjunto, credencial = list(correo.iter_attachments())
    assert credencial.get_content_type() == "application/vc+jwt"
    assert adjunto.get_content_type() == "application/pdf"
    assert adjunto.get_filename() == f"certificado-{codigo}.pdf"
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(adjunto.get_content())).pages)
    for esperado in (
        "MINISTERIO DE EDUCACIÓN",
        "CERTIFICADO OFICIAL DE ESTUDIOS",
        "VANESSA DEL PILAR FLORES LIZANA",
        "72527431",
        "0584714-0",
        codigo,
        "N.° " + f"{resultado.numero:08d}",
        "EXO",
        "APROBADO",
    ):
        assert esperado in texto, esperado

    # verificacion's worker is down: the event waits in its queue, nothing is verifiable yet.
    api = f"{urls.verificacion}/api/verificacion/certificados/{codigo}"
    assert requests.get(api, timeout=5).status_code == 404
    sistema.iniciar(worker("verificacion"))
    _esperar(lambda: requests.get(api, timeout=5).status_code == 200, "la verificación")
    respuesta = requests.get(api, timeout=5).json()
    assert respuesta["estado"] == "VIGENTE"
    assert respuesta["nombre_enmascarado"] == "VANESSA D. P. F. L."
    pagina = requests.get(resultado.url_verificacion, timeout=5)
    assert pagina.status_code == 200 and "VIGENTE" in pagina.text


def test_una_reentrega_por_el_broker_no_duplica_el_correo(sistema, entorno, postgres_url):
    engine = sa.create_engine(
        postgres_url, connect_args={"options": f"-c search_path={entorno['prefijo']}emision"}
    )
    with engine.connect() as conn:
        fila = conn.execute(
            sa.text(
                "SELECT sobre FROM outbox WHERE type = 'CertificadoEmitido' "
                "ORDER BY creado_en DESC LIMIT 1"
            )
        ).first()
    engine.dispose()
    sobre = fila.sobre
    codigo = agrupar(sobre["payload"]["codigo_virtual"])  # as the subject prints it
    antes = len(_correos_de(entorno, codigo))
    assert antes == 1

    celery = crear_celery(Config.desde_entorno("notificaciones", entorno["env"]))
    PublicadorCelery(celery).enviar("notificaciones", sobre)
    # The worker logs each task's answer (JSON lines); the redelivery must be seen, and seen as
    # a duplicate.
    log = entorno["var"] / "log" / "worker-notificaciones.log"
    marca = f"[{sobre['id']}:notificaciones] succeeded"

    def respuestas() -> list[str]:
        lineas = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
        return [x["message"] for x in lineas if marca in x["message"]]

    _esperar(lambda: len(respuestas()) >= 2, "que el worker procese la reentrega")
    assert respuestas()[0].endswith("'procesado'") and respuestas()[-1].endswith("'duplicado'")
    assert len(_correos_de(entorno, codigo)) == 1


def test_los_servicios_verifican_con_el_jwks_de_cuentas_y_siguen_su_rotacion(sistema, entorno):
    """Real processes: tokens from signing in to cuentas, checked with its JWKS over HTTP."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from services.cuentas.entrypoints.cli import claves

    urls = demo.Urls.locales(BASE)
    pendientes = f"{urls.solicitudes}/api/solicitudes/pendientes"
    sesiones = demo.Sesiones(urls.cuentas, entorno["cuentas"])
    director = sesiones.cabecera("DIRECTOR_IE")
    assert requests.get(pendientes, headers=director, timeout=5).status_code == 200
    claims = jwt.decode(director["Authorization"][7:], options={"verify_signature": False})
    falsos = [
        jwt.encode(claims, "solo-para-desarrollo-local-cambiar-en-produccion", "HS256"),
        jwt.encode(
            claims,
            Ed25519PrivateKey.generate(),
            "EdDSA",
            headers={"kid": jwt.get_unverified_header(director["Authorization"][7:])["kid"]},
        ),
    ]
    for falso in falsos:
        r = requests.get(pendientes, headers={"Authorization": f"Bearer {falso}"}, timeout=5)
        assert r.status_code == 401, r.text

    # A rotation: the old token still verifies, the new key's token verifies at once.
    nuevo_kid, _ = claves(Config.desde_entorno("cuentas", entorno["env"]), "rotar")
    nuevas = demo.Sesiones(urls.cuentas, entorno["cuentas"])
    nuevo = nuevas.cabecera("DIRECTOR_IE")
    assert jwt.get_unverified_header(nuevo["Authorization"][7:])["kid"] == nuevo_kid
    _esperar(
        lambda: requests.get(pendientes, headers=nuevo, timeout=5).status_code == 200,
        "que solicitudes conozca la clave nueva",
        limite=15,
    )
    assert requests.get(pendientes, headers=director, timeout=5).status_code == 200


def test_un_verificador_escrito_solo_con_los_estandares(sistema, entorno):
    """A VC verifier from the standards alone (RFC 7515/8037 with joserfc, W3C VC 2.0 and
    Bitstring Status List v1.0 with the standard library): none of the project's code. It
    accepts the emailed credential, rejects it with one grade changed, and reads it revoked
    from the status list verificacion serves over HTTP once the certificate is annulled."""
    import base64
    import gzip
    import warnings

    from joserfc import jws
    from joserfc.errors import BadSignatureError, SecurityWarning
    from joserfc.jwk import OKPKey

    def b64(texto: str) -> bytes:
        return base64.urlsafe_b64decode(texto + "=" * (-len(texto) % 4))

    def verificar(token: str, url_claves: str) -> dict:
        kid = json.loads(b64(token.split(".")[0]))["kid"]
        (clave,) = [
            c for c in requests.get(url_claves, timeout=5).json()["claves"] if c["kid"] == kid
        ]
        jwk = OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": clave["clave_publica"]})
        with warnings.catch_warnings():  # RFC 9864 names it Ed25519; EdDSA is still RFC 8037's
            warnings.simplefilter("ignore", SecurityWarning)
            objeto = jws.deserialize_compact(token, jwk, algorithms=["EdDSA"])
        assert objeto.protected["typ"] == "vc+jwt"
        return json.loads(objeto.payload)

    def revocado(entrada: dict) -> bool:
        url = entrada["statusListCredential"]
        respuesta = requests.get(url, timeout=5)
        assert respuesta.headers["Content-Type"].startswith("application/vc+jwt")
        base = url.split("/api/verificacion/")[0]
        lista = verificar(respuesta.text, f"{base}/api/verificacion/listas-estado/claves")
        assert "BitstringStatusListCredential" in lista["type"]
        sujeto = lista["credentialSubject"]
        assert sujeto["statusPurpose"] == entrada["statusPurpose"] == "revocation"
        assert sujeto["encodedList"][0] == "u"  # multibase base64url, no padding
        bits = gzip.decompress(b64(sujeto["encodedList"][1:]))
        indice = int(entrada["statusListIndex"])
        return bool(bits[indice // 8] & (0x80 >> (indice % 8)))

    urls = demo.Urls.locales(BASE)
    sesiones = demo.Sesiones(urls.cuentas, entorno["cuentas"])
    resultado = demo.ejecutar(urls, sesiones, "estandares@example.pe")
    codigo = resultado.codigo_virtual
    asunto = f"Su Certificado Oficial de Estudios ({codigo})"
    [correo] = _esperar(
        lambda: [m for m in _correos_de(entorno, codigo) if m["Subject"] == asunto], "el correo"
    )
    (token,) = [
        a.get_content().decode()
        for a in correo.iter_attachments()
        if a.get_filename().endswith(".jwt")
    ]
    emision = f"http://127.0.0.1:{puertos(BASE)['emision']}"
    claves_emision = f"{emision}/api/emision/claves"
    vc = verificar(token, claves_emision)
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert (
        "VerifiableCredential" in vc["type"] and vc["credentialSubject"]["codigo_virtual"] == codigo
    )
    (anulacion,) = [e for e in vc["credentialStatus"] if e["statusPurpose"] == "revocation"]
    assert anulacion["type"] == "BitstringStatusListEntry"
    api = f"{urls.verificacion}/api/verificacion/certificados/{codigo}"
    _esperar(lambda: requests.get(api, timeout=5).status_code == 200, "la verificación")
    assert not revocado(anulacion)

    cabecera, carga, firma = token.split(".")
    alterada = json.loads(b64(carga))
    nota = next(
        c
        for g in alterada["credentialSubject"]["grados"]
        for c in g["calificaciones"]
        if c["calificacion"] not in (None, "EXO")
    )
    nota["calificacion"] = "20" if nota["calificacion"] != "20" else "19"
    otra = base64.urlsafe_b64encode(json.dumps(alterada).encode()).rstrip(b"=").decode()
    with pytest.raises(BadSignatureError):
        verificar(f"{cabecera}.{otra}.{firma}", claves_emision)

    r = requests.post(
        f"{emision}/api/emision/certificados/{codigo}/anulacion",
        json={"motivo_anulacion": "Prueba de un verificador escrito desde los estándares."},
        headers=sesiones.cabecera("DIRECTOR_IE"),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    _esperar(lambda: requests.get(api, timeout=5).json()["estado"] == "ANULADO", "la anulación")
    assert revocado(anulacion)
