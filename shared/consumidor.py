"""Idempotent event consumption with bounded retries and a dead-letter table.

``procesar_mensaje`` (one message, one transaction) and ``procesar_lote`` (a batch, one
transaction; a savepoint per message when one of them fails) hold the whole policy and know
nothing of Celery, so they are tested directly; the Celery tasks in ``shared.bus`` only turn
their answers into retries.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime

from marshmallow import ValidationError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from shared import correlacion
from shared.errores import ErrorDeDominio
from shared.eventos import SUSCRIPCIONES, validar_sobre
from shared.mensajes import Mensaje, mensaje_de

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventoRecibido:
    """A validated message, as every event handler receives it: envelope, payload, typed event."""

    id: str
    type: str
    version: int
    occurred_at: datetime
    correlation_id: str
    source: str
    payload: dict
    # The payload (upcast to the current version) as its shared.mensajes dataclass.
    mensaje: Mensaje | None = None

    @classmethod
    def de_sobre(cls, mensaje: dict) -> EventoRecibido:
        """From an envelope that ``validar_sobre`` has already checked."""
        sobre = {f.name: mensaje[f.name] for f in fields(cls) if f.name != "mensaje"}
        return cls(**sobre, mensaje=mensaje_de(mensaje["type"], mensaje["payload"]))


# Every service's event handler: (event, unit of work, the service's dependencies). A service's
# table maps each event routed to it (shared.eventos.SUSCRIPCIONES), by its shared.mensajes
# dataclass (or its type name), to one handler.
ManejadorDeEvento = Callable[[EventoRecibido, object, object], None]
# What the consumer calls: a handler with its service's dependencies bound (see ``atar``).
Manejador = Callable[[EventoRecibido, object], None]
# Called in the dead letter's own transaction: (envelope, reason, uow). Lets a service say
# "this order failed" (e.g. EmisionFallida) so that nothing waits forever on a dead message.
AlDescartar = Callable[[dict, str, object], None]
# Called once per batch, in the batch's transaction, before its messages: (events, uow). Lets a
# service read what its handlers will need for the whole batch in one query per kind (kept in
# its repositories for that transaction); the handlers then read the same as without it.
Precarga = Callable[[list[EventoRecibido], object], None]


def tipo_de(clave: str | type[Mensaje]) -> str:
    """A handler table's key as the event type on the wire."""
    return clave if isinstance(clave, str) else clave.tipo


def atar(manejadores: dict, dependencias) -> dict[str, Manejador]:
    """The table with the service's dependencies bound: what ``procesar_mensaje`` calls."""
    return {
        tipo_de(clave): (lambda evento, uow, m=manejador: m(evento, uow, dependencias))
        for clave, manejador in manejadores.items()
    }


def comprobar_tabla(servicio: str, manejadores: dict) -> None:
    """Each event routed to ``servicio`` has a handler, and no handler waits for another."""
    recibe = {tipo for tipo, destinos in SUSCRIPCIONES.items() if servicio in destinos}
    tiene = {tipo_de(clave) for clave in manejadores}
    faltan, sobran = sorted(recibe - tiene), sorted(tiene - recibe)
    if faltan or sobran:
        raise RuntimeError(
            f"tabla de manejadores de {servicio}: sin manejador para {faltan}; "
            f"manejadores de eventos que no recibe: {sobran}"
        )


@dataclass(frozen=True)
class Reintentar:
    """Try the message again after ``espera`` seconds."""

    espera: float
    motivo: str


def espera_con_jitter(intento: int, base: float = 1.0, tope: float = 120.0) -> float:
    """Exponential backoff with full jitter: 1, 2, 4 … seconds, capped, randomised."""
    return random.uniform(0, min(tope, base * 2 ** min(intento, 32)))


def procesar_mensaje(
    sobre: object,
    manejadores: dict[str, Manejador],
    uow_factory: Callable[[], object],
    intento: int = 0,
    max_reintentos: int = 8,
    al_descartar: AlDescartar | None = None,
) -> str | Reintentar:
    """Handle one message once; answer 'procesado', 'duplicado', 'descartado' or Reintentar."""
    # What the handler (or the dead letter's al_descartar) publishes inherits the message's id.
    mensaje_id = str(sobre.get("id")) if isinstance(sobre, dict) else None
    with correlacion.en(_correlacion_de(sobre)), correlacion.con_mensaje(mensaje_id):
        resultado = _procesar(
            sobre, manejadores, uow_factory, intento, max_reintentos, al_descartar
        )
        tipo = sobre.get("type") if isinstance(sobre, dict) else None
        if isinstance(resultado, Reintentar):
            log.info("evento %s: se reintentará en %.1fs", tipo, resultado.espera)
        else:
            log.info("evento %s: %s", tipo, resultado)
        return resultado


def _correlacion_de(sobre: object) -> str | None:
    cid = sobre.get("correlation_id") if isinstance(sobre, dict) else None
    return cid if correlacion.es_valido(cid) else None


def _procesar(sobre, manejadores, uow_factory, intento, max_reintentos, al_descartar):
    resultado = _decidir(sobre, manejadores, uow_factory, intento, max_reintentos)
    if not isinstance(resultado, _Descarte):
        return resultado
    try:
        _guardar_fallido(
            uow_factory, sobre, resultado.error, resultado.permanente, intento, al_descartar
        )
    except Exception as exc:  # cannot even record it (DB down): keep the message, retry
        log.warning("no se pudo guardar el mensaje fallido (%s); se reintentará", exc)
        return Reintentar(espera=espera_con_jitter(intento), motivo=str(exc))
    return "descartado"


@dataclass(frozen=True)
class _Descarte:
    error: str
    permanente: bool


def _decidir(sobre, manejadores, uow_factory, intento, max_reintentos):
    try:
        mensaje = validar_sobre(sobre)
    except ValidationError as exc:
        return _Descarte(f"mensaje inválido: {exc.messages}", True)
    manejador = manejadores.get(mensaje["type"])
    if manejador is None:
        return _Descarte(f"sin manejador para {mensaje['type']}", True)
    try:
        return _aplicar(mensaje, manejador, uow_factory)
    except ErrorDeDominio as exc:
        return _Descarte(exc.mensaje, True)
    except Exception as exc:  # anything else may pass (DB busy, SMTP down): retry, bounded
        motivo = _motivo(exc)
        if intento >= max_reintentos:
            return _Descarte(f"reintentos agotados: {motivo}", False)
        log.warning("mensaje %s falló (intento %s): %s", mensaje["id"], intento + 1, motivo)
        return Reintentar(espera=espera_con_jitter(intento), motivo=motivo)


def _motivo(exc: Exception) -> str:
    """What failed, for the log and the dead letter: the first line of the error only.

    A database error's further lines (PostgreSQL's DETAIL) repeat the row's values: a
    student's document number must not reach a log.
    """
    origen = getattr(exc, "orig", None) or exc  # the driver's text, without SQLAlchemy's SQL
    lineas = str(origen).strip().splitlines()
    return f"{type(exc).__name__}: {lineas[0][:500] if lineas else ''}"


def _aplicar(mensaje: dict, manejador: Manejador, uow_factory) -> str:
    try:
        with uow_factory() as uow:
            if uow.ya_procesado(mensaje["id"]):
                return "duplicado"
            manejador(EventoRecibido.de_sobre(mensaje), uow)
            uow.marcar_procesado(mensaje["id"], mensaje["type"])
            uow.commit()
            return "procesado"
    except IntegrityError:
        # Two deliveries of one message raced; the loser sees the winner's record.
        with uow_factory() as uow:
            if uow.ya_procesado(mensaje["id"]):
                return "duplicado"
        raise


def _guardar_fallido(
    uow_factory,
    sobre,
    error: str,
    permanente: bool,
    intento: int,
    al_descartar: AlDescartar | None = None,
) -> None:
    """Keep the message where operations can see it and replay it."""
    es_dict = isinstance(sobre, dict)
    with uow_factory() as uow:
        tabla = uow.tablas["mensajes_fallidos"]
        uow.session.execute(
            insert(tabla),
            {
                "mensaje_id": str(sobre.get("id"))[:64] if es_dict and sobre.get("id") else None,
                "type": str(sobre.get("type"))[:80] if es_dict and sobre.get("type") else None,
                "sobre": sobre if es_dict else {"crudo": repr(sobre)[:10000]},
                "error": error[:4000],
                "permanente": 1 if permanente else 0,
                "intentos": intento + 1,
                "creado_en": datetime.now(UTC),
            },
        )
        if al_descartar is not None and es_dict:
            al_descartar(sobre, error, uow)
        uow.commit()
    log.error("mensaje enviado a fallidos: %s", error)


@dataclass(frozen=True)
class Entrega:
    """One delivery in a batch: the envelope, and how many times it was tried before."""

    sobre: object
    intento: int = 0


def procesar_lote(
    entregas: list[Entrega],
    manejadores: dict[str, Manejador],
    uow_factory: Callable[[], object],
    max_reintentos: int = 8,
    al_descartar: AlDescartar | None = None,
    precargar: Precarga | None = None,
) -> list[str | Reintentar]:
    """Handle a batch in one transaction; one answer per delivery, as ``procesar_mensaje``'s.

    The batch is first run whole, with one flush (``_aplicar_de_una_vez``); if a message fails,
    it is undone and run again with each message in a savepoint: one that fails is undone alone
    (retried, or dead-lettered in its own transaction) and the others commit together, with
    their outbox entries and processed-message records written in one round trip each. A
    message already processed, or twice in the batch, is handled once. If the commit itself
    fails, every message of the batch is retried (nothing of it was kept).

    ``precargar`` first reads, for the messages still to handle, what the service's handlers
    will ask for (see ``Precarga``); if it fails, each message reads its own as without it.
    """
    resultados: list[str | Reintentar | _Descarte | None] = [None] * len(entregas)
    validos = []
    for i, entrega in enumerate(entregas):
        try:
            mensaje = validar_sobre(entrega.sobre)
        except ValidationError as exc:
            resultados[i] = _Descarte(f"mensaje inválido: {exc.messages}", True)
            continue
        if mensaje["type"] not in manejadores:
            resultados[i] = _Descarte(f"sin manejador para {mensaje['type']}", True)
            continue
        validos.append((i, mensaje))
    if validos:
        try:
            _aplicar_lote(
                entregas, validos, manejadores, uow_factory, max_reintentos, resultados, precargar
            )
        except Exception as exc:  # the batch's transaction failed (DB down, a race): all again
            motivo = _motivo(exc)
            log.warning("lote de %s mensajes falló al confirmar: %s", len(validos), motivo)
            for i, _mensaje in validos:
                resultados[i] = _reintento_o_descarte(entregas[i].intento, max_reintentos, motivo)
    return [
        _cerrar(entrega, resultado, uow_factory, al_descartar)
        for entrega, resultado in zip(entregas, resultados, strict=True)
    ]


def _aplicar_lote(
    entregas, validos, manejadores, uow_factory, max_reintentos, resultados, precargar
):
    if len(validos) > 1 and _aplicar_de_una_vez(
        validos, manejadores, uow_factory, resultados, precargar
    ):
        return
    with _lote_abierto(validos, uow_factory, precargar) as (uow, vistos):
        hechos = []
        for i, mensaje in validos:
            if mensaje["id"] in vistos:
                resultados[i] = "duplicado"
                continue
            with correlacion.en(_correlacion_de(mensaje)), correlacion.con_mensaje(mensaje["id"]):
                try:
                    with uow.parcial():  # undone alone if it fails
                        manejadores[mensaje["type"]](EventoRecibido.de_sobre(mensaje), uow)
                except ErrorDeDominio as exc:
                    resultados[i] = _Descarte(exc.mensaje, True)
                    continue
                except Exception as exc:  # DB busy, a record not there yet: retry, bounded
                    motivo = _motivo(exc)
                    intento = entregas[i].intento + 1
                    log.warning("mensaje %s falló (intento %s): %s", mensaje["id"], intento, motivo)
                    resultados[i] = _reintento_o_descarte(
                        entregas[i].intento, max_reintentos, motivo
                    )
                    continue
            vistos.add(mensaje["id"])
            hechos.append((i, mensaje))
        _confirmar(uow, hechos, resultados)


def _aplicar_de_una_vez(validos, manejadores, uow_factory, resultados, precargar) -> bool:
    """The batch's messages with no savepoint each: their writes go out in one flush.

    A savepoint per message cost a flush and two round trips each, a quarter of a consumer's
    time (profile in #17). Failures are rare, so the batch is first tried whole; if any message
    fails (or the flush does), the transaction is undone, nothing of it is kept, and False
    sends the batch through the savepoint-per-message path, which says which message failed.
    Its handlers then run again: no new requirement, since any message may be redelivered.
    """
    with _lote_abierto(validos, uow_factory, precargar) as (uow, vistos):
        hechos = []
        try:
            for i, mensaje in validos:
                if mensaje["id"] in vistos:  # processed before, or earlier in this batch
                    resultados[i] = "duplicado"
                    continue
                with (
                    correlacion.en(_correlacion_de(mensaje)),
                    correlacion.con_mensaje(mensaje["id"]),
                    uow.contiguo(),
                ):
                    manejadores[mensaje["type"]](EventoRecibido.de_sobre(mensaje), uow)
                vistos.add(mensaje["id"])
                hechos.append((i, mensaje))
            uow.session.flush()
        except Exception as exc:
            log.info(
                "lote de %s mensajes: uno falló (%s); se repite con un punto de guardado por "
                "mensaje",
                len(validos),
                _motivo(exc),
            )
            uow.rollback()
            return False
        _confirmar(uow, hechos, resultados)
    return True


@contextmanager
def _lote_abierto(validos, uow_factory, precargar):
    """The batch's transaction, with the ids this consumer already processed and the
    batch's preload done."""
    with uow_factory() as uow:
        vistos = uow.ya_procesados([m["id"] for _i, m in validos])
        if precargar is not None:
            _precargar(precargar, [m for _i, m in validos if m["id"] not in vistos], uow)
        yield uow, vistos


def _confirmar(uow, hechos, resultados) -> None:
    """Record the batch's handled messages and commit them with their state and outbox."""
    uow.marcar_procesados([(m["id"], m["type"]) for _i, m in hechos])
    uow.commit()
    for i, _mensaje in hechos:
        resultados[i] = "procesado"


def _precargar(precargar: Precarga, mensajes: list[dict], uow) -> None:
    """The batch's preload in a savepoint: if it fails, it leaves nothing (no lock, no cache)."""
    if not mensajes:
        return
    try:
        with uow.parcial():
            precargar([EventoRecibido.de_sobre(m) for m in mensajes], uow)
    except Exception as exc:  # DB busy, an odd payload: each message reads its own instead
        log.warning("precarga del lote de %s mensajes falló: %s", len(mensajes), _motivo(exc))
        uow.olvidar_lecturas()


def _reintento_o_descarte(intento: int, max_reintentos: int, motivo: str):
    if intento >= max_reintentos:
        return _Descarte(f"reintentos agotados: {motivo}", False)
    return Reintentar(espera=espera_con_jitter(intento), motivo=motivo)


def _cerrar(entrega: Entrega, resultado, uow_factory, al_descartar) -> str | Reintentar:
    """A batch's answer for one delivery: dead letters written now, each in its own transaction."""
    sobre = entrega.sobre
    id_mensaje = sobre.get("id") if isinstance(sobre, dict) else None
    with correlacion.en(_correlacion_de(sobre)), correlacion.con_mensaje(id_mensaje):
        if isinstance(resultado, _Descarte):
            try:
                _guardar_fallido(
                    uow_factory,
                    sobre,
                    resultado.error,
                    resultado.permanente,
                    entrega.intento,
                    al_descartar,
                )
                resultado = "descartado"
            except Exception as exc:  # cannot even record it (DB down): keep it, retry
                log.warning("no se pudo guardar el mensaje fallido (%s); se reintentará", exc)
                resultado = Reintentar(espera=espera_con_jitter(entrega.intento), motivo=str(exc))
        tipo = sobre.get("type") if isinstance(sobre, dict) else None
        if not isinstance(resultado, Reintentar):
            log.info("evento %s: %s", tipo, resultado)
        return resultado
