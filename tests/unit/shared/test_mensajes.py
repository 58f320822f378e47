"""Typed events: one dataclass per published schema, each round-tripping through its schema."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import pytest

from shared import mensajes
from shared.eventos import ESQUEMAS, VERSIONES
from tests.unit.shared.test_eventos import PAYLOADS


def test_cada_esquema_publicado_tiene_su_dataclass_y_ninguna_sobra():
    assert set(mensajes.MENSAJES) == set(VERSIONES)
    for tipo, clase in mensajes.MENSAJES.items():
        assert clase.version == VERSIONES[tipo], tipo


@pytest.mark.parametrize("tipo", sorted(mensajes.MENSAJES))
def test_la_dataclass_tiene_los_campos_de_su_esquema(tipo):
    clase = mensajes.MENSAJES[tipo]
    esquema = ESQUEMAS[(tipo, clase.version)]()
    assert {f.name for f in fields(clase)} == set(esquema.fields), tipo


@pytest.mark.parametrize("tipo", sorted(mensajes.MENSAJES))
def test_ida_y_vuelta_por_el_esquema(tipo):
    clase = mensajes.MENSAJES[tipo]
    esquema = ESQUEMAS[(tipo, clase.version)]()
    evento = clase.de_payload(PAYLOADS[tipo])
    payload = evento.payload()
    assert payload == PAYLOADS[tipo]  # the wire format producers wrote before the dataclasses
    assert esquema.validate(payload) == {}
    assert clase.de_payload(esquema.load(payload)) == evento  # what a consumer rebuilds


def test_las_fechas_viajan_en_iso_con_zona_y_vuelven_como_datetime():
    evento = mensajes.mensaje_de("CertificadoAnulado", PAYLOADS["CertificadoAnulado"])
    assert isinstance(evento.anulado_en, datetime) and evento.anulado_en.tzinfo is not None
    assert evento.payload()["anulado_en"] == PAYLOADS["CertificadoAnulado"]["anulado_en"]


def test_un_opcional_ausente_no_aparece_en_el_payload():
    sin_apoderado = {k: v for k, v in PAYLOADS["SolicitudRegistrada"].items()}
    sin_apoderado.pop("correo_apoderado", None)
    evento = mensajes.SolicitudRegistrada.de_payload(sin_apoderado)
    assert evento.correo_apoderado is None
    assert "correo_apoderado" not in evento.payload()


def test_un_campo_obligatorio_que_falta_no_construye_el_evento():
    incompleto = {k: v for k, v in PAYLOADS["EmisionFallida"].items() if k != "motivo_falla"}
    with pytest.raises(TypeError, match="motivo_falla"):
        mensajes.EmisionFallida.de_payload(incompleto)
