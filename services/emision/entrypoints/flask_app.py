"""HTTP entry point of the emision service."""

from __future__ import annotations

import hmac

from flask import Response, current_app
from flask_smorest import Blueprint

from services.emision.adapters.almacen import AlmacenLocal
from services.emision.adapters.pdf import RenderizadorPdf
from services.emision.service_layer.handlers import Dependencias, manejadores
from services.emision.service_layer.unit_of_work import UnidadDeTrabajoEmision
from shared.campos import Esquema, Texto
from shared.config import Config
from shared.errores import CodigoMalEscrito, NoEncontrado
from shared.identificadores import LONGITUD_CODIGO_VIRTUAL, normalizar
from shared.web import conectar_consumidor, crear_app_servicio

bp = Blueprint(
    "emision", __name__, url_prefix="/api/emision", description="Certificados emitidos y sus PDF"
)


class DescargaEsquema(Esquema):
    documento = Texto(required=True, metadata={"description": "Número de documento del estudiante"})


@bp.route("/certificados/<codigo>/pdf", methods=["GET"])
@bp.arguments(DescargaEsquema, location="query")
def descargar_pdf(consulta, codigo):
    """El PDF de un certificado, con el número de documento de su titular."""
    try:
        canonico = normalizar(codigo, LONGITUD_CODIGO_VIRTUAL)
    except ValueError as exc:
        raise CodigoMalEscrito("El código virtual está mal escrito; revíselo.", "codigo") from exc
    ctx = current_app.extensions["mc"]
    with ctx.uow_factory() as uow:
        cert = uow.emision.certificado(canonico)
        numero = cert.numero_documento if cert else ""
    # Same answer for an unknown code and a wrong document: nothing to enumerate.
    if cert is None or not hmac.compare_digest(numero, consulta["documento"].strip().upper()):
        raise NoEncontrado("No hay un certificado con ese código y documento.")
    pdf = current_app.extensions["almacen"].leer(canonico)
    if pdf is None:
        raise NoEncontrado("El PDF del certificado no está disponible.")
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="certificado-{canonico}.pdf"'},
    )


def create_app(config: Config | None = None, renderizador=None):
    """Application factory of the emision service."""
    config = config or Config.desde_entorno("emision")
    app, api = crear_app_servicio(config, UnidadDeTrabajoEmision)
    api.register_blueprint(bp)
    almacen = AlmacenLocal(config.pdf_dir)
    app.extensions["almacen"] = almacen
    dep = Dependencias(renderizador or RenderizadorPdf(), almacen, config.url_verificacion)
    conectar_consumidor(app, manejadores(dep))
    return app
