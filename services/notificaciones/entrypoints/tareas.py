"""The worker's task behind resends and replays: `notificaciones.enviar_correos` (ids only)."""

from __future__ import annotations

from celery import Celery
from flask import Flask, current_app

from services.notificaciones.service_layer import envio
from shared.consumidor import espera_con_jitter

TAREA_ENVIAR = "notificaciones.enviar_correos"
COLA = "notificaciones"


def encolador(celery: Celery):
    """``encolar(ids)``: one task for a batch of emails, on the notificaciones queue."""

    def encolar(ids: list[int]) -> None:
        celery.send_task(TAREA_ENVIAR, args=[list(ids)], queue=COLA)

    return encolar


def registrar_tareas(app: Flask) -> None:
    """Register the send task; acks late, bounded retries with exponential backoff + jitter."""
    ctx = app.extensions["mc"]

    @ctx.celery.task(
        name=TAREA_ENVIAR,
        shared=False,  # this app's task only (see shared.bus.registrar_consumidor)
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        # The bound that counts is each email's own (MAX_REINTENTOS, then FALLIDO); this one
        # only stops a task that would otherwise retry for ever.
        max_retries=ctx.config.max_reintentos + 1,
    )
    def enviar_correos(self, ids: list[int]) -> int:
        with ctx.uow_factory() as uow:
            pendientes = envio.enviar(uow, ids, current_app.extensions["notificaciones"])
        if pendientes:
            raise self.retry(args=[pendientes], countdown=espera_con_jitter(self.request.retries))
        return len(ids)
