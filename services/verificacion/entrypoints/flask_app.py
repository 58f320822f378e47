"""HTTP entry point of the verificacion service: the QR's page and the JSON API (public)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_smorest import Blueprint

from services.verificacion.service_layer import handlers
from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
from shared.config import Config
from shared.errores import CodigoMalEscrito
from shared.identificadores import LONGITUD_CODIGO_VIRTUAL, normalizar
from shared.web import conectar_consumidor, crear_app_servicio

bp = Blueprint(
    "verificacion",
    __name__,
    url_prefix="/api/verificacion",
    description="Verificación pública de certificados",
)
pagina = Blueprint("pagina", __name__, url_prefix="/v")

MENSAJE_MAL_ESCRITO = (
    "El código virtual está mal escrito: revise cada carácter "
    "(16 caracteres, por ejemplo 7K3M-9QXD-2HVB-N4TA)."
)


def _verificar(codigo: str) -> dict:
    canonico = normalizar(codigo, LONGITUD_CODIGO_VIRTUAL)  # ValueError before any lookup
    return handlers.verificar(current_app.extensions["mc"].uow_factory(), canonico)


@bp.route("/certificados/<codigo>", methods=["GET"])
def verificar(codigo):
    """Estado de un certificado por su código virtual: VALIDO o NO_ENCONTRADO."""
    try:
        resultado = _verificar(codigo)
    except ValueError as exc:
        raise CodigoMalEscrito(MENSAJE_MAL_ESCRITO, "codigo") from exc
    return resultado, 404 if resultado["estado"] == "NO_ENCONTRADO" else 200


@pagina.route("/<codigo>", methods=["GET"])
def pagina_verificacion(codigo):
    """La página a la que lleva el QR del certificado."""
    try:
        resultado = _verificar(codigo)
    except ValueError:
        return render_template(
            "verificacion.html", estado="MAL_ESCRITO", codigo=codigo, mensaje=MENSAJE_MAL_ESCRITO
        ), 400
    estado_http = 404 if resultado["estado"] == "NO_ENCONTRADO" else 200
    return render_template("verificacion.html", codigo=codigo, **resultado), estado_http


def create_app(config: Config | None = None):
    """Application factory of the verificacion service."""
    config = config or Config.desde_entorno("verificacion")
    app, api = crear_app_servicio(config, UnidadDeTrabajoVerificacion)
    api.register_blueprint(bp)
    app.register_blueprint(pagina)
    conectar_consumidor(app, handlers.MANEJADORES)
    return app
