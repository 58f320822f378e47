"""HTTP reads for OPERACIONES: every lote's progress and requests stuck EN EMISIÓN."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import validate

from services.solicitudes.service_layer import vistas_operaciones
from shared.acceso_web import requiere_rol
from shared.campos import Anidado, Booleano, Entero, Esquema, FechaHora, Lista, Texto
from shared.esquemas_comunes import PaginaEsquema, respuestas_error
from shared.peticion import uow

bp = Blueprint(
    "operaciones",
    __name__,
    url_prefix="/api/solicitudes/operaciones",
    description="Lotes y solicitudes atascadas (operaciones)",
)
SEGURIDAD = [{"bearer": []}]


class AtascadasEsquema(Esquema):
    minutos = Entero(
        load_default=30,
        strict=False,
        validate=validate.Range(min=1, max=10080, error="De {min} a {max} minutos."),
        metadata={"description": "EN EMISIÓN desde hace más de estos minutos"},
    )
    limite = Entero(
        load_default=200,
        strict=False,
        validate=validate.Range(min=1, max=1000, error="De {min} a {max} solicitudes."),
    )


class LoteOperacionesSalida(Esquema):
    lote_id = Texto()
    creado_en = FechaHora()
    rol = Texto()
    codigo_modular = Texto(allow_none=True)
    anexo = Texto(allow_none=True)
    codigo_ugel = Texto(allow_none=True)
    total = Entero()
    emitidas = Entero()
    fallidas = Entero()
    en_emision = Entero()
    terminado = Booleano()


class PaginaLotesSalida(Esquema):
    pagina = Entero()
    por_pagina = Entero()
    total = Entero()
    lotes = Lista(Anidado(LoteOperacionesSalida))


class AtascadaSalida(Esquema):
    numero_solicitud = Entero()
    codigo_modular = Texto()
    anexo = Texto()
    lote_id = Texto(allow_none=True)
    emision_ordenada_en = FechaHora()
    minutos = Entero()


class AtascadasSalida(Esquema):
    minutos = Entero()
    solicitudes = Lista(Anidado(AtascadaSalida))


@bp.route("/lotes", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(PaginaEsquema, location="query")
@bp.response(200, PaginaLotesSalida)
@respuestas_error(bp, 401, 403)
def lotes(datos):
    """Todos los lotes de emisión, el más reciente primero, con su avance."""
    return vistas_operaciones.lotes(uow(), datos["pagina"], datos["por_pagina"])


@bp.route("/atascadas", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(AtascadasEsquema, location="query")
@bp.response(200, AtascadasSalida)
@respuestas_error(bp, 401, 403)
def atascadas(datos):
    """Solicitudes EN EMISIÓN desde hace más de ``minutos``."""
    return vistas_operaciones.atascadas(uow(), datos["minutos"], datos["limite"])
