"""EmisionFallida v3: the citizen's message and the staff's technical detail travel apart."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from services.emision.service_layer.handlers import MOTIVO_FALLA_TECNICA, al_descartar
from shared.eventos import ESQUEMAS, VERSIONES, validar_sobre
from shared.mensajes import EmisionFallida, mensaje_de
from tests.unit.shared.test_eventos import sobre

# What emision's al_descartar published in v2, word for word.
V2_CON_DETALLE = (
    "No se pudo emitir el certificado; se puede volver a ordenar la emisión. "
    "Detalle técnico: reintentos agotados (8): ErrorTransitorio: la TSA no responde"
)


def _v2(motivo_falla: str) -> dict:
    return sobre(
        "EmisionFallida", version=2, payload={"numero_solicitud": 12, "motivo_falla": motivo_falla}
    )


def test_se_publica_la_version_3_con_los_dos_campos():
    assert VERSIONES["EmisionFallida"] == EmisionFallida.version == 3
    assert set(ESQUEMAS[("EmisionFallida", 3)]().fields) == {
        "numero_solicitud",
        "motivo_falla",
        "detalle_tecnico",
    }


def test_una_v2_con_detalle_tecnico_se_separa_al_leerla():
    mensaje = validar_sobre(_v2(V2_CON_DETALLE))
    assert mensaje["version"] == 3
    assert mensaje["payload"] == {
        "numero_solicitud": 12,
        "motivo_falla": "No se pudo emitir el certificado; se puede volver a ordenar la emisión.",
        "detalle_tecnico": "reintentos agotados (8): ErrorTransitorio: la TSA no responde",
    }
    evento = mensaje_de("EmisionFallida", mensaje["payload"])
    assert "Error" not in evento.motivo_falla and "técnico" not in evento.motivo_falla


def test_una_v2_de_negocio_queda_sin_detalle_tecnico():
    motivo = "El registro de notas está en estado INFORMACIÓN INCOMPLETA."
    mensaje = validar_sobre(_v2(motivo))
    assert mensaje["payload"] == {"numero_solicitud": 12, "motivo_falla": motivo}
    assert mensaje_de("EmisionFallida", mensaje["payload"]).detalle_tecnico is None


def test_una_v1_sube_hasta_la_v3():
    v1 = sobre(
        "EmisionFallida",
        version=1,
        payload={"solicitud_id": 12, "motivo": V2_CON_DETALLE},
    )
    payload = validar_sobre(v1)["payload"]
    assert payload["numero_solicitud"] == 12
    assert payload["detalle_tecnico"].startswith("reintentos agotados")


def test_una_v3_sin_motivo_para_el_ciudadano_se_rechaza():
    with pytest.raises(ValidationError) as exc:
        validar_sobre(sobre("EmisionFallida", payload={"numero_solicitud": 12}))
    assert "motivo_falla" in exc.value.messages


def test_un_rechazo_de_negocio_viaja_sin_detalle_tecnico():
    evento = EmisionFallida(numero_solicitud=12, motivo_falla="El registro de notas está …")
    assert "detalle_tecnico" not in evento.payload()
    assert ESQUEMAS[("EmisionFallida", 3)]().validate(evento.payload()) == {}


class _Uow:
    def __init__(self):
        self.publicados = []

    def publicar(self, evento):
        self.publicados.append(evento)


def test_una_orden_descartada_dice_al_ciudadano_algo_que_entiende():
    uow = _Uow()
    orden = sobre("EmisionSolicitada")
    error = "reintentos agotados (8): ErrorTransitorio: la TSA no responde (HTTP 503)"
    al_descartar(orden, error, uow)
    [evento] = uow.publicados
    assert evento.numero_solicitud == orden["payload"]["numero_solicitud"]
    assert evento.motivo_falla == MOTIVO_FALLA_TECNICA
    for tecnico in ("Error", "Detalle técnico", "TSA", "HTTP", "reintentos"):
        assert tecnico not in evento.motivo_falla
    assert evento.detalle_tecnico == error
    assert ESQUEMAS[("EmisionFallida", 3)]().validate(evento.payload()) == {}
