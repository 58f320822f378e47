"""A batch's preload (RepositorioEmision.precargar): what emitir reads per order comes from one
query per kind, and answers exactly what the per-order queries answer, also after savepoints.

On SQLite (the embedded mode's database): what is checked here is the repository's cache, not
PostgreSQL's locks (tests/integration/test_consumo_por_lotes.py runs a batch on PostgreSQL).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, event

from services.emision.adapters import orm
from services.emision.domain.modelo import Certificado, RegistroLocal
from services.emision.service_layer.unit_of_work import UnidadDeTrabajoEmision
from shared.db import crear_session_factory

NIVEL = "SECUNDARIA"
DNIS = ["40000001", "40000002", "40000003"]


def _cert(numero: int, dni: str, lista: int = 1, indice: int | None = None) -> Certificado:
    return Certificado(
        f"C{numero:015d}",
        numero,
        "DNI",
        dni,
        NIVEL,
        "0584714",
        "0",
        1,
        {"numero_solicitud": numero},
        "a" * 64,
        "k1",
        "b" * 64,
        datetime(2026, 3, 1, tzinfo=UTC),
        lista_estado=lista,
        indice_estado=numero if indice is None else indice,
    )


@pytest.fixture
def fabrica():
    orm.iniciar_mapeos()
    engine = create_engine("sqlite://")
    orm.metadata.create_all(engine)
    fabrica = crear_session_factory(engine)
    with UnidadDeTrabajoEmision(fabrica) as uow:
        for dni in DNIS:
            uow.emision.agregar(RegistroLocal("DNI", dni, NIVEL, 1, "COMPLETA", {}, {}))
        uow.emision.agregar(_cert(1, DNIS[0]))  # the first student already has a current CE
        uow.commit()
    yield engine, fabrica
    engine.dispose()


# The orders of one batch: (numero_solicitud, tipo, número, nivel).
PEDIDOS = [(1, "DNI", DNIS[0], NIVEL), (2, "DNI", DNIS[1], NIVEL), (3, "DNI", DNIS[2], NIVEL)]


def _respuestas(uow) -> dict:
    """What emitir asks the repository for each order of the batch."""
    r = uow.emision
    return {
        "certificados": [
            getattr(r.certificado_de_solicitud(n), "codigo_virtual", None) for n, *_ in PEDIDOS
        ],
        "vigentes": [[c.codigo_virtual for c in r.vigentes_de(*p[1:])] for p in PEDIDOS],
        "registros": [r.registro(*p[1:]).numero_documento for p in PEDIDOS],
        "lista": r.lista_en_uso(),
    }


class Sentencias:
    def __init__(self, engine):
        self.engine, self.lista = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._anotar)
        return self.lista

    def __exit__(self, *_):
        event.remove(self.engine, "before_cursor_execute", self._anotar)

    def _anotar(self, _conn, _cursor, sql, *_args):
        self.lista.append(sql)


def test_precargado_responde_lo_mismo_sin_volver_a_la_base(fabrica):
    engine, fabrica = fabrica
    with UnidadDeTrabajoEmision(fabrica) as uow, Sentencias(engine) as sin_precarga:
        esperado = _respuestas(uow)
    with UnidadDeTrabajoEmision(fabrica) as uow:
        with Sentencias(engine) as precarga:
            uow.emision.precargar(PEDIDOS)
        with Sentencias(engine) as despues:
            obtenido = _respuestas(uow)
    assert obtenido == esperado
    assert esperado["certificados"] == ["C000000000000001", None, None]
    assert esperado["vigentes"] == [["C000000000000001"], [], []]
    # Certificates by request, current ones, records, status list (max + count): one each.
    assert len(precarga) == 5
    assert despues == []
    assert len(sin_precarga) > 3 * len(PEDIDOS)


def test_lo_agregado_en_el_lote_se_ve_y_lo_deshecho_en_su_savepoint_no(fabrica):
    _engine, fabrica = fabrica
    with UnidadDeTrabajoEmision(fabrica) as uow:
        uow.emision.precargar(PEDIDOS)
        with uow.parcial():  # the second order issues its CE
            uow.emision.agregar(_cert(2, DNIS[1]))
        with pytest.raises(RuntimeError), uow.parcial():  # the third fails after adding its CE
            uow.emision.agregar(_cert(3, DNIS[2]))
            raise RuntimeError("disco lleno")
        with pytest.raises(RuntimeError), uow.parcial():  # one supersedes the first, then fails
            [anterior] = uow.emision.vigentes_de("DNI", DNIS[0], NIVEL)
            anterior.sustituir("C000000000000009", "c" * 64)
            uow.emision.agregar(_cert(9, DNIS[0]))
            raise RuntimeError("disco lleno")
        obtenido = _respuestas(uow)
        uow.commit()
    with UnidadDeTrabajoEmision(fabrica) as uow:  # what the database says, read per order
        esperado = _respuestas(uow)
    assert obtenido == esperado
    assert esperado["certificados"] == ["C000000000000001", "C000000000000002", None]
    assert esperado["vigentes"] == [["C000000000000001"], ["C000000000000002"], []]
    assert esperado["lista"] == (1, 2)


def test_una_lista_llena_en_el_lote_pasa_a_la_siguiente(fabrica):
    _engine, fabrica = fabrica
    with UnidadDeTrabajoEmision(fabrica) as uow:
        uow.emision.precargar(PEDIDOS)
        uow.emision.agregar(_cert(2, DNIS[1], lista=2, indice=5))
        uow.session.flush()
        assert uow.emision.lista_en_uso() == (2, 1)
        uow.commit()
    with UnidadDeTrabajoEmision(fabrica) as uow:
        assert uow.emision.lista_en_uso() == (2, 1)


def test_las_posiciones_precargadas_son_libres_y_se_dan_una_vez(fabrica):
    _engine, fabrica = fabrica
    with UnidadDeTrabajoEmision(fabrica) as uow:
        uow.emision.precargar(PEDIDOS)
        # Position 1 of list 1 is the existing certificate's.
        uow.emision.precargar_posiciones(1, [7, 1, 42])
        dadas = [uow.emision.posicion_precargada(1) for _ in range(3)]
        assert dadas == [7, 42, None]  # in the order drawn, the taken one left out
        assert uow.emision.posicion_precargada(2) is None  # another list: drawn one by one


def test_sin_precarga_las_posiciones_se_sortean_una_a_una(fabrica):
    _engine, fabrica = fabrica
    with UnidadDeTrabajoEmision(fabrica) as uow:
        uow.emision.precargar_posiciones(1, [7])  # no batch: nothing kept
        assert uow.emision.posicion_precargada(1) is None
