"""Delivery guarantees on real PostgreSQL and Redis: outbox, redelivery, dead letters."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import MetaData, select, text

from herramientas import cli
from shared.bus import PublicadorCelery, crear_celery
from shared.consumidor import procesar_mensaje
from shared.db import tablas_infraestructura
from shared.outbox import Relay
from tests.integration import datos

OUTBOX = tablas_infraestructura(MetaData())["outbox"]
FALLIDOS = tablas_infraestructura(MetaData())["mensajes_fallidos"]


class BrokerCaido:
    def enviar(self, destino, sobre):
        raise ConnectionRefusedError("broker caído")


def _fila_outbox(engine, tipo: str, clave: str, valor: str):
    with engine.connect() as conn:
        for fila in conn.execute(select(OUTBOX).where(OUTBOX.c.type == tipo)):
            if fila.sobre["payload"].get(clave) == valor:
                return fila
    return None


def _recibir(celery, cola: str, evento_id: str, limite: float = 10.0) -> dict:
    """Take messages off a Redis queue until the one carrying ``evento_id`` shows up."""
    fin = time.monotonic() + limite
    with celery.connection_for_read() as conn:
        q = conn.SimpleQueue(cola)
        while time.monotonic() < fin:
            try:
                mensaje = q.get(timeout=1)
            except q.Empty:
                continue
            mensaje.ack()
            args = mensaje.payload[0]
            if args and args[0].get("id") == evento_id:
                return args[0]
    raise AssertionError(f"el evento {evento_id} no llegó a la cola {cola}")


def test_una_caida_entre_commit_y_publicacion_no_pierde_el_evento(sistema_pg, redis_url):
    notas = sistema_pg.apps["notas"]
    ie = datos.institucion()
    sistema_pg.clientes["notas"].post(
        "/api/notas/instituciones", json=ie, headers=datos.operaciones()
    )
    engine = notas.extensions["mc"].engine

    with pytest.raises(ConnectionRefusedError):
        Relay("notas", engine, BrokerCaido()).publicar_pendientes()
    fila = _fila_outbox(engine, "InstitucionRegistrada", "codigo_modular", ie["codigo_modular"])
    assert fila is not None and fila.publicado_en is None  # committed, still waiting

    celery = crear_celery(notas.extensions["mc"].config)
    assert Relay("notas", engine, PublicadorCelery(celery)).publicar_pendientes() >= 1
    fila = _fila_outbox(engine, "InstitucionRegistrada", "codigo_modular", ie["codigo_modular"])
    assert fila.publicado_en is not None

    sobre = _recibir(celery, "solicitudes", fila.id)
    ctx = sistema_pg.apps["solicitudes"].extensions["mc"]
    assert procesar_mensaje(sobre, ctx.manejadores, ctx.uow_factory) == "procesado"
    est = datos.estudiante()
    datos.registrar_identidad(sistema_pg, est)
    datos.habilitar(sistema_pg, ie)
    r = sistema_pg.clientes["solicitudes"].post(
        "/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)
    )
    assert r.status_code == 201  # solicitudes now knows the IE


def test_el_relay_publica_su_lote_junto_y_si_redis_no_responde_no_marca_nada(sistema_pg, redis_url):
    """The relay's batch leaves in one Redis pipeline; a failed flush leaves it all unsent."""
    notas = sistema_pg.apps["notas"]
    ies = [datos.institucion() for _ in range(3)]
    for ie in ies:
        sistema_pg.clientes["notas"].post(
            "/api/notas/instituciones", json=ie, headers=datos.operaciones()
        )
    engine = notas.extensions["mc"].engine
    config = notas.extensions["mc"].config
    caido = crear_celery(config.con(broker_url="redis://127.0.0.1:1/0"))  # nothing listens
    with pytest.raises(Exception):  # noqa: B017 - the broker's connection error, whatever its class
        Relay("notas", engine, PublicadorCelery(caido)).publicar_pendientes()
    filas = [
        _fila_outbox(engine, "InstitucionRegistrada", "codigo_modular", ie["codigo_modular"])
        for ie in ies
    ]
    assert all(f.publicado_en is None for f in filas)  # committed, still waiting

    celery = crear_celery(config)
    assert Relay("notas", engine, PublicadorCelery(celery)).publicar_pendientes() >= 3
    for fila in filas:
        assert _recibir(celery, "solicitudes", fila.id)["id"] == fila.id
    assert all(
        _fila_outbox(
            engine, "InstitucionRegistrada", "codigo_modular", ie["codigo_modular"]
        ).publicado_en
        is not None
        for ie in ies
    )


def test_un_evento_reentregado_no_cambia_nada(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    sol = sistema_pg.clientes["solicitudes"]
    creada = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()
    sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    sistema_pg.entregar()
    seguimiento = f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}"
    antes = sol.get(seguimiento).get_json()
    emitido = _fila_outbox(
        sistema_pg.apps["emision"].extensions["mc"].engine,
        "CertificadoEmitido",
        "numero_solicitud",
        creada["numero_solicitud"],
    )

    sistema_pg.publicador.respuestas.clear()
    for destino in ("notificaciones", "verificacion", "solicitudes"):
        sistema_pg.publicador.enviar(destino, emitido.sobre)
    assert [r[2] for r in sistema_pg.publicador.respuestas] == ["duplicado"] * 3

    assert sol.get(seguimiento).get_json()["historial"] == antes["historial"]
    codigo = antes["codigo_virtual"]
    assert len([m for m in sistema_pg.correos() if codigo in str(m["Subject"])]) == 1


def test_una_orden_de_emision_repetida_emite_un_solo_certificado(sistema_pg):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_pg, ie, est)
    sol = sistema_pg.clientes["solicitudes"]
    numero = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()[
        "numero_solicitud"
    ]
    sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [numero]},
        headers=datos.director(ie),
    )
    orden = _fila_outbox(
        sistema_pg.apps["solicitudes"].extensions["mc"].engine,
        "EmisionSolicitada",
        "numero_solicitud",
        numero,
    )
    # The same order delivered again under another message id (e.g. a replayed copy).
    copia = {**orden.sobre, "id": "00000000-0000-4000-8000-" + f"{numero:012d}"}
    sistema_pg.entregar()
    sistema_pg.publicador.enviar("emision", copia)
    sistema_pg.entregar()
    emitidos = [
        r
        for r in sistema_pg.publicador.respuestas
        if r[1] == "CertificadoEmitido" and r[0] == "verificacion"
    ]
    # One certificate: the repeated order republishes the same event, a duplicate there.
    assert [r[2] for r in emitidos] == ["procesado", "duplicado"]
    with sistema_pg.apps["emision"].extensions["mc"].engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM certificados WHERE numero_solicitud = :n"), {"n": numero}
        ).scalar_one()
    assert n == 1


def test_un_mensaje_invalido_va_a_fallidos_sin_reintentos(sistema_pg, capsys, monkeypatch):
    ctx = sistema_pg.apps["solicitudes"].extensions["mc"]
    malo = {"id": "no-es-uuid", "type": "CertificadoEmitido", "payload": {}}
    assert procesar_mensaje(malo, ctx.manejadores, ctx.uow_factory) == "descartado"
    with ctx.engine.connect() as conn:
        fila = conn.execute(select(FALLIDOS).order_by(FALLIDOS.c.id.desc())).first()
    assert fila.permanente == 1 and fila.mensaje_id == "no-es-uuid"
    assert "mensaje inválido" in fila.error

    config = ctx.config
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    monkeypatch.setenv("DB_SCHEMA_PREFIX", config.db_schema.removesuffix("solicitudes"))
    assert cli.main(["fallidos", "listar", "solicitudes", "--limite", "5"]) == 0
    assert f'"id": {fila.id}' in capsys.readouterr().out
