"""The verifier's way in (/ and /v/) and HTML error pages for browsers outside /api/."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, redirect, render_template, request, url_for

from shared.errores import CodigoMalEscrito
from shared.i18n import N_
from shared.identificadores import MENSAJE_MAL_ESCRITO, agrupar, leer_codigo_virtual

inicio = Blueprint("inicio", __name__)

TITULOS = {
    400: N_("La dirección no es válida"),
    404: N_("Página no encontrada"),
    405: N_("Acción no permitida en esta página"),
    413: N_("El archivo es demasiado grande"),
    429: N_("Demasiadas consultas"),
    500: N_("Ocurrió un error"),
    503: N_("Servicio no disponible"),
}
MENSAJES = {  # the API's own message when the page needs other words
    404: N_(
        "La página que buscó no existe. Revise la dirección o verifique un certificado "
        "escribiendo su código virtual."
    ),
    405: N_("Esta página no admite esa acción. Vuelva a la verificación e intente nuevamente."),
}


@inicio.route("/", methods=["GET"])
def raiz():
    """The service's root is the verification landing."""
    return redirect(url_for("inicio.landing"), code=302)


@inicio.route("/v/", methods=["GET"])
def landing():
    """A box to type the código virtual; ``?codigo=`` (the box's GET form) goes to its page."""
    escrito = request.args.get("codigo", "").strip()[:40]
    if not escrito:
        return render_template("inicio.html")
    try:
        codigo = leer_codigo_virtual(escrito)
    except CodigoMalEscrito:
        return render_template("inicio.html", escrito=escrito, error=MENSAJE_MAL_ESCRITO), 400
    return redirect(url_for("pagina.pagina_verificacion", codigo=agrupar(codigo)), code=303)


def quiere_html() -> bool:
    """A browser outside /api/: it asks for text/html before JSON (curl and clients do not)."""
    if request.path.startswith("/api/"):
        return False
    aceptados = request.accept_mimetypes
    return aceptados.best_match(["application/json", "text/html"]) == "text/html"


def instalar_paginas_de_error(app: Flask) -> None:
    """Browsers get the API's JSON errors as a page in Spanish with a way forward."""

    @app.after_request
    def _como_pagina(respuesta: Response) -> Response:
        if respuesta.status_code < 400 or not respuesta.is_json or not quiere_html():
            return respuesta
        error = (respuesta.get_json(silent=True) or {}).get("error") or {}
        estado = respuesta.status_code
        pagina = Response(
            render_template(
                "error.html",
                estado_http=estado,
                titulo=TITULOS.get(estado, TITULOS[500] if estado >= 500 else TITULOS[400]),
                mensaje=MENSAJES.get(estado) or error.get("mensaje", ""),
            ),
            status=estado,
            mimetype="text/html",
        )
        for cabecera in ("Retry-After", "Allow"):
            if cabecera in respuesta.headers:
                pagina.headers[cabecera] = respuesta.headers[cabecera]
        return pagina
