"""JSON API of public verification (documented in /api/verificacion/openapi.json)."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint

from services.verificacion.entrypoints import esquemas as e
from services.verificacion.entrypoints.comun import claves, dependencias, leer_archivo
from services.verificacion.service_layer import vistas
from services.verificacion.service_layer.comprobaciones import desglose_del_archivo
from shared.contexto_credencial import ESQUEMA_CONTEXTO, contexto_jsonld
from shared.errores import ServicioNoDisponible
from shared.esquemas_comunes import respuestas_error
from shared.identificadores import leer_codigo_virtual, nombre_de_descarga
from shared.peticion import uow
from shared.sello import FORMATO_SELLO
from shared.vc_jose import ESQUEMA_JWS, TIPO_MIME

PDF = {"type": "string", "format": "binary"}
bp = Blueprint(
    "verificacion",
    __name__,
    url_prefix="/api/verificacion",
    description="Verificación pública de certificados: por código virtual, sello del QR o PDF",
)


@bp.route("/certificados/<codigo_virtual>", methods=["GET"])
# Documented, not re-serialized: the summary is stored ready (the busiest endpoint).
@bp.alt_response(
    200, schema=e.ResumenEsquema, description="VIGENTE, SUSTITUIDO o ANULADO", success=True
)
@bp.alt_response(404, schema=e.ResumenEsquema, description="NO_ENCONTRADO")
@respuestas_error(bp, 400, 429)
def verificar(codigo_virtual):
    """Estado y resumen enmascarado de un certificado por su código virtual."""
    codigo = leer_codigo_virtual(codigo_virtual)  # a mistyped code is refused before any lookup
    resultado = vistas.verificar(uow(), codigo)
    return resultado, 404 if resultado["estado"] == "NO_ENCONTRADO" else 200


@bp.route("/certificados/<codigo_virtual>/detalle", methods=["POST"])
@bp.arguments(e.DocumentoEsquema)
@bp.response(200, e.DetalleEsquema)
@respuestas_error(bp, 400, 404, 429)
def detalle(datos, codigo_virtual):
    """Datos completos, solo con el número de documento del titular (no se revela nada más)."""
    codigo = leer_codigo_virtual(codigo_virtual)
    return vistas.detalle(uow(), codigo, datos["numero_documento"])


@bp.route("/certificados/<codigo_virtual>/pdf", methods=["POST"])
@bp.arguments(e.DocumentoEsquema)
@bp.response(200, content_type="application/pdf", description="El PDF del certificado")
@bp.alt_response(200, schema=PDF, content_type="application/pdf", success=True)
@respuestas_error(bp, 400, 404, 429, 503)
def descargar_pdf(datos, codigo_virtual):
    """El PDF del certificado, con el número de documento del titular (en el cuerpo)."""
    return respuesta_pdf(leer_codigo_virtual(codigo_virtual), datos["numero_documento"])


@bp.route("/certificados/<codigo_virtual>/credencial", methods=["POST"])
@bp.arguments(e.DocumentoEsquema)
@bp.response(200, content_type=TIPO_MIME, description="La credencial verificable (VC-JOSE)")
@bp.alt_response(200, schema=ESQUEMA_JWS, content_type=TIPO_MIME, success=True)
@respuestas_error(bp, 400, 404, 429, 503)
def descargar_credencial(datos, codigo_virtual):
    """La credencial verificable W3C del certificado, con el número de documento del titular."""
    return respuesta_credencial(leer_codigo_virtual(codigo_virtual), datos["numero_documento"])


def respuesta_credencial(codigo: str, documento: str) -> Response:
    """The holder's VC as a file (.jwt, application/vc+jwt) once the document matched."""
    jws = vistas.credencial(uow(), dependencias(), codigo, documento)
    return Response(
        jws,
        mimetype=TIPO_MIME,
        headers={
            "Content-Disposition": f'attachment; filename="{nombre_de_descarga(codigo, "jwt")}"'
        },
    )


def respuesta_pdf(codigo: str, documento: str | None) -> Response:
    """Check the document here (None: a signed link was checked), then emision's stored PDF."""
    pdf = vistas.pdf(uow(), dependencias(), codigo, documento)
    nombre = nombre_de_descarga(codigo, "pdf")
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{nombre}"'},
    )


@bp.route("/certificados/<codigo_virtual>/archivo", methods=["POST"])
@bp.arguments(e.ArchivoEsquema, location="files")
@bp.response(200, e.ArchivoComprobadoEsquema)
@respuestas_error(bp, 400, 404, 413, 415, 429)
def comprobar_archivo(_datos, codigo_virtual):
    """Comprueba un PDF o una credencial verificable (.jwt/.json) contra lo emitido con ese
    código: firma, coincidencia con el registro y estado, con el desglose (no se guarda)."""
    codigo = leer_codigo_virtual(codigo_virtual)
    tipo, contenido = leer_archivo(request.files.get("archivo"))
    comprobado = vistas.comprobar_archivo(
        uow(), codigo, tipo, contenido, claves(), dependencias().validador_pades
    )
    comprobado["comprobaciones"] = [
        {"clave": c.clave, "resultado": c.resultado, "detalle": c.detalle % c.datos}
        for c in desglose_del_archivo(comprobado)
    ]
    return comprobado


@bp.route("/sellos", methods=["POST"])
@bp.arguments(e.SelloEsquema)
@bp.response(200, e.SelloComprobadoEsquema)
@respuestas_error(bp, 429)
def comprobar_sello(datos):
    """Verifica el sello firmado del QR con las claves publicadas, y el estado del certificado."""
    return vistas.comprobar_sello(uow(), datos["sello"], claves())


@bp.route("/listas-estado/<int:lista>/<proposito>", methods=["GET"])
@bp.response(200, content_type=TIPO_MIME, description="La lista de estado, firmada (VC-JOSE)")
@bp.alt_response(200, schema=ESQUEMA_JWS, content_type=TIPO_MIME, success=True)
@respuestas_error(bp, 404)
def lista_de_estado(lista, proposito):
    """Lista de estado W3C Bitstring Status List (anulacion o sustitucion), firmada.

    The credentials carry their position in it (credentialStatus): any VC verifier reads there
    whether a certificate was annulled (revocation) or superseded (message).
    """
    jws = vistas.lista_de_estado(uow(), dependencias(), lista, proposito)
    return Response(jws, mimetype=TIPO_MIME, headers={"Cache-Control": "public, max-age=300"})


@bp.route("/credenciales/contexto/v1", methods=["GET"])
@bp.alt_response(200, schema=ESQUEMA_CONTEXTO, success=True)
def contexto_credencial():
    """Contexto JSON-LD de los términos propios de la credencial verificable del CE (público)."""
    return contexto_jsonld(request.base_url)


@bp.route("/listas-estado/claves", methods=["GET"])
@bp.alt_response(200, schema=e.ClavesListasEsquema, success=True)
def claves_listas_de_estado():
    """Claves públicas Ed25519 con que verificación firma sus listas de estado."""
    return {"claves": dependencias().llavero_estado.publicas()}


@bp.route("/claves", methods=["GET"])
@bp.response(200, e.ClavesEsquema)
@respuestas_error(bp, 503)
def claves_publicas():
    """Claves públicas Ed25519 con su vigencia y el formato del sello: verificación sin conexión."""
    publicadas = claves().claves()
    if not publicadas:
        raise ServicioNoDisponible("Las claves públicas aún no están disponibles; intente luego.")
    return {"formato_sello": FORMATO_SELLO, "claves": publicadas}
