"""`bench.correo --completo`: the same emails through notificaciones' delivery path.

Per email: lock its row, compose, send on the batch's connection, write the attempt and the
CorreoEnviado event to the outbox, commit. The PDF comes from memory (the HTTP fetch from
emision is emision's cost, not this one). SQLite under a temporary folder by default.
"""

from __future__ import annotations

import secrets
import tempfile
import time
import uuid

import sqlalchemy as sa

from services.notificaciones.domain.modelo import CERTIFICADO, ORIGEN_REENVIO, SOLICITANTE, Correo
from services.notificaciones.entrypoints.flask_app import create_app
from services.notificaciones.service_layer import envio
from shared.config import Config
from shared.migraciones import migrar


def rondas_servicio(puerto: int, copias, pdf: bytes, args) -> list[float]:
    """Seconds per round to deliver every email through ``envio.enviar`` in batches."""
    with tempfile.TemporaryDirectory(prefix="bench-correo-") as var:
        entorno = {"MC_VAR_DIR": var, "MAIL_PORT": str(puerto), "ADJUNTAR_PDF": "1"}
        prefijo = f"bench{uuid.uuid4().hex[:8]}_"
        if args.database_url:
            entorno.update(DATABASE_URL=args.database_url, DB_SCHEMA_PREFIX=prefijo)
            entorno["CLAVE_SERVICIOS"] = secrets.token_hex(32)  # real mode refuses the dev key
        config = Config.desde_entorno("notificaciones", entorno)
        migrar(config)
        app = create_app(config, descargar=lambda _codigo: pdf, encolar=lambda _ids: None)
        ctx, dep = app.extensions["mc"], app.extensions["notificaciones"]
        try:
            _guardar_copias(ctx, copias)
            segundos = []
            for _ in range(args.rondas):
                ids = _encolar_correos(ctx, copias)
                inicio = time.perf_counter()
                with app.app_context():
                    for desde in range(0, len(ids), args.lote):
                        with ctx.uow_factory() as uow:
                            envio.enviar(uow, ids[desde : desde + args.lote], dep)
                segundos.append(time.perf_counter() - inicio)
            return segundos
        finally:
            ctx.engine.dispose()
            if args.database_url:
                _borrar_esquema(args.database_url, config.db_schema)


def _guardar_copias(ctx, copias) -> None:
    with ctx.uow_factory() as uow:
        for c in copias:
            uow.session.add(c)
        uow.commit()


def _encolar_correos(ctx, copias) -> list[int]:
    with ctx.uow_factory() as uow:
        correos = [
            Correo(
                str(uuid.uuid4()),
                CERTIFICADO,
                c.solicitud_id,
                c.correo,
                SOLICITANTE,
                c.referencia,
                c.codigo_modular,
                c.anexo,
                ORIGEN_REENVIO,
                "bench",
            )
            for c in copias
        ]
        uow.session.add_all(correos)
        uow.commit()
        return [c.id for c in correos]


def _borrar_esquema(url: str, esquema: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{esquema}" CASCADE'))
    engine.dispose()
