"""The base of every API client: thin HTTP calls, the error envelope turned into exceptions.

A frontend holds no domain data: each screen asks the owning service through one of these
clients (one module per service, alphagov/notifications-admin's pattern). The access token comes
from a callable (the signed-in person's, refreshed server-side), never from the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from shared.correlacion import CABECERA_CORRELACION


@dataclass
class ErrorApi(Exception):
    """An API answered with its error envelope {"error": {"codigo","mensaje","campos"}}."""

    estado: int
    codigo: str
    mensaje: str
    campos: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.estado} {self.codigo}: {self.mensaje}"


class NoAutenticadoApi(ErrorApi):
    """401: the token is missing, expired or revoked: the person must sign in again."""


class ApiNoDisponible(ErrorApi):
    """The service could not be reached or failed (5xx): nothing was learnt about the data."""


MENSAJE_NO_DISPONIBLE = (
    "El servicio no está disponible en este momento. Sus datos no se perdieron: "
    "intente nuevamente en unos minutos."
)


class MensajesFallidos:
    """Every service's dead letters (OPERACIONES): mixed into each service's client."""

    def mensajes_fallidos(self, pagina: int = 1, por_pagina: int = 20, pendientes=False) -> dict:
        """Dead letters, newest first (pendientes: not reprocessed yet)."""
        filtro = {"pagina": pagina, "por_pagina": por_pagina}
        if pendientes:
            filtro["pendientes"] = "true"
        return self.get("/mensajes-fallidos", filtro)

    def mensaje_fallido(self, mensaje_id: int) -> dict:
        """One dead letter with its envelope and error."""
        return self.get(f"/mensajes-fallidos/{int(mensaje_id)}")

    def reprocesar_mensaje(self, mensaje_id: int) -> dict:
        """Send one dead letter back to its service's queue (409 if already done)."""
        return self.post(f"/mensajes-fallidos/{int(mensaje_id)}/reproceso")

    def reprocesar_mensajes(self) -> dict:
        """Send every pending dead letter back to its service's queue."""
        return self.post("/mensajes-fallidos/reprocesos", {})


class ClienteApi(MensajesFallidos):
    """Base of the clients: ``self.get/post/put`` on ``base_url`` + ``prefijo`` + path."""

    prefijo = ""

    def __init__(
        self,
        base_url: str,
        token: Callable[[], str | None] | None = None,
        *,
        timeout: float = 15.0,
        correlacion: Callable[[], str | None] | None = None,
        sesion_http: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self._token = token or (lambda: None)
        self._correlacion = correlacion or (lambda: None)
        self.timeout = timeout
        self._http = sesion_http or requests.Session()

    def _cabeceras(self) -> dict[str, str]:
        cabeceras = {"Accept": "application/json"}
        token = self._token()
        if token:
            cabeceras["Authorization"] = "Bearer " + token
        correlacion = self._correlacion()
        if correlacion:
            cabeceras[CABECERA_CORRELACION] = correlacion
        return cabeceras

    def pedir(self, metodo: str, ruta: str, **kwargs) -> requests.Response:
        """One HTTP call; an error envelope or a failure raises ErrorApi."""
        url = f"{self.base_url}{self.prefijo}{ruta}"
        cabeceras = {**self._cabeceras(), **kwargs.pop("headers", {})}
        try:
            respuesta = self._http.request(
                metodo, url, headers=cabeceras, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise ApiNoDisponible(503, "servicio_no_disponible", MENSAJE_NO_DISPONIBLE) from exc
        if respuesta.status_code >= 400:
            raise error_de(respuesta)
        return respuesta

    def get(self, ruta: str, params: dict | None = None) -> dict:
        """GET a JSON document (None values left out of the query)."""
        limpios = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        return self.pedir("GET", ruta, params=limpios).json()

    def post(self, ruta: str, datos: dict | None = None) -> dict:
        """POST JSON; an empty answer (204) is {}."""
        respuesta = self.pedir("POST", ruta, json=datos if datos is not None else {})
        return respuesta.json() if respuesta.content else {}

    def put(self, ruta: str, datos: dict) -> dict:
        """PUT JSON."""
        respuesta = self.pedir("PUT", ruta, json=datos)
        return respuesta.json() if respuesta.content else {}


def error_de(respuesta: requests.Response) -> ErrorApi:
    """The exception an error answer stands for (its envelope when it has one)."""
    try:
        cuerpo = respuesta.json().get("error") or {}
    except (ValueError, AttributeError):
        cuerpo = {}
    estado = respuesta.status_code
    if estado >= 500 or not cuerpo:
        if estado < 500 and estado != 401:
            return ErrorApi(estado, "error", "La petición no fue aceptada.", {})
        if estado >= 500:
            return ApiNoDisponible(estado, "servicio_no_disponible", MENSAJE_NO_DISPONIBLE)
    clase = NoAutenticadoApi if estado == 401 else ErrorApi
    campos = cuerpo.get("campos") or {}
    return clase(
        estado,
        cuerpo.get("codigo", "error"),
        cuerpo.get("mensaje", "La petición no fue aceptada."),
        {k: (v if isinstance(v, list) else [str(v)]) for k, v in campos.items()},
    )
