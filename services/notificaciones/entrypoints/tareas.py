"""The worker's task behind resends, replays and retries: `notificaciones.enviar_correos` (ids)."""

from __future__ import annotations

from celery import Celery
from flask import Flask, current_app

from services.notificaciones.service_layer import envio

TAREA_ENVIAR = "notificaciones.enviar_correos"
COLA = "notificaciones"


def encolador(celery: Celery):
    """``encolar(ids)``: one task for a batch of emails, on the notificaciones queue."""

    def encolar(ids: list[int]) -> None:
        celery.send_task(TAREA_ENVIAR, args=[list(ids)], queue=COLA)

    return encolar


def registrar_tareas(app: Flask) -> None:
    """Register the send task: acks late, one attempt per email.

    No Celery retry: a transient failure schedules the email's next attempt in the database
    and the sweeper (``barrido``, in ``mc relay``) queues it when due.
    """
    ctx = app.extensions["mc"]

    @ctx.celery.task(
        name=TAREA_ENVIAR,
        shared=False,  # this app's task only (see shared.bus.registrar_consumidor)
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
    )
    def enviar_correos(self, ids: list[int]) -> int:
        with ctx.uow_factory() as uow:
            pendientes = envio.enviar(uow, ids, current_app.extensions["notificaciones"])
        return len(ids) - len(pendientes)
