"""Key folders written by earlier versions still load, sign, verify and rotate the same way.

``llaveros_anteriores/`` holds two folders written by the code before the two key rings shared
``shared.carpeta_de_claves`` (commit 3468166, its clock set to 2026-01-15 10:00 and 10:05):
``sello`` (emision's seal ring, rotated twice: one retired key, one active) and ``cuentas``
(cuentas' token ring, rotated twice: the retired key's private half already deleted). Test
keys only: they sign nothing outside these tests.
"""

from __future__ import annotations

import json
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization

from services.cuentas.adapters import claves as cuentas
from shared.identificadores import nuevo_codigo_virtual
from shared.llavero import Llavero, rotar
from shared.sello import Sello, huella_contenido

ANTERIORES = Path(__file__).parent / "llaveros_anteriores"
SELLO_ACTIVA, SELLO_RETIRADA = "20260115-216508", "20260115-96858a"
CUENTAS_ACTIVA, CUENTAS_RETIRADA = "cuentas-20260115-283d2452", "cuentas-20260115-fa923dc5"


def _copia(tmp_path: Path, nombre: str) -> Path:
    return Path(shutil.copytree(ANTERIORES / nombre, tmp_path / nombre))


def _indice(carpeta: Path) -> dict:
    texto = (carpeta / "claves.json").read_text()
    assert texto == json.dumps(json.loads(texto), indent=2)  # the same layout as before
    return json.loads(texto)


def _sello(emitido_en: datetime) -> Sello:
    return Sello(nuevo_codigo_virtual(), emitido_en, huella_contenido({"nombres": "ANA"}), "-")


def test_un_llavero_de_sellos_anterior_firma_con_su_clave_activa_y_verifica_la_retirada(tmp_path):
    llavero = Llavero(_copia(tmp_path, "sello"))
    assert llavero.activa == SELLO_ACTIVA
    publicas = llavero.publicas()
    assert [(c["kid"], c["activa"]) for c in publicas] == [
        (SELLO_ACTIVA, True),
        (SELLO_RETIRADA, False),
    ]
    assert publicas[1]["valido_hasta"] == publicas[0]["valido_desde"] == "2026-01-15T10:05:00+00:00"
    nuevo = llavero.firmar(_sello(datetime.now(UTC).replace(microsecond=0)))
    assert nuevo.kid == SELLO_ACTIVA and llavero.verificar(nuevo)
    # A seal the retired key signed inside its window still verifies; one dated later does not.
    pem = (llavero.carpeta / f"{SELLO_RETIRADA}.pem").read_bytes()
    retirada = serialization.load_pem_private_key(pem, password=None)
    for emitido_en, valido in ((datetime(2026, 1, 15, 10, 2, tzinfo=UTC), True),
                               (datetime(2026, 1, 15, 10, 6, tzinfo=UTC), False)):  # fmt: skip
        antiguo = Sello(nuevo.codigo_virtual, emitido_en, nuevo.huella, SELLO_RETIRADA)
        assert llavero.verificar(antiguo.firmado(retirada.sign(antiguo.mensaje()))) is valido


def test_rotar_un_llavero_de_sellos_anterior_cierra_la_ventana_y_conserva_el_formato(tmp_path):
    carpeta = _copia(tmp_path, "sello")
    antes = _indice(carpeta)
    assert rotar(carpeta, solo_si_no_hay=True) is None and _indice(carpeta) == antes
    kid = rotar(carpeta)
    despues = _indice(carpeta)
    assert list(despues) == ["activa", "claves"] and despues["activa"] == kid
    assert list(despues["claves"]) == [SELLO_RETIRADA, SELLO_ACTIVA, kid]
    assert despues["claves"][SELLO_RETIRADA] == antes["claves"][SELLO_RETIRADA]
    cerrada = despues["claves"][SELLO_ACTIVA]
    assert cerrada == {**antes["claves"][SELLO_ACTIVA], "valido_hasta": cerrada["valido_hasta"]}
    assert list(despues["claves"][kid]) == ["publica", "valido_desde", "valido_hasta"]
    assert despues["claves"][kid]["valido_desde"] == cerrada["valido_hasta"]
    assert stat.S_IMODE((carpeta / f"{kid}.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((carpeta / "claves.json").stat().st_mode) == 0o644
    assert (carpeta / f"{SELLO_ACTIVA}.pem").exists()  # the seal ring keeps retired keys
    assert {p.name for p in carpeta.iterdir()} == {
        ".bloqueo", "claves.json", f"{SELLO_RETIRADA}.pem", f"{SELLO_ACTIVA}.pem", f"{kid}.pem",
    }  # fmt: skip


def test_un_llavero_de_cuentas_anterior_firma_tokens_que_su_jwks_verifica(tmp_path):
    carpeta = _copia(tmp_path, "cuentas")
    llavero = cuentas.LlaveroCuentas(carpeta)
    assert llavero.activa == CUENTAS_ACTIVA
    cuando = datetime(2026, 1, 15, 10, 6, tzinfo=UTC)  # the retired key was still published
    assert llavero.jwks(cuando) == json.loads((carpeta / "jwks.json").read_text())
    ahora = datetime.now(UTC)
    token = llavero.firmar({"sub": "ops", "iat": ahora, "exp": ahora + timedelta(minutes=5)})
    assert jwt.get_unverified_header(token)["kid"] == CUENTAS_ACTIVA
    publica = jwt.PyJWK(llavero.jwks(cuando)["keys"][0]).key
    assert jwt.decode(token, publica, algorithms=["EdDSA"])["sub"] == "ops"
    assert [k["kid"] for k in llavero.jwks()["keys"]] == [CUENTAS_ACTIVA]  # long retired now


def test_rotar_un_llavero_de_cuentas_anterior_borra_la_privada_y_conserva_el_formato(tmp_path):
    carpeta = _copia(tmp_path, "cuentas")
    assert (
        cuentas.asegurar(carpeta) is None
    )  # a key exists: only jwks.json refreshed (expired key gone)
    publicado = json.loads((carpeta / "jwks.json").read_text())
    assert [k["kid"] for k in publicado["keys"]] == [CUENTAS_ACTIVA]
    antes = _indice(carpeta)
    kid = cuentas.rotar(carpeta)
    despues = _indice(carpeta)
    assert list(despues) == ["activa", "claves"] and despues["activa"] == kid
    assert kid.startswith("cuentas-") and len(kid) == len(CUENTAS_ACTIVA)
    assert list(despues["claves"]) == [CUENTAS_ACTIVA, kid]  # the long-retired one forgotten
    retirada = despues["claves"][CUENTAS_ACTIVA]
    assert retirada == {**antes["claves"][CUENTAS_ACTIVA], "retirada_en": retirada["retirada_en"]}
    assert list(despues["claves"][kid]) == ["jwk", "creada_en", "retirada_en"]
    assert [k["kid"] for k in json.loads((carpeta / "jwks.json").read_text())["keys"]] == [
        kid,
        CUENTAS_ACTIVA,
    ]
    assert stat.S_IMODE((carpeta / f"{kid}.pem").stat().st_mode) == 0o600
    assert {p.name for p in carpeta.iterdir()} == {
        ".bloqueo", "claves.json", "jwks.json", f"{kid}.pem",
    }  # fmt: skip
