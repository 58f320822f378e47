"""The unit of work writes what its aggregates recorded to the outbox, once, at commit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.orm import registry, sessionmaker

from shared.db import tablas_infraestructura
from shared.mensajes import EmisionFallida, RegistraEventos
from shared.unit_of_work import UnidadDeTrabajo


class Pedido(RegistraEventos):
    def __init__(self, numero: int):
        self.numero = numero

    def fallar(self, motivo: str) -> None:
        self.registrar(EmisionFallida(numero_solicitud=self.numero, motivo_falla=motivo))


@pytest.fixture(scope="module")
def fabrica():
    metadata = MetaData()
    tablas = tablas_infraestructura(metadata)
    pedidos = Table("pedidos", metadata, Column("numero", Integer, primary_key=True),
                    Column("nota", String(20)))  # fmt: skip
    mapeador = registry()
    mapeador.map_imperatively(Pedido, pedidos)
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    yield sessionmaker(engine), tablas
    mapeador.dispose()


def _outbox(uow) -> list[dict]:
    return [f.sobre for f in uow.session.execute(select(uow.tablas["outbox"])).all()]


def test_un_evento_registrado_por_un_agregado_cargado_va_al_outbox_al_confirmar(fabrica):
    session_factory, tablas = fabrica
    with UnidadDeTrabajo(session_factory, "pruebas", tablas) as uow:
        uow.session.add(Pedido(7))
        uow.commit()
    with UnidadDeTrabajo(session_factory, "pruebas", tablas) as uow:
        uow.session.get(Pedido, 7).fallar("registro incompleto")
        uow.commit()
        uow.commit()  # a second commit writes nothing again
        [sobre] = _outbox(uow)
    assert sobre["type"] == "EmisionFallida" and sobre["version"] == 3
    assert sobre["payload"] == {"numero_solicitud": 7, "motivo_falla": "registro incompleto"}
    assert datetime.fromisoformat(sobre["occurred_at"]) <= datetime.now(UTC)


def test_lo_registrado_en_una_transaccion_deshecha_no_se_publica(fabrica):
    session_factory, tablas = fabrica
    with UnidadDeTrabajo(session_factory, "pruebas", tablas) as uow:
        uow.session.execute(tablas["outbox"].delete())
        uow.session.add(Pedido(8))
        uow.commit()
    with UnidadDeTrabajo(session_factory, "pruebas", tablas) as uow:
        pedido = uow.session.get(Pedido, 8)
        pedido.fallar("se deshace")
        uow.rollback()
        uow.commit()
        assert _outbox(uow) == [] and pedido.eventos == []
