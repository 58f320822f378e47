"""Bulk emission (lotes): progress read from the requests' states, retry of the failed ones."""

from __future__ import annotations

from dataclasses import replace

from services.solicitudes.domain.modelo import EMITIDA, EN_EMISION, ERROR
from services.solicitudes.service_layer import autorizacion, comandos
from services.solicitudes.service_layer.atencion import ordenar_emision
from services.solicitudes.service_layer.dependencias import Dependencias
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.auth import Usuario
from shared.errores import Conflicto, NoEncontrado


def _lote_visible(uow: UnidadDeTrabajoSolicitudes, lote_id: str, usuario: Usuario):
    lote = uow.solicitudes.lote(lote_id)
    if lote is None or not autorizacion.puede_ver_lote(usuario, lote):
        # Another scope's lote answers like a missing one: ids are not confirmed to outsiders.
        raise NoEncontrado("No existe ese lote de emisión.")
    return lote


def avance(uow: UnidadDeTrabajoSolicitudes, lote_id: str, usuario: Usuario) -> dict:
    """Done / failed / in progress / total, and each failure with its reason."""
    with uow:
        lote = _lote_visible(uow, lote_id, usuario)
        por_estado, fallidas = uow.solicitudes.avance_lote(lote_id)
        emitidas, en_emision = por_estado.get(EMITIDA, 0), por_estado.get(EN_EMISION, 0)
        return {
            "lote_id": lote.id,
            "creado_en": lote.creado_en,
            "total": lote.total,
            "emitidas": emitidas,
            "fallidas": por_estado.get(ERROR, 0),
            "en_emision": en_emision,
            # Requests later re-ordered in another lote no longer count here.
            "otras": lote.total - sum(por_estado.values()),
            "terminado": en_emision == 0,
            "fallas": [
                {
                    "numero_solicitud": s.numero_solicitud,
                    "motivo_falla": s.detalle_estado,
                    "detalle_tecnico": s.detalle_tecnico,
                }
                for s in fallidas
            ],
        }


def reintentar(
    cmd: comandos.ReintentarLote,
    uow: UnidadDeTrabajoSolicitudes,
    usuario: Usuario,
    dep: Dependencias,
) -> dict:
    """Order again the lote's failed requests (all, or the ones given), in the same lote."""
    lote_id, numeros = cmd.lote_id, cmd.numeros_solicitud
    with uow:
        _lote_visible(uow, lote_id, usuario)
        candidatas = {s.numero_solicitud for s in uow.solicitudes.avance_lote(lote_id)[1]}
    elegidas = tuple(numeros) or tuple(sorted(candidatas))
    ajenas = [n for n in elegidas if n not in candidatas]
    if ajenas:
        raise Conflicto(
            f"La solicitud N.° {ajenas[0]:08d} no es una falla de este lote.", "numeros_solicitud"
        )
    if not elegidas:
        raise Conflicto("El lote no tiene solicitudes fallidas que reintentar.")
    # Only failures are retried here: never one still EN EMISIÓN, however long it waits.
    orden = comandos.OrdenarEmision(elegidas, lote_id)
    return ordenar_emision(orden, uow, usuario, replace(dep, atascada_tras=None))
