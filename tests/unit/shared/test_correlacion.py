"""The correlation id: stamped on committed events, inherited by handlers, carried by tasks."""

from __future__ import annotations

import logging

from celery import Celery
from celery.worker.request import Request
from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.orm import sessionmaker

from shared import correlacion
from shared.bus import CABECERA_TAREA, PublicadorCelery, TareaConCorrelacion
from shared.consumidor import procesar_mensaje
from shared.db import tablas_infraestructura
from shared.eventos import Evento
from shared.unit_of_work import UnidadDeTrabajo


def _enviado(n: int = 1) -> Evento:
    return Evento("CorreoEnviado", {"correo_id": n, "plantilla": "acuse", "referencia": "X"})


def _fabrica():
    engine = create_engine("sqlite://")
    tablas = tablas_infraestructura(MetaData())
    next(iter(tablas.values())).metadata.create_all(engine)
    sesiones = sessionmaker(engine)
    return engine, tablas, lambda: UnidadDeTrabajo(sesiones, "notificaciones", tablas)


def _sobres(engine, tablas) -> list[dict]:
    with engine.connect() as conn:
        return [f.sobre for f in conn.execute(select(tablas["outbox"].c.sobre))]


def test_la_unidad_de_trabajo_sella_cada_evento_con_la_correlacion_actual():
    engine, tablas, uow = _fabrica()
    with correlacion.en("abc-123"), uow() as u:
        u.publicar(_enviado(1))
        u.publicar(_enviado(2))
        u.commit()
    with uow() as u:  # nothing caused it: the event starts its own chain
        suelto = _enviado(3)
        u.publicar(suelto)
        u.commit()
    ids = sorted(s["correlation_id"] for s in _sobres(engine, tablas))
    assert ids == sorted(["abc-123", "abc-123", suelto.id])


def test_lo_que_publica_un_manejador_hereda_la_correlacion_del_mensaje():
    engine, tablas, uow = _fabrica()
    recibido = {**_enviado(1).sobre("notificaciones"), "correlation_id": "abc-123"}

    def manejador(_evento, u):
        u.publicar(_enviado(2))

    assert procesar_mensaje(recibido, {"CorreoEnviado": manejador}, uow) == "procesado"
    assert [s["correlation_id"] for s in _sobres(engine, tablas)] == ["abc-123"]
    assert correlacion.actual() is None  # nothing leaks to what runs next


def _celery() -> Celery:
    app = Celery("prueba", broker="memory://", task_cls=TareaConCorrelacion, set_as_current=False)
    app.conf.task_default_queue = "prueba"
    return app


def _recibir(app: Celery):
    with app.connection_for_read() as conn:
        return conn.SimpleQueue("prueba").get(timeout=2)


def test_una_tarea_lleva_la_correlacion_de_quien_la_envio_y_corre_con_ella():
    app = _celery()

    @app.task(name="prueba.ver", bind=True, shared=False)
    def ver(self):
        return correlacion.actual()

    with correlacion.en("abc-123"):
        app.send_task("prueba.ver", queue="prueba")
    mensaje = _recibir(app)
    assert mensaje.headers[CABECERA_TAREA] == "abc-123"
    assert Request(mensaje, app=app, task=ver).execute() == "abc-123"


def test_el_evento_viaja_al_broker_con_su_correlacion_en_la_cabecera():
    app = _celery()
    sobre = {**_enviado().sobre("notificaciones"), "correlation_id": "abc-123"}
    PublicadorCelery(app).enviar("prueba", sobre)
    assert _recibir(app).headers[CABECERA_TAREA] == "abc-123"


def test_cada_linea_de_log_lleva_la_correlacion_y_la_peticion():
    filtro = correlacion.FiltroCorrelacion()
    registro = logging.LogRecord("x", logging.INFO, __file__, 1, "hola", (), None)
    with correlacion.en("abc-123", "req-9"):
        filtro.filter(registro)
    assert (registro.correlation_id, registro.request_id) == ("abc-123", "req-9")
    filtro.filter(registro)
    assert (registro.correlation_id, registro.request_id) == ("-", "-")


def test_un_id_con_caracteres_de_control_o_demasiado_largo_no_viaja():
    assert correlacion.es_valido("abc-123") and correlacion.es_valido("0f3a" * 8)
    assert not correlacion.es_valido("abc\r\nX-Falso: 1")
    assert not correlacion.es_valido("a" * 129)
    assert not correlacion.es_valido("")
