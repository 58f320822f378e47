"""Every service refuses what cuentas did not sign for now: HS256, a foreign key, an expired
token, a deactivated account's token once its lifetime is over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.auth import Usuario, claims_de_alcance
from tests import claves_prueba
from tests.integration import datos
from tests.integration.cuentas.conftest import bearer

pytestmark = pytest.mark.integration

IE = {"codigo_modular": "0584714", "anexo": "0"}
# One staff endpoint of each service that has any (verificacion is public), with a caller
# whose role it admits: a good token gets past authentication, a bad one stops at 401.
ENDPOINTS = {
    "solicitudes": ("GET", "/api/solicitudes/pendientes", "DIRECTOR_IE"),
    "notas": ("GET", "/api/notas/instituciones/0584714/0/talleres", "DIRECTOR_IE"),
    "emision": ("POST", "/api/emision/certificados/XXXX/anulacion", "OACIGED"),
    "notificaciones": ("GET", "/api/notificaciones/fallidos", "OPERACIONES"),
    "cuentas": ("GET", "/api/cuentas/yo", "OPERACIONES"),
}
USUARIOS = {
    "DIRECTOR_IE": Usuario("41234567", "DIRECTOR_IE", **IE),
    "OACIGED": Usuario("43456789", "OACIGED"),
    "OPERACIONES": Usuario("44567890", "OPERACIONES"),
}


def _llamar(sistema, servicio: str, token: str):
    metodo, url, _rol = ENDPOINTS[servicio]
    cliente = sistema.clientes[servicio]
    headers = {"Authorization": f"Bearer {token}"}
    if metodo == "POST":
        return cliente.post(
            url, json={"motivo_anulacion": "prueba de autenticación"}, headers=headers
        )
    return cliente.get(url, headers=headers)


def _claims(usuario: Usuario, desde: datetime | None = None, vida=timedelta(minutes=10)):
    desde = desde or datetime.now(UTC)
    return {
        **claims_de_alcance(usuario),
        "iss": "mi-certificado",
        "aud": "mi-certificado",
        "iat": desde,
        "exp": desde + vida,
    }


def _kid_publicado() -> str:
    return jwt.get_unverified_header(datos.token(USUARIOS["OPERACIONES"]))["kid"]


@pytest.mark.parametrize("servicio", sorted(ENDPOINTS))
def test_cada_servicio_rechaza_lo_que_cuentas_no_firmo(sistema_pg, servicio):
    usuario = USUARIOS[ENDPOINTS[servicio][2]]
    # The control: the same caller with a token signed by cuentas gets past authentication.
    assert _llamar(sistema_pg, servicio, datos.token(usuario)).status_code != 401
    ajena = Ed25519PrivateKey.generate()
    hace_un_rato = datetime.now(UTC) - timedelta(minutes=20)
    malos = {
        "HS256 con el antiguo secreto": jwt.encode(
            _claims(usuario), "solo-para-desarrollo-local-cambiar-en-produccion", "HS256"
        ),
        "HS256 con un kid publicado": jwt.encode(
            _claims(usuario), "x" * 32, "HS256", headers={"kid": _kid_publicado()}
        ),
        "clave ajena con un kid publicado": jwt.encode(
            _claims(usuario), ajena, "EdDSA", headers={"kid": _kid_publicado()}
        ),
        "clave ajena con kid propio": jwt.encode(
            _claims(usuario), ajena, "EdDSA", headers={"kid": "otra"}
        ),
        "vencido": _firmado(_claims(usuario, desde=hace_un_rato)),
        "de más de 15 minutos": _firmado(_claims(usuario, vida=timedelta(hours=8))),
    }
    for nombre, token in malos.items():
        r = _llamar(sistema_pg, servicio, token)
        assert r.status_code == 401, (nombre, r.get_json())
        assert r.get_json()["error"]["codigo"] == "no_autenticado", nombre
    vencido = _llamar(sistema_pg, servicio, malos["vencido"]).get_json()["error"]["mensaje"]
    assert vencido == "El token ha vencido; inicie sesión nuevamente."


def _firmado(claims: dict) -> str:
    from services.cuentas.adapters.claves import LlaveroCuentas

    return LlaveroCuentas(claves_prueba.carpeta()).firmar(claims)


@pytest.fixture
def adelantar_verificacion(monkeypatch):
    """Move forward the clock every service checks `exp` against (PyJWT's, in this process).

    Only for verifying: after it, this process issues no more tokens.
    """
    import jwt.api_jwt

    def adelantar(desfase: timedelta) -> None:
        class Reloj(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.now(tz) + desfase

        monkeypatch.setattr(jwt.api_jwt, "datetime", Reloj)

    return adelantar


def test_los_tokens_de_una_cuenta_desactivada_dejan_de_servir(cuentas, adelantar_verificacion):
    ie = cuentas.ie_en_padron(codigo_ugel="150104")
    ugel = datos.especialista("150104")
    director = cuentas.alta(
        "DIRECTOR_IE", ugel, codigo_modular=ie["codigo_modular"], anexo=ie["anexo"]
    )
    sesion = cuentas.iniciar(director["usuario"], director["clave"])
    assert sesion.status_code == 200
    solicitudes = cuentas.sistema.clientes["solicitudes"]
    assert solicitudes.get("/api/solicitudes/pendientes", headers=bearer(sesion)).status_code == 200

    r = cuentas.cliente.post(
        f"/api/cuentas/cuentas/{director['usuario']}/desactivacion",
        json={"motivo": "Dejó el cargo de director"},
        headers=ugel,
    )
    assert r.status_code == 200 and r.get_json()["activa"] is False
    # At once: no new sign-in, no refresh.
    otra = cuentas.iniciar(director["usuario"], director["clave"])
    assert otra.status_code == 401
    assert otra.get_json()["error"]["mensaje"] == "Usuario o clave incorrectos."
    renovacion = cuentas.cliente.post(
        "/api/cuentas/sesiones/renovacion",
        json={"refresh_token": sesion.get_json()["refresh_token"]},
    )
    assert renovacion.status_code == 401
    # The access token already issued lives out its (short) lifetime, then every service
    # refuses it: deactivation works by expiry, within 15 minutes at most.
    adelantar_verificacion(timedelta(seconds=sesion.get_json()["expires_in"] + 31))
    for servicio, url in (
        ("solicitudes", "/api/solicitudes/pendientes"),
        ("notas", f"/api/notas/instituciones/{ie['codigo_modular']}/{ie['anexo']}/talleres"),
        ("cuentas", "/api/cuentas/yo"),
    ):
        r = cuentas.sistema.clientes[servicio].get(url, headers=bearer(sesion))
        assert r.status_code == 401, servicio
        assert r.get_json()["error"]["mensaje"] == "El token ha vencido; inicie sesión nuevamente."
