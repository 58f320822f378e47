"""HTTP API of the curricular catalog and the allowed grades (what a UI offers per cell)."""

from __future__ import annotations

from flask_smorest import Blueprint

from services.notas.domain.calificaciones import calificaciones_permitidas
from services.notas.entrypoints import esquemas
from services.notas.entrypoints import esquemas_salida as salida
from services.notas.entrypoints.api_registro import PERSONAL, SEGURIDAD
from services.notas.service_layer import vistas_instituciones as vistas_ie
from shared.acceso_web import requiere_rol
from shared.esquemas_comunes import respuestas_error
from shared.peticion import uow

bp = Blueprint(
    "catalogo",
    __name__,
    url_prefix="/api/notas",
    description="Catálogo curricular: diseños, áreas, competencias y calificaciones permitidas",
)
TODO_EL_PERSONAL = (*PERSONAL, "OPERACIONES")


@bp.route("/catalogo/disenos", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*TODO_EL_PERSONAL)
@bp.arguments(esquemas.FiltroDisenosEsquema, location="query")
@bp.alt_response(200, schema=salida.DisenosSalida, success=True)
@respuestas_error(bp, 401, 403)
def disenos(filtro):
    """Diseños curriculares, por nivel, modalidad y año de vigencia."""
    return {"disenos": vistas_ie.disenos(uow(), **filtro)}


@bp.route("/catalogo/areas", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*TODO_EL_PERSONAL)
@bp.arguments(esquemas.FiltroAreasEsquema, location="query")
@bp.alt_response(200, schema=salida.AreasSalida, success=True)
@respuestas_error(bp, 401, 403)
def areas(filtro):
    """Áreas, talleres y competencias transversales por diseño, tipo y texto."""
    filtro.pop("modalidad")
    return {"areas": vistas_ie.areas(uow(), texto=filtro.pop("q"), **filtro)}


@bp.route("/calificaciones-permitidas", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*TODO_EL_PERSONAL)
@bp.arguments(esquemas.PermitidasEsquema, location="query")
@bp.alt_response(200, schema=salida.PermitidasSalida, success=True)
@respuestas_error(bp, 401, 403)
def permitidas(consulta):
    """«Calificaciones permitidas» de una celda: por nivel, grado, año y tipo de área."""
    valores = calificaciones_permitidas(
        consulta["nivel"], consulta["grado"], consulta["anio_lectivo"], consulta["tipo_area"]
    )
    return {"calificaciones_permitidas": list(valores)}
