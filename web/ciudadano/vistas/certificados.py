"""Mis certificados: the holder's código virtual and document (in a POST) to see and download."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, render_template

from shared.identificadores import nombre_de_descarga
from shared.vc_jose import TIPO_MIME
from web.ciudadano.formularios import FormularioMisCertificados
from web.ciudadano.vistas.comun import api, pagina_de_limite
from web.comun.clientes.base import ErrorApi
from web.comun.formularios import aplicar_error_api

bp = Blueprint("certificados", __name__, url_prefix="/mis-certificados")


@bp.route("/", methods=["GET", "POST"])
def buscar():
    """Código virtual + document number → the certificate's details and its PDF."""
    formulario = FormularioMisCertificados()
    certificado = None
    if formulario.validate_on_submit():
        try:
            certificado = api("verificacion").detalle(
                _codigo(formulario), formulario.numero_documento.data.strip()
            )
        except ErrorApi as exc:
            if exc.estado == 429:
                return pagina_de_limite(exc)
            aplicar_error_api(formulario, exc)
    return render_template(
        "ciudadano/mis_certificados.html", formulario=formulario, certificado=certificado
    )


@bp.route("/pdf", methods=["POST"])
def pdf():
    """The PDF, asked again with the same two data (never in the URL)."""
    return _descargar("pdf", "pdf", "application/pdf")


@bp.route("/credencial", methods=["POST"])
def credencial():
    """The W3C Verifiable Credential (VC-JOSE, .jwt), asked the same way as the PDF."""
    return _descargar("credencial", "jwt", TIPO_MIME)


def _descargar(cual: str, extension: str, tipo: str):
    formulario = FormularioMisCertificados()
    if formulario.validate_on_submit():
        try:
            contenido = getattr(api("verificacion"), cual)(
                _codigo(formulario), formulario.numero_documento.data.strip()
            )
        except ErrorApi as exc:
            if exc.estado == 429:
                return pagina_de_limite(exc)
            aplicar_error_api(formulario, exc)
        else:
            nombre = nombre_de_descarga(formulario.codigo_virtual.data, extension)
            return Response(
                contenido,
                mimetype=tipo,
                headers={"Content-Disposition": f'attachment; filename="{nombre}"'},
            )
    return render_template(
        "ciudadano/mis_certificados.html", formulario=formulario, certificado=None
    ), 400


def _codigo(formulario: FormularioMisCertificados) -> str:
    return quote(formulario.codigo_virtual.data.strip().upper(), safe="-")
