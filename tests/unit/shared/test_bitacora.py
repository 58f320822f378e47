"""Structured logs (issue 15): one JSON object per line, with the service and its ids."""

from __future__ import annotations

import io
import json
import logging

from shared import bitacora, correlacion


def _linea(mensaje: str, *args) -> dict:
    salida = io.StringIO()
    handler = logging.StreamHandler(salida)
    handler.setFormatter(bitacora.formateador())
    handler.addFilter(correlacion.FiltroCorrelacion())
    handler.addFilter(bitacora.FiltroServicio("notificaciones"))
    logger = logging.getLogger("prueba.bitacora")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning(mensaje, *args)
    finally:
        logger.removeHandler(handler)
    [linea] = salida.getvalue().splitlines()
    return json.loads(linea)


def test_cada_linea_es_un_objeto_json_con_el_servicio_y_los_tres_ids():
    with correlacion.en("corr-1", "req-1"), correlacion.con_mensaje("msg-1"):
        linea = _linea("correo %s enviado", 12)
    assert linea["message"] == "correo 12 enviado"
    assert (linea["servicio"], linea["nivel"], linea["logger"]) == (
        "notificaciones",
        "WARNING",
        "prueba.bitacora",
    )
    assert (linea["correlation_id"], linea["request_id"], linea["message_id"]) == (
        "corr-1",
        "req-1",
        "msg-1",
    )
    assert "fecha" in linea


def test_sin_peticion_ni_mensaje_los_ids_son_un_guion_y_las_direcciones_van_enmascaradas():
    linea = _linea("rebote de %s", "vanessa.flores@example.pe")
    assert (linea["correlation_id"], linea["request_id"], linea["message_id"]) == ("-", "-", "-")
    assert "vanessa.flores@example.pe" not in linea["message"]
    assert linea["message"].endswith("@example.pe")
