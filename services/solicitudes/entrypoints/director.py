"""Staff endpoints («Mi Certificado» menu): configuration, queues, emission, emisión directa.

Every view checks the role here and the scope (IE, UGEL, OACIGED) in the service layer.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_smorest import Blueprint

from services.solicitudes.domain.identidad import PersonaRegistrada, Representado
from services.solicitudes.entrypoints import carga_csv
from services.solicitudes.entrypoints import esquemas_director as esquemas
from services.solicitudes.entrypoints import esquemas_salida as salida
from services.solicitudes.entrypoints.comun import (
    datos_solicitud,
    dependencias,
    persona,
    registro_identidad,
)
from services.solicitudes.entrypoints.esquemas import SolicitudRegistradaSalida
from services.solicitudes.service_layer import (
    atencion,
    comandos,
    emision_directa,
    handlers,
    lotes,
    vistas,
    vistas_director,
)
from shared.acceso_web import requiere_rol
from shared.errores import ErrorDeDominio
from shared.esquemas_comunes import respuestas_error
from shared.peticion import uow

bp = Blueprint(
    "director",
    __name__,
    url_prefix="/api/solicitudes",
    description="Colas y acciones del director, la UGEL y la OACIGED",
)
SEGURIDAD = [{"bearer": []}]
STAFF = ("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED")


def _ie(datos: dict) -> tuple[str, str]:
    """The IE named in the request, or the director's own."""
    codigo_modular = datos.get("codigo_modular") or g.usuario.codigo_modular
    if not codigo_modular:
        raise ErrorDeDominio("Indique el código modular de la institución.", "codigo_modular")
    anexo = datos.get("anexo", "0") if datos.get("codigo_modular") else g.usuario.anexo
    return codigo_modular, anexo


@bp.route("/configuracion/habilitar-solicitud", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL")
@bp.arguments(esquemas.IEEsquema, location="query")
@bp.alt_response(200, schema=salida.ConfiguracionSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def ver_habilitar_solicitud(datos):
    """Configuración → Habilitar solicitud: estado actual para la IE."""
    return vistas_director.configuracion(uow(), g.usuario, *_ie(datos))


@bp.route("/configuracion/habilitar-solicitud", methods=["PUT"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL")
@bp.arguments(esquemas.HabilitarEsquema)
@bp.alt_response(200, schema=salida.ConfiguracionSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def cambiar_habilitar_solicitud(datos):
    """Activa o desactiva la solicitud web de la IE (la UGEL, si la IE cerró)."""
    cmd = comandos.CambiarHabilitarSolicitud(*_ie(datos), datos["habilitar_solicitud"])
    return atencion.cambiar_habilitar_solicitud(cmd, uow(), g.usuario, dependencias())


def _vista_de_cola(nombre: str, descripcion: str):
    @bp.doc(security=SEGURIDAD, summary=descripcion)
    @requiere_rol(*STAFF)
    @bp.arguments(esquemas.ColaEsquema, location="query")
    @bp.alt_response(200, schema=salida.ColaSalida, success=True)
    @respuestas_error(bp, 401, 403, 404)
    def vista(filtros):
        return vistas_director.cola(uow(), g.usuario, nombre, filtros)

    vista.__name__ = f"cola_{nombre}"
    bp.route(f"/{nombre}", methods=["GET"], endpoint=f"cola_{nombre}")(vista)


@bp.route("/cifras", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.arguments(esquemas.IEEsquema, location="query")
@bp.alt_response(200, schema=salida.CifrasSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def cifras(datos):
    """Inicio: pendientes, información completa, en emisión y fallidas de sus colas."""
    return vistas_director.cifras(
        uow(), g.usuario, datos.get("codigo_modular"), datos.get("anexo", "0")
    )


_vista_de_cola("pendientes", "Solicitudes pendientes, con la completitud de sus datos")
_vista_de_cola("rechazadas", "Solicitudes rechazadas, con su motivo")
_vista_de_cola("emitidas", "Certificados emitidos")
_vista_de_cola("semiautomatica", "Solicitudes para emisión semi-automática (INFORMACIÓN COMPLETA)")


@bp.route("/solicitudes/<int:numero_solicitud>", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.alt_response(200, schema=salida.SolicitudDetalleSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def ver_solicitud(numero_solicitud):
    """Detalle de una solicitud con su historial (quién, cuándo)."""
    url = current_app.extensions["mc"].config.url_verificacion
    return vistas.detalle(uow(), numero_solicitud, g.usuario, url)


@bp.route("/solicitudes/<int:numero_solicitud>/rechazo", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.arguments(esquemas.RechazoEsquema)
@bp.alt_response(200, schema=salida.RechazoSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def rechazar(datos, numero_solicitud):
    """Rechaza la solicitud con su motivo (se avisa al ciudadano por correo)."""
    cmd = comandos.RechazarSolicitud(numero_solicitud, datos["motivo_rechazo"])
    return atencion.rechazar_solicitud(cmd, uow(), g.usuario, dependencias())


@bp.route("/solicitudes/<int:numero_solicitud>/parte-oaciged", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OACIGED")
@bp.alt_response(200, schema=salida.ParteOacigedSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def completar_parte_oaciged(numero_solicitud):
    """Solicitud consolidada: la OACIGED certificó hasta 1985; pasa a la IE (o su UGEL)."""
    return atencion.completar_parte_oaciged(
        comandos.CompletarParteOaciged(numero_solicitud), uow(), g.usuario, dependencias()
    )


@bp.route("/solicitudes/<int:numero_solicitud>/nueva-solicitud", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.arguments(esquemas.GenerarEsquema)
@bp.response(201)
@bp.alt_response(201, schema=SolicitudRegistradaSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def generar_desde_certificado(datos, numero_solicitud):
    """Genera una nueva solicitud a partir del certificado emitido de esta solicitud."""
    cmd = comandos.GenerarDesdeCertificado(numero_solicitud, **datos)
    return emision_directa.generar_desde_certificado(cmd, uow(), g.usuario, dependencias())


@bp.route("/emisiones", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.arguments(esquemas.EmisionEsquema)
@bp.response(202)
@bp.alt_response(202, schema=salida.EmisionOrdenadaSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def ordenar_emision(datos):
    """Ordena la emisión de una o varias solicitudes (asíncrona; semi-automática)."""
    ids = tuple(dict.fromkeys(datos["numeros_solicitud"]))
    return atencion.ordenar_emision(comandos.OrdenarEmision(ids), uow(), g.usuario, dependencias())


@bp.route("/lotes/<lote_id>", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.alt_response(200, schema=salida.AvanceLoteSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def avance_lote(lote_id):
    """Avance de un lote de emisión: emitidas, fallidas (con su motivo), en emisión, total."""
    return lotes.avance(uow(), lote_id, g.usuario)


@bp.route("/lotes/<lote_id>/reintentos", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.arguments(esquemas.ReintentoEsquema)
@bp.response(202)
@bp.alt_response(202, schema=salida.EmisionOrdenadaSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def reintentar_lote(datos, lote_id):
    """Vuelve a ordenar las fallidas del lote (todas, o las indicadas), dentro del mismo lote."""
    numeros = tuple(dict.fromkeys(datos.get("numeros_solicitud") or ()))
    return lotes.reintentar(
        comandos.ReintentarLote(lote_id, numeros), uow(), g.usuario, dependencias()
    )


@bp.route("/busqueda-estudiantes", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.arguments(esquemas.BusquedaEstudianteEsquema)
@bp.alt_response(200, schema=salida.BusquedaEstudianteSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def buscar_estudiante(datos):
    """Emisión directa → Búsqueda de estudiantes (ofrece generar desde un CE emitido)."""
    return vistas_director.buscar_estudiante(uow(), registro_identidad(), g.usuario, persona(datos))


@bp.route("/emisiones-directas", methods=["POST"])
@bp.doc(security=SEGURIDAD)
@requiere_rol(*STAFF)
@bp.arguments(esquemas.EmisionDirectaEsquema)
@bp.response(201)
@bp.alt_response(201, schema=SolicitudRegistradaSalida, success=True)
@respuestas_error(bp, 401, 403, 404, 409)
def registrar_emision_directa(datos):
    """Crea la solicitud de un estudiante buscado (para EBR, último año hasta 2012)."""
    datos["codigo_modular"], datos["anexo"] = _ie(datos)
    cmd = comandos.RegistrarEmisionDirecta(persona(datos), datos_solicitud(datos))
    return emision_directa.registrar_emision_directa(cmd, uow(), g.usuario, dependencias())


@bp.route("/estudiantes-actuales", methods=["GET"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL")
@bp.arguments(esquemas.EstudiantesEsquema, location="query")
@bp.alt_response(200, schema=salida.EstudiantesActualesSalida, success=True)
@respuestas_error(bp, 401, 403, 404)
def estudiantes_actuales(filtros):
    """Emisión directa → Estudiantes actuales (su último grado registrado es de la IE)."""
    return vistas_director.estudiantes_actuales(uow(), g.usuario, filtros)


@bp.route("/registro-identidad", methods=["PUT"])
@bp.doc(security=SEGURIDAD)
@requiere_rol("OPERACIONES")
@bp.arguments(esquemas.RegistroIdentidadEsquema)
@bp.alt_response(200, schema=salida.RegistroIdentidadSalida, success=True)
@respuestas_error(bp, 401, 403)
def cargar_registro_identidad(datos):
    """Carga personas y vínculos de padre/madre/apoderado en el registro de identidad."""
    return handlers.cargar_registro_identidad(
        comando_de_carga(datos), None, g.usuario, dependencias()
    )


ARCHIVOS_CSV = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["personas"],
                "properties": {
                    campo: {"type": "string", "format": "binary"} for campo in carga_csv.ARCHIVOS
                },
            }
        }
    }
}


@bp.route("/registro-identidad/importacion", methods=["POST"])
@bp.doc(security=SEGURIDAD, requestBody=ARCHIVOS_CSV)
@requiere_rol("OPERACIONES")
@bp.response(200, salida.CargaIdentidadSalida)
@respuestas_error(bp, 401, 403, 415, 422)
def importar_registro_identidad():
    """Carga el registro de identidad desde CSV (personas; vínculos opcional).

    Si una fila no es válida no se carga nada: el reporte dice cada fila rechazada (archivo,
    fila, campo, motivo; sin datos personales).
    """
    textos = carga_csv.textos_subidos(request)
    esquemas_csv = {
        "personas": esquemas.PersonaRegistradaEsquema(),
        "vinculos": esquemas.VinculoEsquema(),
    }
    datos, errores, leidas = {"personas": [], "vinculos": []}, [], {}
    for campo, texto in textos.items():
        datos[campo], malas = carga_csv.leer(texto, esquemas_csv[campo])
        leidas[campo] = len(datos[campo]) + len(malas)
        errores += carga_csv.reporte(f"{campo}.csv", malas)
    cargados = {"personas": 0, "vinculos": 0}
    if not errores:
        cargados = handlers.cargar_registro_identidad(
            comando_de_carga(datos), None, g.usuario, dependencias()
        )
    return {
        "cargado": not errores,
        "filas_personas": leidas.get("personas", 0),
        "filas_vinculos": leidas.get("vinculos", 0),
        **cargados,
        "errores": errores,
    }


def comando_de_carga(datos: dict) -> comandos.CargarRegistroIdentidad:
    """Parsed persons and links → the load command (shared with the CSV loader)."""
    personas = tuple(PersonaRegistrada(**p) for p in datos["personas"])
    vinculos = tuple(
        (
            v["apoderado_tipo_documento"],
            v["apoderado_numero_documento"],
            Representado(v["tipo_documento"], v["numero_documento"], v["vinculo"]),
        )
        for v in datos["vinculos"]
    )
    return comandos.CargarRegistroIdentidad(personas, vinculos)
