"""Batched consumption on real PostgreSQL: one transaction per batch, a savepoint per message.

What a worker with LOTE_CONSUMO > 1 runs (shared.bus hands ``procesar_lote`` what celery-batches
took off the queue): the good messages of a batch commit together, a bad one neither blocks them
nor leaves anything behind (it is retried or dead-lettered alone), a message twice in a batch or
already processed is applied once.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import MetaData, select, text

from shared import correlacion
from shared.consumidor import Entrega, Reintentar, procesar_lote
from shared.db import tablas_infraestructura
from shared.mensajes import CertificadoEmitido
from shared.unit_of_work import a_evento
from tests.integration import datos

INFRA = tablas_infraestructura(MetaData())
OUTBOX, FALLIDOS = INFRA["outbox"], INFRA["mensajes_fallidos"]


def _ordenes(sistema, cuantas: int) -> list[dict]:
    """``cuantas`` emission orders as solicitudes' outbox holds them (not delivered yet)."""
    ie = datos.institucion()
    numeros = []
    for _ in range(cuantas):
        est = datos.estudiante()
        datos.registrar_todo(sistema, ie, est)
        r = sistema.clientes["solicitudes"].post(
            "/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)
        )
        numeros.append(r.get_json()["numero_solicitud"])
    r = sistema.clientes["solicitudes"].post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": numeros},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    engine = sistema.apps["solicitudes"].extensions["mc"].engine
    with engine.connect() as conn:
        filas = conn.execute(
            select(OUTBOX.c.sobre).where(
                OUTBOX.c.type == "EmisionSolicitada", OUTBOX.c.publicado_en.is_(None)
            )
        ).all()
    ordenes = {f.sobre["payload"]["numero_solicitud"]: f.sobre for f in filas}
    return [ordenes[n] for n in numeros]


def _sin_registro(orden: dict, numero_documento: str) -> dict:
    """An order for a student whose record has not reached emision (another request)."""
    payload = {
        **orden["payload"],
        "numero_documento": numero_documento,
        "numero_solicitud": int(numero_documento),
        "version_registro": 1,
    }
    return {**orden, "id": str(uuid.uuid4()), "payload": payload}


def _emision(sistema):
    return sistema.apps["emision"].extensions["mc"]


def _certificados(ctx, numeros: list[int]) -> dict[int, int]:
    with ctx.engine.connect() as conn:
        filas = conn.execute(
            text(
                "SELECT numero_solicitud, count(*) FROM certificados "
                "WHERE numero_solicitud = ANY(:n) GROUP BY numero_solicitud"
            ),
            {"n": numeros},
        ).all()
    return dict(filas)


def _emitidos(ctx, numeros: list[int]) -> list[dict]:
    with ctx.engine.connect() as conn:
        filas = conn.execute(
            select(OUTBOX.c.sobre).where(OUTBOX.c.type == "CertificadoEmitido")
        ).all()
    return [f.sobre for f in filas if f.sobre["payload"]["numero_solicitud"] in numeros]


@pytest.fixture
def ordenes(sistema_pg):
    return _ordenes(sistema_pg, 3)


def test_un_lote_emite_cada_orden_una_vez_y_el_malo_no_bloquea_al_resto(
    sistema_pg, ordenes, caplog
):
    ctx = _emision(sistema_pg)
    sin_registro = _sin_registro(ordenes[0], "09999999")
    malo = {"id": "no-es-uuid", "type": "EmisionSolicitada", "payload": {}}
    lote = [ordenes[0], ordenes[1], ordenes[1], malo, sin_registro, ordenes[2]]
    caplog.handler.addFilter(correlacion.FiltroCorrelacion())
    with sistema_pg.apps["emision"].app_context(), caplog.at_level(logging.INFO):
        resultados = procesar_lote(
            [Entrega(s) for s in lote],
            ctx.manejadores,
            ctx.uow_factory,
            8,
            ctx.al_descartar,
            ctx.precargar,
        )
    # Each message's outcome is logged with its own message id (and correlation id).
    procesados = [
        r for r in caplog.records if r.getMessage() == "evento EmisionSolicitada: procesado"
    ]
    assert sorted(r.message_id for r in procesados) == sorted(o["id"] for o in ordenes)

    assert resultados[:4] == ["procesado", "procesado", "duplicado", "descartado"]
    assert isinstance(resultados[4], Reintentar)  # its record has not reached emision yet
    assert "aún no llega" in resultados[4].motivo
    assert resultados[5] == "procesado"
    numeros = [o["payload"]["numero_solicitud"] for o in ordenes]
    assert _certificados(ctx, numeros) == {n: 1 for n in numeros}
    # Each certificate's event carries the correlation id of its own order, not the batch's.
    emitidos = _emitidos(ctx, numeros)
    assert sorted((e["payload"]["numero_solicitud"], e["correlation_id"]) for e in emitidos) == (
        sorted((o["payload"]["numero_solicitud"], o["correlation_id"]) for o in ordenes)
    )
    with ctx.engine.connect() as conn:
        fallido = conn.execute(select(FALLIDOS).where(FALLIDOS.c.mensaje_id == "no-es-uuid")).one()
    assert fallido.permanente == 1 and "mensaje inválido" in fallido.error

    # The whole batch delivered again (a killed worker's): nothing is issued twice.
    with sistema_pg.apps["emision"].app_context():
        otra_vez = procesar_lote(
            [Entrega(s) for s in lote],
            ctx.manejadores,
            ctx.uow_factory,
            8,
            ctx.al_descartar,
            ctx.precargar,
        )
    assert [otra_vez[i] for i in (0, 1, 2, 5)] == ["duplicado"] * 4
    assert _certificados(ctx, numeros) == {n: 1 for n in numeros}


def test_el_mensaje_sin_reintentos_va_a_fallidos_y_su_solicitud_pasa_a_error(sistema_pg, ordenes):
    ctx = _emision(sistema_pg)
    sin_registro = _sin_registro(ordenes[0], "09999998")
    with sistema_pg.apps["emision"].app_context():
        resultados = procesar_lote(
            [Entrega(ordenes[1]), Entrega(sin_registro, intento=8)],
            ctx.manejadores,
            ctx.uow_factory,
            8,
            ctx.al_descartar,
        )
    assert resultados == ["procesado", "descartado"]
    with ctx.engine.connect() as conn:
        fallido = conn.execute(
            select(FALLIDOS).where(FALLIDOS.c.mensaje_id == sin_registro["id"])
        ).one()
        fallida = conn.execute(
            select(OUTBOX.c.sobre).where(OUTBOX.c.type == "EmisionFallida")
        ).all()
    assert fallido.permanente == 0 and "reintentos agotados" in fallido.error
    numero = sin_registro["payload"]["numero_solicitud"]
    # Its request will say ERROR (other tests of the session left theirs in this outbox too).
    assert [f for f in fallida if f.sobre["payload"]["numero_solicitud"] == numero]


def test_lo_que_escribio_un_mensaje_que_falla_se_deshace_solo(sistema_pg):
    """A handler that fails after writing: its savepoint is rolled back, the others commit."""
    app = sistema_pg.apps["verificacion"]
    ctx = app.extensions["mc"]
    emitido = ctx.manejadores["CertificadoEmitido"]
    codigos = [f"{uuid.uuid4().hex[:16].upper()}" for _ in range(3)]

    def falla_en_el_segundo(evento, uow):
        emitido(evento, uow)
        uow.session.flush()  # its row is written, inside its savepoint
        if evento.payload["codigo_virtual"] == codigos[1]:
            raise RuntimeError("disco lleno")

    manejadores = {**ctx.manejadores, "CertificadoEmitido": falla_en_el_segundo}
    sobres = [
        a_evento(CertificadoEmitido(**_emitido(codigo))).sobre("emision") for codigo in codigos
    ]
    with app.app_context():
        resultados = procesar_lote([Entrega(s) for s in sobres], manejadores, ctx.uow_factory)
    assert resultados[0] == resultados[2] == "procesado"
    assert isinstance(resultados[1], Reintentar) and "disco lleno" in resultados[1].motivo
    with ctx.engine.connect() as conn:
        guardados = conn.execute(
            text("SELECT codigo_virtual FROM certificados WHERE codigo_virtual = ANY(:c)"),
            {"c": codigos},
        ).scalars()
        procesados = conn.execute(
            select(INFRA["mensajes_procesados"].c.mensaje_id).where(
                INFRA["mensajes_procesados"].c.mensaje_id.in_([s["id"] for s in sobres])
            )
        ).scalars()
        assert sorted(guardados) == sorted([codigos[0], codigos[2]])
        assert sorted(procesados) == sorted([sobres[0]["id"], sobres[2]["id"]])


def _emitido(codigo: str) -> dict:
    return {
        "codigo_virtual": codigo,
        "numero_solicitud": 1,
        "tipo_documento": "DNI",
        "numero_documento": "71234567",
        "nombres": "MARIA",
        "apellidos": "QUISPE MAMANI",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nombre_institucion": "I.E. DEMO",
        "modalidad": "EBR",
        "nivel": "SECUNDARIA",
        "grados": ["PRIMERO"],
        "emitido_en": datetime(2026, 3, 1, 10, tzinfo=UTC),
        "sha256": "a" * 64,
        "huella": "c" * 64,
        "url_verificacion": f"https://example.pe/v/{codigo}",
        "correo": "maria@example.pe",
    }


def _otra_orden(orden: dict, numero_solicitud: int | None = None) -> dict:
    """The same order under another message id (reconciliation orders again), or another
    request of the same student when ``numero_solicitud`` is given."""
    payload = {**orden["payload"]}
    if numero_solicitud is not None:
        payload["numero_solicitud"] = numero_solicitud
    return {**orden, "id": str(uuid.uuid4()), "payload": payload}


def _estados(ctx, numeros: list[int]) -> dict[int, list[str]]:
    with ctx.engine.connect() as conn:
        filas = conn.execute(
            text(
                "SELECT numero_solicitud, estado FROM certificados "
                "WHERE numero_solicitud = ANY(:n) ORDER BY id"
            ),
            {"n": numeros},
        ).all()
    estados: dict[int, list[str]] = {}
    for numero, estado in filas:
        estados.setdefault(numero, []).append(estado)
    return estados


def _lote_contado(
    sistema, servicio: str, sobres: list[dict], precargar=True
) -> tuple[list, list[str]]:
    """A batch through ``servicio``'s consumer, as its worker runs it (its handlers, dead
    letters and preload, unless ``precargar`` is False): its answers and the SQL it sent."""
    from sqlalchemy import event

    app = sistema.apps[servicio]
    ctx = app.extensions["mc"]
    sentencias: list[str] = []

    def anotar(_conn, _cursor, sql, *_args):
        sentencias.append(sql)

    event.listen(ctx.engine, "before_cursor_execute", anotar)
    try:
        with app.app_context():
            resultados = procesar_lote(
                [Entrega(s) for s in sobres],
                ctx.manejadores,
                ctx.uow_factory,
                8,
                ctx.al_descartar,
                ctx.precargar if precargar else None,
            )
    finally:
        event.remove(ctx.engine, "before_cursor_execute", anotar)
    return resultados, sentencias


@pytest.mark.parametrize("con_precarga", [True, False], ids=["precarga", "sin-precarga"])
def test_un_lote_con_ordenes_repetidas_emite_lo_mismo_con_y_sin_precarga(
    sistema_pg, con_precarga, caplog
):
    """Duplicates inside one batch (the same order under two message ids, a second request of
    the same student) give the same certificates whether the batch is preloaded or not."""
    ctx = _emision(sistema_pg)
    a, b = _ordenes(sistema_pg, 2)
    n_a, n_b = a["payload"]["numero_solicitud"], b["payload"]["numero_solicitud"]
    n_c = 90_000_000 + n_a  # another request of a's student: it supersedes a's certificate
    lote = [a, _otra_orden(a), b, _otra_orden(a, n_c), _otra_orden(b)]
    with caplog.at_level(logging.WARNING):
        resultados, sentencias = _lote_contado(sistema_pg, "emision", lote, con_precarga)
    assert resultados == ["procesado"] * 5
    assert not [r for r in caplog.records if "precarga" in r.getMessage()]
    # One certificate per request; a's first is superseded by its student's second request.
    assert _estados(ctx, [n_a, n_b, n_c]) == {
        n_a: ["SUSTITUIDO"],
        n_b: ["VIGENTE"],
        n_c: ["VIGENTE"],
    }
    # The repeated orders sent the same CertificadoEmitido again, none issued a second one.
    assert sorted(e["payload"]["numero_solicitud"] for e in _emitidos(ctx, [n_a, n_b, n_c])) == [
        n_a,
        n_b,
        n_c,
    ]
    por_solicitud = [s for s in sentencias if "WHERE certificados.numero_solicitud" in s]
    vigentes = [s for s in sentencias if "FOR UPDATE" in s and "FROM certificados" in s]
    lista = [s for s in sentencias if "max(certificados.lista_estado)" in s]
    if con_precarga:  # read once for the batch
        assert (len(por_solicitud), len(vigentes), len(lista)) == (1, 1, 1)
    else:  # read by each order that gets that far
        assert len(por_solicitud) == 5 and len(lista) == 3 and len(vigentes) == 3


def test_si_la_precarga_falla_cada_mensaje_lee_lo_suyo(sistema_pg, ordenes, caplog):
    ctx = _emision(sistema_pg)

    def precarga_que_falla(eventos, uow):
        ctx.precargar(eventos, uow)
        uow.session.execute(text("SELECT 1/0"))  # the database refuses: the savepoint is undone

    with sistema_pg.apps["emision"].app_context(), caplog.at_level(logging.WARNING):
        resultados = procesar_lote(
            [Entrega(s) for s in ordenes],
            ctx.manejadores,
            ctx.uow_factory,
            8,
            ctx.al_descartar,
            precarga_que_falla,
        )
    assert resultados == ["procesado"] * 3
    assert any("precarga del lote de 3 mensajes falló" in r.getMessage() for r in caplog.records)
    numeros = [o["payload"]["numero_solicitud"] for o in ordenes]
    assert _certificados(ctx, numeros) == {n: 1 for n in numeros}


@pytest.mark.parametrize("con_falla", [False, True], ids=["sin-falla", "con-una-falla"])
def test_un_lote_sin_fallas_se_escribe_de_una_vez(sistema_pg, ordenes, con_falla, caplog):
    """No message fails: no savepoint per message (the preload's only) and the batch's
    certificates in one INSERT. One fails: the batch is undone and run again a savepoint per
    message; the others are issued once. Either way each CertificadoEmitido carries its own
    order's correlation id, not the batch's."""
    ctx = _emision(sistema_pg)
    lote = [{**o, "correlation_id": str(uuid.uuid4())} for o in ordenes]
    if con_falla:  # its record has not reached emision: ErrorTransitorio, retried alone
        lote.insert(1, _sin_registro(ordenes[0], "49999999"))
    with caplog.at_level(logging.INFO):
        resultados, sentencias = _lote_contado(sistema_pg, "emision", lote)
    buenos = [r for i, r in enumerate(resultados) if not (con_falla and i == 1)]
    assert buenos == ["procesado"] * 3
    numeros = [o["payload"]["numero_solicitud"] for o in ordenes]
    assert _certificados(ctx, numeros) == {n: 1 for n in numeros}
    correlaciones = {o["payload"]["numero_solicitud"]: o["correlation_id"] for o in lote}
    emitidos = _emitidos(ctx, numeros)
    assert sorted(e["payload"]["numero_solicitud"] for e in emitidos) == sorted(numeros)
    for e in emitidos:
        assert e["correlation_id"] == correlaciones[e["payload"]["numero_solicitud"]]
    puntos = [s for s in sentencias if s.startswith("SAVEPOINT")]
    insertos = [s for s in sentencias if s.startswith("INSERT INTO certificados")]
    repetido = any("se repite con un punto de guardado" in r.getMessage() for r in caplog.records)
    if con_falla:
        assert isinstance(resultados[1], Reintentar)
        assert repetido
        # Each try's preload, then one per message of the second try.
        assert len(puntos) == 2 + 4
    else:
        assert not repetido
        assert len(puntos) == 1  # the preload's
        assert len(insertos) == 1


def test_las_respuestas_de_emision_de_un_lote_leen_sus_solicitudes_de_una_vez(sistema_pg, ordenes):
    """solicitudes' worker, a batch of CertificadoEmitido: its requests are read in one query
    (one per message before), and each request ends EMITIDA with its own código virtual."""
    emision = _emision(sistema_pg)
    with sistema_pg.apps["emision"].app_context():
        procesar_lote([Entrega(s) for s in ordenes], emision.manejadores, emision.uow_factory)
    numeros = [o["payload"]["numero_solicitud"] for o in ordenes]
    emitidos = _emitidos(emision, numeros)
    ctx = sistema_pg.apps["solicitudes"].extensions["mc"]
    resultados, sentencias = _lote_contado(sistema_pg, "solicitudes", emitidos)
    assert resultados == ["procesado"] * 3
    lecturas = [s for s in sentencias if s.startswith("SELECT") and "FROM solicitudes " in s]
    assert len(lecturas) == 1, [s[-200:] for s in lecturas]
    with ctx.engine.connect() as conn:
        filas = conn.execute(
            text(
                "SELECT numero_solicitud, estado, codigo_virtual FROM solicitudes "
                "WHERE numero_solicitud = ANY(:n)"
            ),
            {"n": numeros},
        ).all()
    codigos = {e["payload"]["numero_solicitud"]: e["payload"]["codigo_virtual"] for e in emitidos}
    assert {f.numero_solicitud: (f.estado, f.codigo_virtual) for f in filas} == {
        n: ("EMITIDA", codigos[n]) for n in numeros
    }
