"""The left menu of the seed's screens, by role."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

STAFF = ("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")  # the roles the panel admits
ADMINISTRA = ("DIRECTOR_IE", "ESPECIALISTA_UGEL")


@dataclass(frozen=True)
class Opcion:
    etiqueta: str
    endpoint: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grupo:
    etiqueta: str
    opciones: tuple[Opcion, ...]


MENU = (
    Opcion("Inicio", "inicio.inicio"),
    Grupo(
        "Configuración",
        (
            Opcion("Habilitar solicitud", "configuracion.habilitar", ADMINISTRA),
            Opcion("Taller institución", "configuracion.talleres", ADMINISTRA),
            Opcion("Parámetros", "configuracion.parametros", ADMINISTRA),
        ),
    ),
    Grupo(
        "Emisión directa",
        (
            Opcion("Búsqueda de estudiantes", "emision_directa.busqueda", ("DIRECTOR_IE",)),
            Opcion("Estudiantes actuales", "emision_directa.actuales", ADMINISTRA),
            Opcion("Importar actas (CSV)", "importacion.importar"),
        ),
    ),
    Opcion("Solicitudes pendientes", "solicitudes.pendientes"),
    Opcion("Certificados emitidos", "solicitudes.emitidas"),
    Opcion("Solicitudes rechazadas", "solicitudes.rechazadas"),
    Opcion("Solicitudes para emisión semi-automática", "lotes.semiautomatica"),
)


def visibles(rol: str | None, existe=lambda endpoint: True) -> list:
    """The menu entries ``rol`` may open (empty groups left out)."""
    resultado = []
    for entrada in MENU:
        if isinstance(entrada, Opcion):
            if (not entrada.roles or rol in entrada.roles) and existe(entrada.endpoint):
                resultado.append(entrada)
            continue
        opciones = tuple(
            o for o in entrada.opciones if (not o.roles or rol in o.roles) and existe(o.endpoint)
        )
        if opciones:
            resultado.append(Grupo(entrada.etiqueta, opciones))
    return resultado


def instalar(app) -> None:
    """The menu in every template; the current entry marked aria-current."""

    @app.context_processor
    def _menu():
        from web.comun.personal import cuenta_actual

        cuenta = cuenta_actual()
        existe = app.view_functions.__contains__
        return {
            "menu": visibles(cuenta.get("rol"), existe) if cuenta else [],
            "endpoint_actual": request.endpoint,
        }
