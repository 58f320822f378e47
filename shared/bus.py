"""Celery wiring: one app per service, explicit queue and task names, the event consumer task."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import Celery, Task
from celery.signals import before_task_publish, worker_init, worker_process_shutdown
from celery_batches import Batches
from kombu import Connection, Queue

from shared import correlacion, metricas
from shared.config import Config
from shared.consumidor import (
    AlDescartar,
    Entrega,
    Manejador,
    Precarga,
    Reintentar,
    espera_con_jitter,
    procesar_lote,
    procesar_mensaje,
)

# The task header that carries the correlation id ("correlation_id" is Celery's own, the task id).
CABECERA_TAREA = "mc_correlation_id"


@before_task_publish.connect
def _poner_correlacion(headers=None, **_kwargs) -> None:
    """Every task sent while handling something carries its correlation id."""
    cid = correlacion.actual()
    if cid and headers is not None:
        headers.setdefault(CABECERA_TAREA, cid)


@worker_init.connect
def _metricas_del_worker(sender=None, **_kwargs) -> None:
    """A service's worker serves its metrics (all its prefork children) on a port of its own."""
    servicio = getattr(getattr(sender, "app", None), "main", None)
    if servicio:
        metricas.servir(f"worker-{servicio}", servicio)


@worker_process_shutdown.connect
def _hijo_terminado(pid=None, **_kwargs) -> None:
    metricas.proceso_terminado(pid or os.getpid())


class TareaConCorrelacion(Task):
    """A task runs with the correlation id it was sent with."""

    def __call__(self, *args, **kwargs):
        # self.run, not Task.__call__: that would push a new request and lose the worker's
        # (retries, headers).
        with (
            correlacion.en(_correlacion_de(self.request)),
            correlacion.con_mensaje(self.request.id),
        ):
            return self.run(*args, **kwargs)


def _correlacion_de(peticion) -> str | None:
    cid = getattr(peticion, CABECERA_TAREA, None) or (peticion.headers or {}).get(CABECERA_TAREA)
    return cid if correlacion.es_valido(cid) else None


def nombre_tarea_eventos(servicio: str) -> str:
    """The task that receives events on a service's queue: 'notificaciones.recibir_evento'."""
    return f"{servicio}.recibir_evento"


def configuracion_celery(config: Config) -> dict:
    """Celery settings shared by every service."""
    filesystem = config.broker_url.startswith("filesystem")
    return {
        "broker_url": config.broker_url,
        "broker_transport_options": config.broker_transport_options,
        "broker_connection_retry_on_startup": True,
        "task_ignore_result": True,  # nothing reads results: no result backend
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        # A batched consumer (lote > 1) keeps one batch per process on hand, no more: what a
        # killed worker had taken comes back, and memory does not grow with the queue.
        "worker_prefetch_multiplier": max(config.lote_consumo, 1),
        "task_default_queue": config.servicio,
        "task_queues": (Queue(config.servicio, durable=True),),
        "task_create_missing_queues": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
        # The filesystem transport has no broadcast worth paying for in embedded mode.
        "worker_enable_remote_control": not filesystem,
        "task_always_eager": False,
    }


def crear_celery(config: Config, flask_app=None) -> Celery:
    """A Celery app for ``config.servicio``; tasks run inside the Flask app context if given."""
    if flask_app is not None:

        class FlaskTask(TareaConCorrelacion):
            def __call__(self, *args, **kwargs):
                with flask_app.app_context():
                    return super().__call__(*args, **kwargs)

        app = Celery(config.servicio, task_cls=FlaskTask, set_as_current=False)
        flask_app.extensions["celery"] = app
    else:
        app = Celery(config.servicio, task_cls=TareaConCorrelacion, set_as_current=False)
    app.conf.update(configuracion_celery(config))
    return app


def registrar_consumidor(
    celery_app: Celery,
    servicio: str,
    manejadores: dict[str, Manejador],
    uow_factory: Callable[[], object],
    max_reintentos: int = 8,
    al_descartar: AlDescartar | None = None,
    lote: int = 1,
    precargar: Precarga | None = None,
):
    """Register '<servicio>.recibir_evento': idempotent, acks late, bounded retries.

    With ``lote`` > 1 the messages are taken in batches of up to that many (celery-batches),
    each batch handled in one transaction (``procesar_lote``, with the service's ``precargar``).
    """
    if lote > 1:
        return _registrar_lote(
            celery_app,
            servicio,
            manejadores,
            uow_factory,
            max_reintentos,
            al_descartar,
            lote,
            precargar,
        )

    @celery_app.task(
        name=nombre_tarea_eventos(servicio),
        # Celery's default (shared=True) would also add this task to every other Celery app
        # finalized later in the process, where it would run against the wrong service.
        shared=False,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=None,  # the bound is procesar_mensaje's: it dead-letters at max_reintentos
    )
    def recibir_evento(self, sobre):
        intento = self.request.retries
        try:
            resultado = procesar_mensaje(
                sobre, manejadores, uow_factory, intento, max_reintentos, al_descartar
            )
        except Exception as exc:  # never let Celery drop an acks-late message on failure
            resultado = Reintentar(espera_con_jitter(intento), f"{type(exc).__name__}: {exc}")
        metricas.contar_consumo(servicio, sobre, resultado)
        if isinstance(resultado, Reintentar):
            raise self.retry(countdown=resultado.espera)
        return resultado

    return recibir_evento


# A batch goes to a process when it is full or, a message arriving alone, after this long (s).
ESPERA_LOTE = 0.05


def _registrar_lote(
    celery_app: Celery,
    servicio: str,
    manejadores: dict[str, Manejador],
    uow_factory: Callable[[], object],
    max_reintentos: int,
    al_descartar: AlDescartar | None,
    lote: int,
    precargar: Precarga | None,
):
    """The event task as a batch task: acked late, after the whole batch was answered.

    A message to retry is sent again (its countdown, its try count + 1) before the batch is
    acknowledged, as Celery's own retry does; a worker killed mid-batch acknowledges nothing,
    so the broker hands the whole batch out again and the processed-message records make the
    redelivery harmless.
    """

    class TareaLote(Batches, celery_app.Task):
        flush_every = lote
        flush_interval = ESPERA_LOTE

    @celery_app.task(
        name=nombre_tarea_eventos(servicio),
        base=TareaLote,
        shared=False,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
    )
    def recibir_evento(self, peticiones):
        entregas = [
            Entrega(p.args[0] if p.args else None, (p.request_dict or {}).get("retries") or 0)
            for p in peticiones
        ]
        try:
            resultados = procesar_lote(
                entregas, manejadores, uow_factory, max_reintentos, al_descartar, precargar
            )
        except Exception as exc:  # never let a batch be acknowledged unanswered
            motivo = f"{type(exc).__name__}: {exc}"
            resultados = [Reintentar(espera_con_jitter(e.intento), motivo) for e in entregas]
        for peticion, entrega, resultado in zip(peticiones, entregas, resultados, strict=True):
            metricas.contar_consumo(servicio, entrega.sobre, resultado)
            if isinstance(resultado, Reintentar):
                _reenviar(celery_app, servicio, peticion, entrega, resultado.espera)
        return len(resultados)

    return recibir_evento


def _reenviar(celery_app: Celery, servicio: str, peticion, entrega: Entrega, espera: float):
    """The same message again after ``espera`` seconds, one try more (what Task.retry sends)."""
    cabeceras = peticion.request_dict or {}
    celery_app.send_task(
        nombre_tarea_eventos(servicio),
        args=[entrega.sobre],
        queue=servicio,
        task_id=peticion.id,
        countdown=espera,
        retries=entrega.intento + 1,
        headers={CABECERA_TAREA: cabeceras.get(CABECERA_TAREA)},
    )


def profundidad_de_colas(config: Config, colas: tuple[str, ...]) -> metricas.Consulta:
    """Messages waiting in each service's queue, asked of the broker at scrape time."""

    def leer():
        filas = []
        with Connection(config.broker_url, transport_options=config.broker_transport_options) as c:
            for cola in colas:
                try:
                    filas.append((cola, c.default_channel.queue_declare(cola, passive=True)[1]))
                except Exception:  # Redis has no key for an empty queue; AMQP: not declared yet
                    filas.append((cola, 0))
        return filas

    return metricas.Consulta(
        "mc_cola_mensajes", "Mensajes esperando en la cola de cada servicio.", ["cola"], leer
    )


class PublicadorCelery:
    """Sends an envelope to a subscriber's durable queue as its event task."""

    def __init__(self, celery_app: Celery):
        self._app = celery_app
        self._productor = None

    @contextmanager
    def en_lote(self) -> Iterator[None]:
        """Sends inside the block go out together when it ends (one Redis pipeline).

        kombu's ``Producer.batch``: on Redis the LPUSHes are pipelined (one round trip for the
        relay's batch instead of one per message); brokers without batches send at once. If the
        flush fails the block raises, so the relay marks nothing sent and tries again.
        """
        with self._app.producer_or_acquire() as productor, productor.batch():
            self._productor = productor
            try:
                yield
            finally:
                self._productor = None

    def enviar(self, servicio_destino: str, sobre: dict) -> None:
        self._app.send_task(
            nombre_tarea_eventos(servicio_destino),
            args=[sobre],
            queue=servicio_destino,
            task_id=f"{sobre['id']}:{servicio_destino}",
            headers={CABECERA_TAREA: sobre.get("correlation_id")},
            producer=self._productor,
            # Celery would otherwise saferepr() the whole envelope into the message's headers
            # for its logs and monitors, the relay's biggest cost per event (profile in #17);
            # the type and id say which event it is, without the citizen's data in a header.
            argsrepr=f"[{sobre['type']} {sobre['id']}]",
            kwargsrepr="{}",
        )
