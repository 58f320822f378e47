"""HTTP entry point of the notas service: parse, handle, respond."""

from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint

from services.notas.entrypoints import esquemas
from services.notas.service_layer import comandos, handlers, vistas
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import requiere_rol
from shared.config import Config
from shared.web import conectar_consumidor, crear_app_servicio

bp = Blueprint(
    "notas",
    __name__,
    url_prefix="/api/notas",
    description="Padrón de IIEE, estudiantes y registro de notas",
)
SEGURIDAD = [{"bearer": []}]


def _uow() -> UnidadDeTrabajoNotas:
    return current_app.extensions["mc"].uow_factory()


@bp.route("/instituciones", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(esquemas.InstitucionEsquema)
@bp.response(201, esquemas.InstitucionSalida)
def registrar_institucion(datos):
    """Registra o actualiza una institución educativa del padrón."""
    datos["niveles"] = tuple(datos["niveles"])
    return handlers.registrar_institucion(comandos.RegistrarInstitucion(**datos), _uow())


@bp.route("/instituciones", methods=["GET"])
@bp.arguments(esquemas.BusquedaInstitucionEsquema, location="query")
@bp.response(200, esquemas.InstitucionSalida(many=True))
def buscar_instituciones(filtros):
    """Búsqueda de institución por nombre o código modular (pública)."""
    return vistas.buscar_instituciones(_uow(), filtros["q"])


@bp.route("/estudiantes", methods=["PUT"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")
@bp.arguments(esquemas.EstudianteEsquema)
@bp.response(200, esquemas.RegistroSalida)
def registrar_estudiante(datos):
    """Registra un estudiante o corrige sus datos personales."""
    handlers.registrar_estudiante(comandos.RegistrarEstudiante(**datos), _uow())
    return vistas.registro_estudiante(_uow(), datos["tipo_documento"], datos["numero_documento"])


@bp.route(
    "/estudiantes/<tipo_documento>/<numero_documento>/grados/<nivel>/<grado>", methods=["PUT"]
)
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")
@bp.arguments(esquemas.GradoEsquema)
@bp.response(200, esquemas.RegistroSalida)
def registrar_grado(datos, tipo_documento, numero_documento, nivel, grado):
    """Registra las notas de un grado (reemplaza las anteriores de ese grado)."""
    ruta = esquemas.RutaGradoEsquema().load({"nivel": nivel, "grado": grado})
    calificaciones = tuple(comandos.CalificacionIngresada(**c) for c in datos.pop("calificaciones"))
    cmd = comandos.RegistrarGrado(
        tipo_documento=tipo_documento.upper(),
        numero_documento=numero_documento.upper(),
        calificaciones=calificaciones,
        **ruta,
        **datos,
    )
    handlers.registrar_grado(cmd, _uow(), g.usuario)
    return vistas.registro_estudiante(_uow(), cmd.tipo_documento, cmd.numero_documento)


@bp.route("/estudiantes/<tipo_documento>/<numero_documento>/registro", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", "OPERACIONES")
@bp.response(200, esquemas.RegistroSalida)
def ver_registro(tipo_documento, numero_documento):
    """El registro completo de un estudiante, por nivel, con su completitud."""
    return vistas.registro_estudiante(_uow(), tipo_documento.upper(), numero_documento.upper())


def create_app(config: Config | None = None):
    """Application factory of the notas service."""
    config = config or Config.desde_entorno("notas")
    app, api = crear_app_servicio(config, UnidadDeTrabajoNotas)
    api.register_blueprint(bp)
    conectar_consumidor(app, {})
    return app
