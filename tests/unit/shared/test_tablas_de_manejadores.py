"""Handler tables: keyed by event type, one per event routed to the service, one signature."""

from __future__ import annotations

import importlib
import inspect

import pytest

from shared import mensajes
from shared.consumidor import comprobar_tabla, tipo_de

SERVICIOS_CON_EVENTOS = ("cuentas", "emision", "notificaciones", "solicitudes", "verificacion")


def _tabla(servicio: str) -> dict:
    return importlib.import_module(f"services.{servicio}.service_layer.handlers").MANEJADORES


@pytest.mark.parametrize("servicio", SERVICIOS_CON_EVENTOS)
def test_cada_evento_que_recibe_el_servicio_tiene_su_manejador(servicio):
    comprobar_tabla(servicio, _tabla(servicio))  # raises naming what is missing or extra


@pytest.mark.parametrize("servicio", SERVICIOS_CON_EVENTOS)
def test_todo_manejador_de_eventos_recibe_evento_uow_y_dependencias(servicio):
    for tipo, manejador in _tabla(servicio).items():
        parametros = list(inspect.signature(manejador).parameters.values())
        assert len(parametros) == 3, f"{servicio} {tipo}: {manejador.__name__}{parametros}"
        assert parametros[0].name == "evento", f"{servicio} {tipo}: {manejador.__name__}"


def test_una_tabla_incompleta_o_de_mas_no_arranca():
    tabla = dict(_tabla("verificacion"))
    del tabla[mensajes.CertificadoAnulado]
    with pytest.raises(RuntimeError, match="sin manejador para \\['CertificadoAnulado'\\]"):
        comprobar_tabla("verificacion", tabla)
    with pytest.raises(RuntimeError, match="que no recibe: \\['EmisionSolicitada'\\]"):
        comprobar_tabla(
            "verificacion", {**_tabla("verificacion"), mensajes.EmisionSolicitada: print}
        )


@pytest.mark.parametrize("servicio", SERVICIOS_CON_EVENTOS)
def test_las_tablas_se_indexan_por_la_dataclass_del_evento(servicio):
    for clave in _tabla(servicio):
        assert clave is mensajes.MENSAJES[tipo_de(clave)], f"{servicio}: {clave!r}"
