"""The QR's seal: packed and read back, signed and verified, keys rotated without breaking."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from shared.identificadores import nuevo_codigo_virtual
from shared.llavero import Llavero, SinClaveDeFirma, rotar
from shared.sello import Sello, SelloInvalido, huella_contenido


def _sello(**cambios) -> Sello:
    base = Sello(
        nuevo_codigo_virtual(),
        datetime.now(UTC).replace(microsecond=0),
        huella_contenido({"nombres": "ARTURO JOHEL"}),
        kid="-",
    )
    return replace(base, **cambios)


def test_empaquetar_y_leer_devuelve_lo_mismo(tmp_path):
    llavero = Llavero.cargar(tmp_path, crear_si_falta=True)
    sello = llavero.firmar(_sello())
    texto = sello.empaquetar()
    assert len(texto) <= 180 and "=" not in texto  # fits a QR next to the URL (~230 chars)
    assert Sello.desempaquetar(texto) == sello


@pytest.mark.parametrize("texto", ["", "no-es-base64!!", "AAAA", "Ag" + "A" * 150])
def test_texto_que_no_es_sello(texto):
    with pytest.raises(SelloInvalido):
        Sello.desempaquetar(texto)


def test_firma_valida_y_cualquier_alteracion_se_detecta(tmp_path):
    llavero = Llavero.cargar(tmp_path, crear_si_falta=True)
    sello = llavero.firmar(_sello())
    assert llavero.verificar(sello)
    assert not llavero.verificar(replace(sello, huella=huella_contenido({"nombres": "OTRO"})))
    assert not llavero.verificar(replace(sello, codigo_virtual=nuevo_codigo_virtual()))
    assert not llavero.verificar(replace(sello, emitido_en=sello.emitido_en + timedelta(days=1)))
    assert not llavero.verificar(replace(sello, firma=bytes(64)))
    assert not llavero.verificar(replace(sello, kid="desconocida"))


def test_sin_clave_no_se_firma(tmp_path):
    with pytest.raises(SinClaveDeFirma, match="mc claves rotar"):
        Llavero.cargar(tmp_path).firmar(_sello())


def test_rotar_mantiene_validos_los_certificados_anteriores(tmp_path):
    primera = rotar(tmp_path)
    llavero = Llavero(tmp_path)
    antiguo = llavero.firmar(_sello())
    assert antiguo.kid == primera
    segunda = rotar(tmp_path)
    nuevo = llavero.firmar(_sello())  # the running process sees the rotation at once
    assert nuevo.kid == segunda != primera
    assert llavero.verificar(antiguo) and llavero.verificar(nuevo)
    # The retired key no longer vouches for anything dated after its window closed.
    falso = replace(antiguo, emitido_en=antiguo.emitido_en + timedelta(days=2))
    assert not llavero.verificar(falso)
    publicas = llavero.publicas()
    assert [c["kid"] for c in publicas] == [segunda, primera] or {c["kid"] for c in publicas} == {
        primera,
        segunda,
    }
    vieja = next(c for c in publicas if c["kid"] == primera)
    assert vieja["valido_hasta"] is not None and not vieja["activa"]
    assert (tmp_path / f"{primera}.pem").stat().st_mode & 0o077 == 0  # private: owner only
    assert "PRIVATE" not in json.dumps(publicas)


def test_asegurar_no_crea_una_segunda_clave(tmp_path):
    assert rotar(tmp_path, solo_si_no_hay=True) is not None
    assert rotar(tmp_path, solo_si_no_hay=True) is None
    assert len(Llavero(tmp_path).publicas()) == 1
