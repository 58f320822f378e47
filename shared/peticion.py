"""What a view reads from its application (set up by ``shared.web.crear_app_servicio``)."""

from __future__ import annotations

from flask import current_app


def contexto():
    """The service's ``shared.web.Contexto``: config, engine, unit of work factory, Celery."""
    return current_app.extensions["mc"]


def dependencias():
    """The service's dependencies object, kept by its factory under the service's name."""
    return current_app.extensions[current_app.extensions["mc"].config.servicio]


def uow():
    """A fresh unit of work of the service answering this request."""
    return current_app.extensions["mc"].uow_factory()
