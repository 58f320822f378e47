"""HTTP entry point of the emision service."""

from __future__ import annotations

from datetime import datetime

from flask import Response, current_app, g, request
from flask_smorest import Blueprint

from services.emision.adapters.almacen import crear_almacen
from services.emision.adapters.clave_pkcs11 import abrir_configurada
from services.emision.adapters.credencial_jose import EmisorCredencial
from services.emision.adapters.firma_pdf import (
    RenderizadorFirmado,
    cargar_firmante,
    cliente_tsa,
)
from services.emision.adapters.pdf import RenderizadorPdf
from services.emision.entrypoints import esquemas
from services.emision.entrypoints import esquemas_salida as salida
from services.emision.service_layer import vistas
from services.emision.service_layer.comandos import AnularCertificado, RotarClaveDeSello
from services.emision.service_layer.dependencias import Dependencias
from services.emision.service_layer.handlers import (
    MANEJADORES,
    al_descartar,
    anular,
    precargar_lote,
    rotar_clave_de_sello,
)
from services.emision.service_layer.unit_of_work import UnidadDeTrabajoEmision
from shared.acceso_web import requiere_rol
from shared.config import Config
from shared.contexto_credencial import ESQUEMA_CONTEXTO, contexto_jsonld, url_contexto
from shared.esquemas_comunes import respuestas_error
from shared.identificadores import agrupar, leer_codigo_virtual, nombre_de_descarga
from shared.llavero import Llavero, SinClaveDeFirma
from shared.peticion import uow
from shared.vc_jose import ESQUEMA_JWS, TIPO_MIME
from shared.web import conectar_consumidor, crear_app_servicio

bp = Blueprint(
    "emision", __name__, url_prefix="/api/emision", description="Certificados emitidos y sus PDF"
)


@bp.route("/certificados/<codigo_virtual>/pdf", methods=["GET"])
@bp.doc(security=[{"bearer": []}])
@requiere_rol(
    "DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", servicios=("verificacion", "notificaciones")
)
@bp.response(200, content_type="application/pdf", description="El PDF del certificado")
@bp.alt_response(200, schema=salida.PDF, content_type="application/pdf", success=True)
@respuestas_error(bp, 400, 401, 403, 404)
def descargar_pdf(codigo_virtual):
    """El PDF de un certificado, con token: la IE que lo emitió, su UGEL, la OACIGED o un servicio.

    No public path here: the public gets the PDF from verificacion, behind its limits.
    """
    canonico = leer_codigo_virtual(codigo_virtual)
    # g.usuario is None for verificacion's and notificaciones' internal calls
    pdf = vistas.pdf_del_certificado(uow(), current_app.extensions["almacen"], canonico, g.usuario)
    nombre = nombre_de_descarga(canonico, "pdf")
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{nombre}"'},
    )


@bp.route("/certificados/<codigo_virtual>/credencial", methods=["GET"])
@bp.doc(security=[{"bearer": []}])
@requiere_rol(
    "DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", servicios=("verificacion", "notificaciones")
)
@bp.response(200, content_type=TIPO_MIME, description="La credencial verificable (VC-JOSE)")
@bp.alt_response(200, schema=ESQUEMA_JWS, content_type=TIPO_MIME, success=True)
@respuestas_error(bp, 400, 401, 403, 404)
def descargar_credencial(codigo_virtual):
    """La credencial verificable W3C que lleva el PDF, con token (quien puede ver el PDF)."""
    canonico = leer_codigo_virtual(codigo_virtual)
    jws = vistas.credencial_del_certificado(
        uow(), current_app.extensions["almacen"], canonico, g.usuario
    )
    return Response(
        jws,
        mimetype=TIPO_MIME,
        headers={
            "Content-Disposition": f'attachment; filename="{nombre_de_descarga(canonico, "jwt")}"'
        },
    )


@bp.route("/certificados/<codigo_virtual>/contenido", methods=["GET"])
@bp.doc(security=[{"bearer": []}])
@requiere_rol("DIRECTOR_IE", "ESPECIALISTA_UGEL", "OACIGED", servicios=("verificacion",))
@bp.response(200)
@bp.alt_response(200, schema=salida.ContenidoSalida, success=True)
@respuestas_error(bp, 400, 401, 403, 404)
def contenido_certificado(codigo_virtual):
    """Lo que imprime el PDF, como datos (lo que cubre la huella del sello): la grilla de notas."""
    # g.usuario is None for verificacion's internal calls
    return vistas.contenido_del_certificado(uow(), leer_codigo_virtual(codigo_virtual), g.usuario)


@bp.route("/certificados/<codigo_virtual>/anulacion", methods=["POST"])
@bp.doc(security=[{"bearer": []}])
@requiere_rol("DIRECTOR_IE", "OACIGED")
@bp.arguments(esquemas.AnulacionEsquema)
@bp.response(200)
@bp.alt_response(200, schema=salida.AnulacionSalida, success=True)
@respuestas_error(bp, 400, 401, 403, 404, 409, 503)
def anular_certificado(datos, codigo_virtual):
    """Anula un certificado con su motivo (la IE que lo emitió o la OACIGED)."""
    cmd = AnularCertificado(leer_codigo_virtual(codigo_virtual), datos["motivo_anulacion"])
    anular(cmd, uow(), g.usuario, current_app.extensions["emision"])
    return {"codigo_virtual": agrupar(cmd.codigo_virtual), "estado": "ANULADO"}


@bp.route("/claves", methods=["GET"])
@bp.alt_response(200, schema=salida.ClavesSalida, success=True)
def claves_publicas():
    """Claves públicas Ed25519 con su vigencia, para verificar el sello del QR sin conexión."""
    return {"claves": current_app.extensions["llavero"].publicas()}


@bp.route("/operaciones/claves", methods=["GET"])
@bp.doc(security=[{"bearer": []}])
@requiere_rol("OPERACIONES")
@bp.response(200, salida.ClavesOperacionesSalida)
@respuestas_error(bp, 401, 403)
def claves_operaciones():
    """Claves del sello del QR (activa y retiradas, con su vigencia) y el certificado PAdES."""
    fechas = ("valido_desde", "valido_hasta")
    claves = [
        {**c, **{f: c[f] and datetime.fromisoformat(c[f]) for f in fechas}}
        for c in current_app.extensions["llavero"].publicas()
    ]
    firmante_pdf = current_app.extensions["firmante_pdf"]
    return {
        "claves": claves,
        "certificado_pdf": firmante_pdf.certificado(),
        "certificados_pdf": firmante_pdf.historial(),
        "modo_certificado_pdf": firmante_pdf.certificados.modo(),
    }


@bp.route("/operaciones/claves/rotacion", methods=["POST"])
@bp.doc(security=[{"bearer": []}])
@requiere_rol("OPERACIONES")
@bp.response(200, salida.RotacionSalida)
@respuestas_error(bp, 401, 403)
def rotar_clave():
    """Rota la clave del sello: la nueva firma desde ahora; la anterior sigue verificando."""
    kid, certificado = rotar_clave_de_sello(
        RotarClaveDeSello(), uow(), g.usuario, current_app.extensions["emision"]
    )
    serie = certificado["numero_serie"] if certificado else None
    mensaje = (
        f"La clave {kid} firma desde ahora; los certificados ya emitidos siguen "
        "verificándose con la clave anterior."
    )
    if certificado is not None:
        mensaje += f" Los PDF se firman con el certificado de serie {serie}."
    return {"kid": kid, "numero_serie_pdf": serie, "mensaje": mensaje}


@bp.route("/credenciales/contexto/v1", methods=["GET"])
@bp.alt_response(200, schema=ESQUEMA_CONTEXTO, success=True)
def contexto_credencial():
    """Contexto JSON-LD de la credencial (el que nombran las emitidas antes; hoy lo publica
    verificación en /api/verificacion/credenciales/contexto/v1)."""
    return contexto_jsonld(request.base_url)


def create_app(config: Config | None = None, renderizador=None):
    """Application factory of the emision service."""
    config = config or Config.desde_entorno("emision")
    app, api = crear_app_servicio(config, UnidadDeTrabajoEmision)
    api.register_blueprint(bp)
    almacen = crear_almacen(config.almacen_pdf, config.pdf_dir, config.s3_endpoint_url)
    app.extensions["almacen"] = almacen
    # Embedded mode and tests make their first key; production provisions it (mc claves rotar).
    llavero = Llavero.cargar(config.firma_dir, crear_si_falta=config.embebido or config.testing)
    if llavero.activa is None:  # fail at start, not at the first certificate
        raise SinClaveDeFirma(
            f"No hay clave de firma en {config.firma_dir}: "
            "ejecute `mc claves asegurar` (o `mc claves rotar`)."
        )
    app.extensions["llavero"] = llavero
    # Every PDF leaves signed (PAdES): issued, watermarked as superseded, or marked annulled;
    # timestamped by the TSA (B-T) when one is configured.
    tsa = None
    if config.pades_tsa_url:
        tsa = cliente_tsa(
            config.pades_tsa_url,
            config.pades_tsa_usuario,
            config.pades_tsa_clave,
            config.pades_tsa_plazo,
        )
    # The key in an HSM when PADES_PKCS11_* say so: checked here, the service does not start
    # without it (HsmNoDisponible says why) rather than issue unsigned.
    clave_hsm = abrir_configurada(config)
    firmante_pdf = cargar_firmante(
        config.firma_dir,
        config.pades_certificado,
        clave_hsm or config.pades_clave,
        list(config.pades_cadena),
        crear_si_falta=config.embebido or config.testing,
        tsa=tsa,
    )
    app.extensions["firmante_pdf"] = firmante_pdf
    # ...with its W3C Verifiable Credential inside (VC-JOSE, signed with the seal's key ring).
    # The context at its public URL (verificacion's, as the QR), not emision's internal one.
    contexto = url_contexto(config.url_verificacion)
    credenciales = EmisorCredencial(llavero, config.url_verificacion, contexto)
    renderizador = RenderizadorFirmado(
        renderizador or RenderizadorPdf(), firmante_pdf, credenciales
    )
    dep = Dependencias(renderizador, almacen, config.url_verificacion, llavero, firmante_pdf)
    app.extensions["emision"] = dep
    conectar_consumidor(app, MANEJADORES, dep, al_descartar=al_descartar, precargar=precargar_lote)
    return app
