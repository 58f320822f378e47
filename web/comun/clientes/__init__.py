"""One API client per service (typed thin methods over ClienteApi.get/post/put)."""

from web.comun.clientes.base import ApiNoDisponible, ClienteApi, ErrorApi, NoAutenticadoApi

__all__ = ["ApiNoDisponible", "ClienteApi", "ErrorApi", "NoAutenticadoApi"]
