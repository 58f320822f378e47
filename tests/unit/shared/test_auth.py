"""Staff tokens: EdDSA signed by cuentas, verified with its JWKS; the refusals staff see."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.cuentas.adapters.claves import LlaveroCuentas, asegurar, rotar
from shared.auth import (
    ROLES,
    FuenteJwks,
    NoAutenticado,
    Usuario,
    VerificadorTokens,
    claims_de_alcance,
)

DIRECTOR = Usuario(
    "41234567",
    "DIRECTOR_IE",
    codigo_modular="0584714",
    anexo="0",
    nombre="PALACIOS PONCE, LOURDES HAYDEE",
    niveles=("SECUNDARIA",),
)
ESPECIALISTA = Usuario("esp-ugel03", "ESPECIALISTA_UGEL", codigo_ugel="150103")


@pytest.fixture
def llavero(tmp_path) -> LlaveroCuentas:
    asegurar(tmp_path)
    return LlaveroCuentas(tmp_path)


@pytest.fixture
def verificador(llavero) -> VerificadorTokens:
    fuente = FuenteJwks((llavero.carpeta / "jwks.json").as_uri(), refresco_minimo=0)
    return VerificadorTokens(fuente, "mi-certificado", "mi-certificado")


def _claims(usuario: Usuario | None = None, vida=timedelta(minutes=10), **cambios) -> dict:
    ahora = datetime.now(UTC)
    base = {"iss": "mi-certificado", "aud": "mi-certificado", "iat": ahora, "exp": ahora + vida}
    alcance = claims_de_alcance(usuario) if usuario else {}
    return {**base, **alcance, **cambios}


def _rechazo(verificador, token: str) -> str:
    with pytest.raises(NoAutenticado) as exc:
        verificador.leer(token)
    assert exc.value.estado_http == 401
    return exc.value.mensaje


@pytest.mark.parametrize(
    "usuario",
    [DIRECTOR, ESPECIALISTA, Usuario("43456789", "OACIGED"), Usuario("ops", "OPERACIONES")],
    ids=lambda u: u.rol,
)
def test_ida_y_vuelta_por_rol(llavero, verificador, usuario):
    assert verificador.leer(llavero.firmar(_claims(usuario))) == usuario


def test_el_token_lleva_nombre_niveles_y_kid(llavero, verificador):
    token = llavero.firmar(_claims(DIRECTOR))
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "kid": llavero.activa, "typ": "JWT"}
    leido = verificador.leer(token)
    assert leido.nombre == "PALACIOS PONCE, LOURDES HAYDEE"
    assert leido.niveles == ("SECUNDARIA",)
    assert leido.es_director_de("0584714", "0")


def test_todos_los_roles_estan_probados():
    assert set(ROLES) == {"DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", "OPERACIONES"}


@pytest.mark.parametrize(
    "usuario",
    [
        Usuario("d", "DIRECTOR_IE"),
        Usuario("d", "DIRECTOR_IE", codigo_modular="0584714"),
        Usuario("e", "ESPECIALISTA_UGEL"),
        Usuario("x", "ALUMNO"),
    ],
)
def test_no_hay_claims_sin_alcance_o_con_rol_desconocido(usuario):
    with pytest.raises(ValueError):
        claims_de_alcance(usuario)


def test_hs256_se_rechaza_aunque_traiga_un_kid_publicado(llavero, verificador):
    """The old shared-secret tokens, and a forger who uses the public key as HMAC secret."""
    publica = json.loads((llavero.carpeta / "jwks.json").read_text())["keys"][0]["x"]
    for secreto in ("solo-para-desarrollo-local-cambiar-en-produccion", publica):
        token = jwt.encode(
            _claims(Usuario("ops", "OPERACIONES")),
            secreto,
            algorithm="HS256",
            headers={"kid": llavero.activa},
        )
        assert _rechazo(verificador, token) == "Token no válido."


def test_una_clave_que_no_esta_en_el_jwks_se_rechaza(verificador, llavero):
    ajena = Ed25519PrivateKey.generate()
    for kid in (llavero.activa, "otra-clave"):
        token = jwt.encode(_claims(DIRECTOR), ajena, algorithm="EdDSA", headers={"kid": kid})
        assert _rechazo(verificador, token) == "Token no válido."


def test_token_adulterado_se_rechaza(llavero, verificador):
    """A director who edits their token to reach another school gets nothing."""
    cabecera, cuerpo, firma = llavero.firmar(_claims(DIRECTOR)).split(".")
    claims = json.loads(base64.urlsafe_b64decode(cuerpo + "=" * (-len(cuerpo) % 4)))
    claims["codigo_modular"] = "0999999"
    cuerpo = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert _rechazo(verificador, f"{cabecera}.{cuerpo}.{firma}") == "Token no válido."


def test_token_vencido_dice_que_inicie_sesion(llavero, verificador):
    ahora = datetime.now(UTC)
    claims = _claims(DIRECTOR, iat=ahora - timedelta(minutes=12), exp=ahora - timedelta(minutes=2))
    mensaje = _rechazo(verificador, llavero.firmar(claims))
    assert mensaje == "El token ha vencido; inicie sesión nuevamente."


def test_token_de_mas_de_15_minutos_se_rechaza(llavero, verificador):
    token = llavero.firmar(_claims(DIRECTOR, vida=timedelta(hours=8)))
    assert _rechazo(verificador, token) == "Token no válido."


def test_token_que_no_es_jwt_o_sin_firma_se_rechaza(verificador):
    assert _rechazo(verificador, "no-es-un-token") == "Token no válido."
    assert _rechazo(verificador, "") == "Token no válido."
    sin_firma = jwt.encode(_claims(Usuario("ops", "OPERACIONES")), None, algorithm="none")
    assert _rechazo(verificador, sin_firma) == "Token no válido."


@pytest.mark.parametrize(
    "cambios",
    [
        {"sub": "x", "rol": "ALUMNO"},
        {"sub": "x"},
        {"rol": "OPERACIONES"},
        {"sub": "x", "rol": "DIRECTOR_IE"},
        {"sub": "x", "rol": "ESPECIALISTA_UGEL"},
        {"sub": "x", "rol": "OPERACIONES", "iss": "otro-sistema"},
        {"sub": "x", "rol": "OPERACIONES", "aud": "otra-aplicacion"},
        {"sub": "x", "rol": "OPERACIONES", "exp": None},
    ],
)
def test_token_bien_firmado_pero_con_datos_invalidos_se_rechaza(llavero, verificador, cambios):
    claims = {k: v for k, v in _claims(**cambios).items() if v is not None}
    assert _rechazo(verificador, llavero.firmar(claims)) == "Token no válido."


def test_rotacion_la_clave_retirada_verifica_hasta_que_vencen_sus_tokens(llavero, verificador):
    anterior = llavero.firmar(_claims(DIRECTOR))
    assert verificador.leer(anterior) == DIRECTOR  # the verifier has cached the old JWKS
    viejo_kid = llavero.activa
    rotar(llavero.carpeta)
    nuevo = llavero.firmar(_claims(DIRECTOR))
    assert jwt.get_unverified_header(nuevo)["kid"] != viejo_kid
    assert verificador.leer(nuevo) == DIRECTOR  # unknown kid: JWKS reloaded at once
    assert verificador.leer(anterior) == DIRECTOR  # the retired key still verifies
    assert not (llavero.carpeta / f"{viejo_kid}.pem").exists()  # and can never sign again
    en_un_rato = datetime.now(UTC) + timedelta(minutes=20)
    assert [k["kid"] for k in llavero.jwks(en_un_rato)["keys"]] == [llavero.activa]


def test_kids_inventados_no_recargan_el_jwks_cada_vez(llavero):
    lecturas = []
    fuente = FuenteJwks((llavero.carpeta / "jwks.json").as_uri(), refresco_minimo=60)
    original = fuente._leer
    fuente._leer = lambda: lecturas.append(1) or original()
    for i in range(50):
        assert fuente.clave(f"inventado-{i}") is None
    assert len(lecturas) == 1


def test_es_director_de_su_propia_ie_solamente():
    assert DIRECTOR.es_director_de("0584714", "0")
    assert not DIRECTOR.es_director_de("0584714", "1")
    assert not DIRECTOR.es_director_de("0999999", "0")
    assert not ESPECIALISTA.es_director_de("0584714", "0")
    impostor = Usuario("ops", "OPERACIONES", codigo_modular="0584714", anexo="0")
    assert not impostor.es_director_de("0584714", "0")
