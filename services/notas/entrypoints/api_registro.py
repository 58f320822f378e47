"""HTTP API of the registro de notas: students, their grades, snapshots, audit, CSV import."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from services.notas.domain.calificaciones import GRADOS, NIVELES
from services.notas.entrypoints import esquemas
from services.notas.entrypoints import esquemas_salida as salida
from services.notas.entrypoints.importacion_csv import contenido_subido, leer_actas
from services.notas.service_layer import comandos, handlers, importacion, vistas
from shared.acceso_web import requiere_rol
from shared.esquemas_comunes import en_ruta, respuestas_error
from shared.peticion import dependencias, uow

bp = Blueprint(
    "registro",
    __name__,
    url_prefix="/api/notas",
    description="Estudiantes y registro de notas por grado",
)
SEGURIDAD = [{"bearer": []}]
PERSONAL = ("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")
# A student is named by notas' random ``id_estudiante``, never by their document (URLs reach
# access logs and gateways); the document goes in a body: PUT /estudiantes, POST …/consulta.
ESTUDIANTE = "/estudiantes/<id_estudiante>"
GRADO = ESTUDIANTE + "/grados/<nivel>/<grado>"
CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}}
ID = en_ruta("id_estudiante", descripcion="El id del estudiante que devuelve el registro.")
RUTA_GRADO = [
    ID,
    en_ruta("nivel", NIVELES),
    en_ruta("grado", GRADOS),
]


def _doc(id_estudiante: str) -> tuple[str, str]:
    return vistas.documento(uow(), id_estudiante)


@bp.route("/estudiantes", methods=["PUT"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL)
@bp.arguments(esquemas.EstudianteEsquema)
@bp.response(200, esquemas.RegistroSalida)
@respuestas_error(bp, 401, 403, 409)
def registrar_estudiante(datos):
    """Registra un estudiante o corrige sus datos personales."""
    est = handlers.registrar_estudiante(
        comandos.RegistrarEstudiante(**datos), uow(), g.usuario, dependencias()
    )
    return vistas.registro_estudiante(uow(), est.tipo_documento, est.numero_documento, g.usuario)


@bp.route("/estudiantes/consulta", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL, "OPERACIONES")
@bp.arguments(esquemas.DocumentoEsquema)
@bp.response(200, esquemas.RegistroSalida)
@respuestas_error(bp, 401, 403, 404)
def consultar_estudiante(datos):
    """El registro de un estudiante buscado por su documento (en el cuerpo, nunca en la URL)."""
    return vistas.registro_estudiante(
        uow(), datos["tipo_documento"], datos["numero_documento"], g.usuario
    )


@bp.route(GRADO, methods=["PUT"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL)
@bp.arguments(esquemas.GradoEsquema)
@bp.response(200, esquemas.RegistroSalida)
@bp.doc(parameters=RUTA_GRADO)
@respuestas_error(bp, 401, 403, 404, 409)
def registrar_grado(datos, id_estudiante, nivel, grado):
    """Registra las notas de un grado (reemplaza las anteriores de ese grado)."""
    ruta = esquemas.RutaGradoEsquema().load({"nivel": nivel, "grado": grado})
    tipo, numero = _doc(id_estudiante)
    cmd = comandos.RegistrarGrado(
        tipo_documento=tipo,
        numero_documento=numero,
        calificaciones=tuple(_calificacion(c) for c in datos.pop("calificaciones")),
        observaciones=tuple(comandos.ObservacionIngresada(**o) for o in datos.pop("observaciones")),
        **ruta,
        **datos,
    )
    handlers.registrar_grado(cmd, uow(), g.usuario, dependencias())
    return vistas.registro_estudiante(uow(), tipo, numero, g.usuario)


def _calificacion(datos: dict) -> comandos.CalificacionIngresada:
    competencias = tuple(comandos.CompetenciaIngresada(**k) for k in datos.pop("competencias"))
    return comandos.CalificacionIngresada(**datos, competencias=competencias)


@bp.route(GRADO, methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL, "OPERACIONES")
@bp.doc(parameters=RUTA_GRADO)
@bp.alt_response(200, schema=salida.GradoSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 422)
def ver_grado(id_estudiante, nivel, grado):
    """Un grado como lo muestra la pantalla: calificaciones permitidas, leyenda, sugerencias."""
    ruta = esquemas.RutaGradoEsquema().load({"nivel": nivel, "grado": grado})
    tipo, numero = _doc(id_estudiante)
    return vistas.grado(uow(), tipo, numero, ruta["nivel"], ruta["grado"], g.usuario)


@bp.route(GRADO + "/areas", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL)
@bp.arguments(esquemas.AgregarAreasEsquema)
@bp.doc(parameters=RUTA_GRADO)
@bp.alt_response(200, schema=salida.GradoSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def agregar_areas(datos, id_estudiante, nivel, grado):
    """Agrega al grado áreas de un diseño curricular, sin nota; sin «areas», todas."""
    ruta = esquemas.RutaGradoEsquema().load({"nivel": nivel, "grado": grado})
    tipo, numero = _doc(id_estudiante)
    datos["areas"] = tuple(datos["areas"])
    cmd = comandos.AgregarAreas(tipo_documento=tipo, numero_documento=numero, **ruta, **datos)
    handlers.agregar_areas(cmd, uow(), g.usuario, dependencias())
    return vistas.grado(uow(), tipo, numero, ruta["nivel"], ruta["grado"], g.usuario)


@bp.route(ESTUDIANTE + "/registro", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL, "OPERACIONES")
@bp.response(200, esquemas.RegistroSalida)
@respuestas_error(bp, 401, 403, 404)
def ver_registro(id_estudiante):
    """El registro completo de un estudiante, por nivel, con su completitud y lo que falta."""
    return vistas.registro_estudiante(uow(), *_doc(id_estudiante), g.usuario)


@bp.route(ESTUDIANTE + "/registro/<nivel>", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL, "OPERACIONES")
@bp.arguments(esquemas.VersionEsquema, location="query")
@bp.doc(parameters=[ID, en_ruta("nivel", NIVELES)])
@bp.alt_response(200, schema=salida.InstantaneaSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def ver_instantanea(filtro, id_estudiante, nivel):
    """El registro publicado de un nivel (el último o el de «version_registro»), para emitir."""
    tipo, numero = _doc(id_estudiante)
    return vistas.instantanea(
        uow(), tipo, numero, nivel.upper(), filtro["version_registro"], g.usuario
    )


@bp.route(ESTUDIANTE + "/auditoria", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*PERSONAL, "OPERACIONES")
@bp.alt_response(200, schema=salida.AuditoriaSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def ver_auditoria(id_estudiante):
    """Cada cambio de una nota o situación final: quién, cuándo, antes y después."""
    tipo, numero = _doc(id_estudiante)
    return {"cambios": vistas.auditoria(uow(), tipo, numero, g.usuario)}


@bp.route("/importaciones/actas", methods=["POST"])
@bp.doc(security=SEGURIDAD, requestBody=CSV)
@requiere_rol(*PERSONAL)
@bp.response(200, esquemas.ReporteImportacion)
@respuestas_error(bp, 400, 401, 403, 413, 415, 422)
def importar_actas():
    """Importa actas históricas desde un CSV; informa cada fila rechazada (fila, campo, motivo)."""
    filas, errores, leidas = leer_actas(contenido_subido())
    reporte = importacion.importar_actas(
        comandos.ImportarActas(tuple(filas)), uow(), g.usuario, dependencias()
    )
    errores = sorted(errores + reporte["errores"], key=lambda e: e["fila"])
    return {"procesadas": leidas, "guardadas": reporte["guardadas"], "errores": errores}
