"""Staff tokens: who a token speaks for, and the refusals staff see when it is not good."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from shared.auth import ROLES, NoAutenticado, Usuario, emitir_token, leer_token

SECRETO = "secreto-de-pruebas-de-al-menos-32-bytes!"
OTRO_SECRETO = "otro-secreto-distinto-tambien-de-32-bytes"

DIRECTOR = Usuario("director-0584714", "DIRECTOR_IE", codigo_modular="0584714", anexo="0")
ESPECIALISTA = Usuario("esp-ugel03", "ESPECIALISTA_UGEL", ugel="UGEL 03")


@pytest.mark.parametrize(
    "usuario",
    [
        DIRECTOR,
        ESPECIALISTA,
        Usuario("mesa-de-partes", "OACIGED"),
        Usuario("ops", "OPERACIONES"),
    ],
    ids=lambda u: u.rol,
)
def test_ida_y_vuelta_por_rol(usuario):
    assert leer_token(SECRETO, emitir_token(SECRETO, usuario)) == usuario


def test_todos_los_roles_estan_probados():
    assert set(ROLES) == {"DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", "OPERACIONES"}


@pytest.mark.parametrize(
    "usuario",
    [
        Usuario("d", "DIRECTOR_IE"),
        Usuario("d", "DIRECTOR_IE", codigo_modular="0584714"),
        Usuario("d", "DIRECTOR_IE", anexo="0"),
        Usuario("e", "ESPECIALISTA_UGEL"),
        Usuario("x", "ALUMNO"),
    ],
)
def test_no_se_emite_token_sin_alcance_o_con_rol_desconocido(usuario):
    with pytest.raises(ValueError):
        emitir_token(SECRETO, usuario)


def _firmar(claims: dict, secreto: str = SECRETO) -> str:
    ahora = datetime.now(UTC)
    base = {"iss": "mi-certificado", "iat": ahora, "exp": ahora + timedelta(hours=1)}
    return jwt.encode({**base, **claims}, secreto, algorithm="HS256")


def _rechazo(token: str, secreto: str = SECRETO) -> str:
    with pytest.raises(NoAutenticado) as exc:
        leer_token(secreto, token)
    assert exc.value.estado_http == 401
    return exc.value.mensaje


def test_token_adulterado_se_rechaza():
    """A director who edits their token to reach another school gets nothing."""
    cabecera, cuerpo, firma = emitir_token(SECRETO, DIRECTOR).split(".")
    claims = json.loads(base64.urlsafe_b64decode(cuerpo + "=" * (-len(cuerpo) % 4)))
    claims["codigo_modular"] = "0999999"
    cuerpo = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    adulterado = f"{cabecera}.{cuerpo}.{firma}"
    sin_verificar = jwt.decode(adulterado, options={"verify_signature": False})
    assert sin_verificar["codigo_modular"] == "0999999"  # well formed, only the signature lies
    assert _rechazo(adulterado) == "Token no válido."


def test_token_firmado_con_otro_secreto_se_rechaza():
    token = emitir_token(OTRO_SECRETO, DIRECTOR)
    assert _rechazo(token) == "Token no válido."


def test_token_vencido_dice_que_inicie_sesion():
    token = emitir_token(SECRETO, DIRECTOR, horas=-1)
    assert _rechazo(token) == "El token ha vencido; inicie sesión nuevamente."


def test_token_que_no_es_jwt_se_rechaza():
    assert _rechazo("no-es-un-token") == "Token no válido."
    assert _rechazo("") == "Token no válido."


def test_token_sin_firma_se_rechaza():
    claims = {"iss": "mi-certificado", "sub": "ops", "rol": "OPERACIONES", "exp": 2**40}
    token = jwt.encode(claims, None, algorithm="none")
    assert _rechazo(token) == "Token no válido."


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "x", "rol": "ALUMNO"},  # unknown role
        {"sub": "x"},  # no role
        {"rol": "OPERACIONES"},  # no subject
        {"sub": "x", "rol": "DIRECTOR_IE"},  # director without school
        {"sub": "x", "rol": "ESPECIALISTA_UGEL"},  # specialist without UGEL
        {"sub": "x", "rol": "OPERACIONES", "iss": "otro-sistema"},
    ],
)
def test_token_bien_firmado_pero_con_datos_invalidos_se_rechaza(claims):
    assert _rechazo(_firmar(claims)) == "Token no válido."


def test_token_sin_vencimiento_se_rechaza():
    token = jwt.encode(
        {"iss": "mi-certificado", "sub": "ops", "rol": "OPERACIONES"}, SECRETO, algorithm="HS256"
    )
    assert _rechazo(token) == "Token no válido."


def test_es_director_de_su_propia_ie_solamente():
    assert DIRECTOR.es_director_de("0584714", "0")
    assert not DIRECTOR.es_director_de("0584714", "1")  # another anexo
    assert not DIRECTOR.es_director_de("0999999", "0")
    assert not ESPECIALISTA.es_director_de("0584714", "0")
    impostor = Usuario("ops", "OPERACIONES", codigo_modular="0584714", anexo="0")
    assert not impostor.es_director_de("0584714", "0")


def test_el_alcance_sobrevive_al_token():
    leido = leer_token(SECRETO, emitir_token(SECRETO, DIRECTOR))
    assert leido.es_director_de("0584714", "0")
