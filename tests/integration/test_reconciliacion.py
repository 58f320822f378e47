"""Reconciliation: an emission order (or its answer) the broker lost is sent again, bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from services.solicitudes.service_layer.reconciliacion import ReconciliacionEmision
from shared.identificadores import agrupar
from shared.outbox import Relay
from tests.integration import datos
from tests.integration.test_lotes import _preparar


class BrokerQuePierde:
    """A broker that drops what goes to some services' queues (a restart without persistence)."""

    def __init__(self, sistema, pierde: set[str]):
        self._sistema, self._pierde = sistema, pierde

    def enviar(self, destino: str, sobre: dict) -> None:
        if destino not in self._pierde:
            self._sistema.publicador.enviar(destino, sobre)


def _publicar_perdiendo(sistema, pierde: set[str]) -> None:
    for servicio, app in sistema.apps.items():
        engine = app.extensions["mc"].engine
        while Relay(servicio, engine, BrokerQuePierde(sistema, pierde)).publicar_pendientes():
            pass


def _reconciliar(sistema, minutos: float) -> int:
    """One sweep of `mc relay`'s reconciliation, ``minutos`` from now (window: 10 minutes)."""
    uow = sistema.apps["solicitudes"].extensions["mc"].uow_factory
    barrido = ReconciliacionEmision(uow, tras=600, max_reenvios=3)
    return barrido.barrer(datetime.now(UTC) + timedelta(minutes=minutos))


def _ordenar(sistema, ie, numeros) -> str:
    r = sistema.clientes["solicitudes"].post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": numeros},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    return r.get_json()["lote_id"]


def _avance(sistema, ie, lote) -> dict:
    r = sistema.clientes["solicitudes"].get(
        f"/api/solicitudes/lotes/{lote}", headers=datos.director(ie)
    )
    return r.get_json()


def _contar(sistema, servicio: str, sql: str, **params) -> int:
    with sistema.apps[servicio].extensions["mc"].engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_ordenes_perdidas_se_reenvian_y_todas_quedan_emitidas_una_vez(sistema_pg):
    ie, _, numeros = _preparar(sistema_pg, 2)
    lote = _ordenar(sistema_pg, ie, numeros)
    _publicar_perdiendo(sistema_pg, {"emision"})  # the orders are lost
    assert _avance(sistema_pg, ie, lote)["en_emision"] == 2

    assert _reconciliar(sistema_pg, minutos=5) == 0  # inside the window: nothing yet
    assert _reconciliar(sistema_pg, minutos=11) == 2
    # The resent orders name the role that ordered them (the VC's evidence says it).
    with sistema_pg.apps["solicitudes"].extensions["mc"].engine.connect() as conn:
        sobres = conn.execute(text("SELECT sobre FROM outbox")).scalars().all()
    roles = [
        s["payload"].get("rol_emisor")
        for s in sobres
        if s["type"] == "EmisionSolicitada" and s["payload"]["numero_solicitud"] in numeros
    ]
    assert roles == ["DIRECTOR_IE"] * 4  # two orders, two resends
    sistema_pg.entregar()
    avance = _avance(sistema_pg, ie, lote)
    assert (avance["emitidas"], avance["en_emision"], avance["terminado"]) == (2, 0, True)
    ids = ", ".join(map(str, numeros))
    sql = f"SELECT count(*) FROM certificados WHERE numero_solicitud IN ({ids})"
    assert _contar(sistema_pg, "emision", sql) == 2


def test_una_respuesta_perdida_se_vuelve_a_publicar_sin_emitir_ni_escribir_dos_veces(sistema_pg):
    ie, _, numeros = _preparar(sistema_pg, 1)
    lote = _ordenar(sistema_pg, ie, numeros)
    _publicar_perdiendo(sistema_pg, {"solicitudes"})  # issued and emailed; EMITIDA is lost
    assert _avance(sistema_pg, ie, lote)["en_emision"] == 1
    with sistema_pg.apps["emision"].extensions["mc"].engine.connect() as conn:
        codigo = conn.execute(
            text("SELECT codigo_virtual FROM certificados WHERE numero_solicitud = :n"),
            {"n": numeros[0]},
        ).scalar_one()

    def correos_del_certificado():
        return [m for m in sistema_pg.correos() if agrupar(codigo) in str(m["Subject"])]

    assert len(correos_del_certificado()) == 1
    assert _reconciliar(sistema_pg, minutos=11) == 1
    sistema_pg.entregar()
    assert _avance(sistema_pg, ie, lote)["emitidas"] == 1
    sql = "SELECT count(*) FROM certificados WHERE numero_solicitud = :n"
    assert _contar(sistema_pg, "emision", sql, n=numeros[0]) == 1
    assert len(correos_del_certificado()) == 1  # the same event again: a duplicate there


def test_sin_respuesta_tras_los_reenvios_queda_en_error_y_se_puede_ordenar_o_rechazar(sistema_pg):
    ie, _, numeros = _preparar(sistema_pg, 2)
    lote = _ordenar(sistema_pg, ie, numeros)
    for minutos in (11, 22, 33):  # three resends, every one lost
        _publicar_perdiendo(sistema_pg, {"emision"})
        assert _reconciliar(sistema_pg, minutos) == 2
        assert _avance(sistema_pg, ie, lote)["en_emision"] == 2
    _publicar_perdiendo(sistema_pg, {"emision"})
    assert _reconciliar(sistema_pg, minutos=44) == 2
    avance = _avance(sistema_pg, ie, lote)
    assert (avance["fallidas"], avance["en_emision"], avance["terminado"]) == (2, 0, True)
    assert {f["motivo_falla"] for f in avance["fallas"]} == {
        "Emisión sin respuesta tras 3 reenvíos de la orden; puede ordenarla otra vez o rechazarla."
    }

    sol = sistema_pg.clientes["solicitudes"]
    r = sol.post(
        f"/api/solicitudes/solicitudes/{numeros[1]}/rechazo",
        json={"motivo_rechazo": "Los datos del estudiante no coinciden con el acta."},
        headers=datos.director(ie),
    )
    assert r.status_code == 200, r.get_json()
    r = sol.post(f"/api/solicitudes/lotes/{lote}/reintentos", json={}, headers=datos.director(ie))
    assert r.status_code == 202, r.get_json()
    assert [s["numero_solicitud"] for s in r.get_json()["solicitudes"]] == [numeros[0]]
    sistema_pg.entregar()  # the broker works again
    avance = _avance(sistema_pg, ie, lote)
    assert (avance["emitidas"], avance["fallidas"], avance["en_emision"]) == (1, 0, 0)


def _hace_minutos(sistema, numeros, minutos: int) -> None:
    """The orders were given ``minutos`` ago."""
    with sistema.apps["solicitudes"].extensions["mc"].engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE solicitudes SET emision_ordenada_en = emision_ordenada_en - "
                f"interval '{minutos} minutes' "
                f"WHERE numero_solicitud IN ({', '.join(map(str, numeros))})"
            )
        )


def test_una_solicitud_atascada_la_reordena_o_rechaza_su_director_y_nadie_mas(sistema_pg):
    ie, _, numeros = _preparar(sistema_pg, 2)
    lote = _ordenar(sistema_pg, ie, numeros)
    _publicar_perdiendo(sistema_pg, {"emision"})
    sol = sistema_pg.clientes["solicitudes"]
    rechazo = {"motivo_rechazo": "El estudiante pidió anular su solicitud."}

    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": numeros},
        headers=datos.director(ie),
    )
    assert r.status_code == 409  # just ordered: its answer may still come
    assert r.get_json()["error"]["mensaje"] == (
        f"La solicitud N.° {numeros[0]:08d} está EN EMISIÓN; no se puede emitir."
    )
    _hace_minutos(sistema_pg, numeros, 11)  # no answer within the reconciliation window
    otro = datos.director(datos.institucion())
    url_rechazo = f"/api/solicitudes/solicitudes/{numeros[1]}/rechazo"
    assert sol.post(url_rechazo, json=rechazo, headers=otro).status_code == 403
    r = sol.post(url_rechazo, json=rechazo, headers=datos.director(ie))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["estado"] == "RECHAZADA"
    r = sol.post(
        "/api/solicitudes/emisiones", json={"numeros_solicitud": [numeros[0]]}, headers=otro
    )
    assert r.status_code == 403
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [numeros[0]]},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    sistema_pg.entregar()
    assert _avance(sistema_pg, ie, lote)["en_emision"] == 0
    sql = "SELECT estado FROM solicitudes WHERE numero_solicitud = :n"
    estados = [_contar(sistema_pg, "solicitudes", sql, n=n) for n in numeros]
    assert estados == ["EMITIDA", "RECHAZADA"]
