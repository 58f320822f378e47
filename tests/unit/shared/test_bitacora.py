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


def test_los_extras_de_una_biblioteca_no_llegan_al_log():
    salida = io.StringIO()
    handler = logging.StreamHandler(salida)
    handler.setFormatter(bitacora.formateador())
    logger = logging.getLogger("prueba.extras")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    logger.propagate = False
    try:  # as Celery logs a task: its arguments travel in ``data``
        logger.info(
            "Task x received", extra={"data": {"args": "[{'numero_documento': '72527431'}]"}}
        )
        try:
            raise ValueError("roto")
        except ValueError:
            logger.exception("falló")
    finally:
        logger.removeHandler(handler)
    recibido, fallo = (json.loads(x) for x in salida.getvalue().splitlines())
    assert "data" not in recibido and "72527431" not in salida.getvalue()
    assert "ValueError: roto" in fallo["exc_info"]


def test_el_detalle_de_un_error_de_base_de_datos_no_muestra_los_valores():
    linea = _linea(
        "falló: %s",
        'duplicate key value violates unique constraint "registros_pkey"\n'
        "DETAIL:  Key (tipo_documento, numero_documento, nivel)=(DNI, 72527431, SECUNDARIA) "
        "already exists.",
    )
    assert "72527431" not in linea["message"]
    assert "Key (tipo_documento, numero_documento, nivel)=(***)" in linea["message"]


def test_si_su_stderr_se_cierra_el_log_sigue_en_el_stderr_actual(monkeypatch):
    primero, segundo = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stderr", primero)
    handler = bitacora.SalidaDeErrores()  # bound to the stderr it was created with
    handler.setFormatter(bitacora.formateador())
    registro = logging.LogRecord("x", logging.INFO, __file__, 1, "hola", (), None)
    handler.emit(registro)
    assert json.loads(primero.getvalue())["message"] == "hola"
    primero.close()  # as pytest closes a test's captured stream
    monkeypatch.setattr("sys.stderr", segundo)
    handler.emit(registro)
    assert json.loads(segundo.getvalue())["message"] == "hola"
