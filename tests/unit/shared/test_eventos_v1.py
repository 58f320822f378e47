"""Events v2 use the glossary's names; a v1 message still in flight is read as v2 (upcast)."""

from __future__ import annotations

import copy

import pytest
from marshmallow import ValidationError

from shared.eventos import ESQUEMAS, VERSIONES, Evento, validar_sobre
from tests.unit.shared.test_eventos import PAYLOADS, sobre

# What each renamed event looked like in v1 (the names the glossary retired).
V1: dict[str, dict] = {
    "SolicitudRegistrada": {"solicitud_id": 12},
    "SolicitudRechazada": {
        "solicitud_id": 13,
        "motivo": "El estudiante no figura en las actas de la institución.",
    },
    "EmisionSolicitada": {"solicitud_id": 12, "numero": 12},
    "CertificadoEmitido": {"solicitud_id": 12, "numero": 12},
    "CertificadoSustituido": {"solicitud_id": 12},
    "CertificadoAnulado": {
        "solicitud_id": 12,
        "motivo": "Emitido con el grado equivocado; se emitirá uno nuevo.",
    },
    "EmisionFallida": {
        "solicitud_id": 12,
        "motivo": "El registro de notas está en estado INFORMACIÓN INCOMPLETA.",
    },
    "CorreoFallido": {"motivo": "550 buzón inexistente"},
    "RegistroNotasActualizado": {"version": 3},
}
RETIRADOS = {"solicitud_id", "numero", "motivo", "version"}
NUEVOS_EN_V2 = {"lista_estado", "indice_estado"}  # CertificadoEmitido, issue 18: never in v1


def _v1(tipo: str) -> dict:
    actual = sobre(tipo, version=1)
    quitar = {"numero_solicitud", "motivo_rechazo", "motivo_anulacion", "motivo_falla"}
    if tipo == "RegistroNotasActualizado":  # other events' version_registro was never renamed
        quitar.add("version_registro")
    payload = {k: v for k, v in actual["payload"].items() if k not in quitar}
    actual["payload"] = {**payload, **copy.deepcopy(V1[tipo])}
    return actual


@pytest.mark.parametrize("tipo", sorted(V1))
def test_los_eventos_renombrados_se_publican_en_la_version_2_o_posterior(tipo):
    evento = Evento(tipo, copy.deepcopy(PAYLOADS[tipo]))
    assert evento.version == VERSIONES[tipo] >= 2  # EmisionFallida is at 3
    assert not RETIRADOS & set(ESQUEMAS[(tipo, 2)]().fields)
    assert not RETIRADOS & set(ESQUEMAS[(tipo, VERSIONES[tipo])]().fields)


@pytest.mark.parametrize("tipo", sorted(V1))
def test_un_mensaje_v1_en_vuelo_se_lee_con_los_nombres_nuevos(tipo):
    mensaje = validar_sobre(_v1(tipo))
    assert mensaje["version"] == VERSIONES[tipo]
    esperado = validar_sobre(sobre(tipo))["payload"]
    assert mensaje["payload"] == {k: v for k, v in esperado.items() if k not in NUEVOS_EN_V2}
    assert not RETIRADOS & set(mensaje["payload"])


def test_el_numero_duplicado_de_la_v1_queda_en_un_solo_campo():
    mensaje = validar_sobre(_v1("CertificadoEmitido"))
    assert mensaje["payload"]["numero_solicitud"] == 12
    assert "numero" not in mensaje["payload"]


def test_un_mensaje_v1_mal_formado_sigue_rechazandose():
    malo = _v1("EmisionFallida")
    del malo["payload"]["motivo"]
    with pytest.raises(ValidationError) as exc:
        validar_sobre(malo)
    assert "motivo" in exc.value.messages


def test_un_mensaje_v2_con_los_nombres_viejos_se_rechaza():
    malo = _v1("EmisionFallida")
    malo["version"] = 2
    with pytest.raises(ValidationError) as exc:
        validar_sobre(malo)
    assert "numero_solicitud" in exc.value.messages


def _institucion_v1(ugel: str) -> dict:
    mensaje = sobre("InstitucionRegistrada", version=1)
    payload = {k: v for k, v in mensaje["payload"].items() if not k.endswith("_ugel")}
    mensaje["payload"] = {**payload, "ugel": ugel}
    return mensaje


def test_institucion_registrada_v2_lleva_la_ugel_por_codigo_y_su_nombre():
    evento = Evento("InstitucionRegistrada", copy.deepcopy(PAYLOADS["InstitucionRegistrada"]))
    assert evento.version == 2
    assert "ugel" not in ESQUEMAS[("InstitucionRegistrada", 2)]().fields


@pytest.mark.parametrize(
    "ugel, codigo", [("UGEL 03", "150103"), ("UGEL 03 BRENA", "150103"), ("UGEL 99 X", None)]
)
def test_una_institucion_v1_se_lee_con_el_codigo_de_su_ugel(ugel, codigo):
    payload = validar_sobre(_institucion_v1(ugel))["payload"]
    assert (payload["codigo_ugel"], payload["nombre_ugel"]) == (codigo, ugel)
    assert "ugel" not in payload


def test_una_institucion_v2_sin_codigo_de_ugel_valido_se_rechaza():
    malo = sobre("InstitucionRegistrada")
    malo["payload"]["codigo_ugel"] = "UGEL 03"
    with pytest.raises(ValidationError) as exc:
        validar_sobre(malo)
    assert "codigo_ugel" in exc.value.messages
