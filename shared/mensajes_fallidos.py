"""HTTP API of a service's dead letters (OPERACIONES): list, inspect, reprocess one or all.

The same rows `mc fallidos` reads: a message a consumer gave up on, with its envelope and
error. Reprocessing sends the envelope back to the service's own queue (consumers are
idempotent) and stamps ``reprocesado_en``; a message already reprocessed is refused (409).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import MetaData, func, select, update

from shared.acceso_web import requiere_rol
from shared.bitacora import enmascarar
from shared.bus import PublicadorCelery
from shared.campos import Entero, Esquema, FechaHora, Texto
from shared.db import tablas_infraestructura
from shared.documentos import enmascarar_documento
from shared.errores import Conflicto, NoEncontrado
from shared.esquemas_comunes import PaginaEsquema, respuestas_error

SEGURIDAD = [{"bearer": []}]
_TABLA = tablas_infraestructura(MetaData())["mensajes_fallidos"]
# Personal data in an envelope, shown masked (addresses are masked in the text afterwards).
_NOMBRES = {
    "nombres",
    "apellidos",
    "primer_apellido",
    "segundo_apellido",
    "nombre_estudiante",
    "apellidos_y_nombres",
}


def _enmascarar_sobre(valor):
    """The envelope with document numbers and names masked, at any depth."""
    if isinstance(valor, list):
        return [_enmascarar_sobre(v) for v in valor]
    if not isinstance(valor, dict):
        return valor
    limpio = {}
    for clave, v in valor.items():
        if clave == "numero_documento" and isinstance(v, str):
            limpio[clave] = enmascarar_documento(v)
        elif clave in _NOMBRES and isinstance(v, str) and v:
            limpio[clave] = v[0] + "***"
        else:
            limpio[clave] = _enmascarar_sobre(v)
    return limpio


class ListaMensajesFallidosEsquema(PaginaEsquema):
    pendientes = fields.Boolean(
        load_default=False, metadata={"description": "Solo los aún no reprocesados"}
    )


class ReprocesoMensajesEsquema(Esquema):
    limite = Entero(
        load_default=500,
        validate=validate.Range(min=1, max=5000, error="De {min} a {max} mensajes por pedido."),
    )


class MensajeFallidoSalida(Esquema):
    id = Entero()
    mensaje_id = Texto(allow_none=True)
    type = Texto(allow_none=True, metadata={"description": "Tipo del evento"})
    error = Texto()
    permanente = fields.Boolean()
    intentos = Entero()
    creado_en = FechaHora()
    reprocesado_en = FechaHora(allow_none=True)


class MensajeFallidoDetalleSalida(MensajeFallidoSalida):
    sobre = Texto(metadata={"description": "El mensaje (JSON), datos personales enmascarados"})


class PaginaMensajesFallidosSalida(Esquema):
    pagina = Entero()
    por_pagina = Entero()
    total = Entero()
    mensajes = fields.List(fields.Nested(MensajeFallidoSalida))


class ReprocesoMensajesSalida(Esquema):
    reprocesados = Entero()
    mensajes = fields.List(Entero())


def _fila(f, con_sobre: bool = False) -> dict:
    datos = {c: getattr(f, c) for c in MensajeFallidoSalida._declared_fields}
    datos["permanente"] = bool(f.permanente)
    datos["error"] = enmascarar(f.error or "")
    if con_sobre:
        datos["sobre"] = enmascarar(
            json.dumps(_enmascarar_sobre(f.sobre), ensure_ascii=False, indent=2)
        )
    return datos


def _listar(pagina: int, por_pagina: int, pendientes: bool) -> dict:
    filtro = _TABLA.c.reprocesado_en.is_(None) if pendientes else True
    with current_app.extensions["mc"].engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(_TABLA).where(filtro)).scalar()
        filas = conn.execute(
            select(_TABLA)
            .where(filtro)
            .order_by(_TABLA.c.id.desc())
            .limit(por_pagina)
            .offset((pagina - 1) * por_pagina)
        ).all()
    mensajes = [_fila(f) for f in filas]
    return {"pagina": pagina, "por_pagina": por_pagina, "total": total, "mensajes": mensajes}


def _reprocesar(ids: list[int] | None, limite: int = 1) -> list[int]:
    """Back onto the service's queue; only rows not reprocessed yet (row-locked)."""
    mc = current_app.extensions["mc"]
    consulta = select(_TABLA).where(_TABLA.c.reprocesado_en.is_(None))
    if ids is not None:
        consulta = consulta.where(_TABLA.c.id.in_(ids))
    consulta = consulta.order_by(_TABLA.c.id).limit(limite).with_for_update(skip_locked=True)
    with mc.engine.begin() as conn:
        filas = conn.execute(consulta).all()
        hechos = [f.id for f in filas]
        if hechos:
            conn.execute(
                update(_TABLA)
                .where(_TABLA.c.id.in_(hechos))
                .values(reprocesado_en=datetime.now(UTC))
            )
        publicador = PublicadorCelery(mc.celery)
        for f in filas:
            publicador.enviar(mc.config.servicio, f.sobre)
    return hechos


def _uno(mensaje_id: int):
    with current_app.extensions["mc"].engine.connect() as conn:
        fila = conn.execute(select(_TABLA).where(_TABLA.c.id == mensaje_id)).first()
    if fila is None:
        raise NoEncontrado("No existe ese mensaje fallido.")
    return fila


def blueprint(servicio: str) -> Blueprint:
    """The dead-letter routes under /api/<servicio>/mensajes-fallidos."""
    bp = Blueprint(
        f"{servicio}_mensajes_fallidos",
        __name__,
        url_prefix=f"/api/{servicio}/mensajes-fallidos",
        description="Mensajes fallidos (operaciones)",
    )

    @bp.route("", methods=["GET"])
    @bp.doc(security=SEGURIDAD)
    @requiere_rol("OPERACIONES")
    @bp.arguments(ListaMensajesFallidosEsquema, location="query")
    @bp.response(200, PaginaMensajesFallidosSalida)
    @respuestas_error(bp, 401, 403)
    def listar(datos):
        """Mensajes que un consumidor no pudo procesar, el más reciente primero."""
        return _listar(datos["pagina"], datos["por_pagina"], datos["pendientes"])

    @bp.route("/<int:mensaje_id>", methods=["GET"])
    @bp.doc(security=SEGURIDAD)
    @requiere_rol("OPERACIONES")
    @bp.response(200, MensajeFallidoDetalleSalida)
    @respuestas_error(bp, 401, 403, 404)
    def ver(mensaje_id):
        """Un mensaje fallido con su sobre y su error."""
        return _fila(_uno(mensaje_id), con_sobre=True)

    @bp.route("/<int:mensaje_id>/reproceso", methods=["POST"])
    @bp.doc(security=SEGURIDAD)
    @requiere_rol("OPERACIONES")
    @bp.response(202, ReprocesoMensajesSalida)
    @respuestas_error(bp, 401, 403, 404, 409)
    def reprocesar(mensaje_id):
        """Devuelve el mensaje a la cola del servicio (una sola vez)."""
        _uno(mensaje_id)
        hechos = _reprocesar([mensaje_id])
        if not hechos:
            raise Conflicto("Este mensaje ya fue reprocesado.")
        return {"reprocesados": 1, "mensajes": hechos}

    @bp.route("/reprocesos", methods=["POST"])
    @bp.doc(security=SEGURIDAD)
    @requiere_rol("OPERACIONES")
    @bp.arguments(ReprocesoMensajesEsquema)
    @bp.response(202, ReprocesoMensajesSalida)
    @respuestas_error(bp, 401, 403)
    def reprocesar_todos(datos):
        """Devuelve a la cola todos los mensajes fallidos aún no reprocesados."""
        hechos = _reprocesar(None, datos["limite"])
        return {"reprocesados": len(hechos), "mensajes": hechos}

    return bp
