"""The QR's landing page /v/<código>: Spanish, mobile-friendly, one clear outcome per case."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge

from services.verificacion.entrypoints.api import respuesta_credencial, respuesta_pdf
from services.verificacion.entrypoints.comun import claves, dependencias, leer_archivo
from services.verificacion.service_layer import comprobaciones, grilla, vistas
from shared.cliente_emision import EmisionNoDisponible
from shared.documentos import TIPOS_DOCUMENTO
from shared.enlaces import EnlaceNoValido, EnlaceVencido, verificar_descarga
from shared.errores import CodigoMalEscrito, ErrorDeDominio, NoEncontrado, ServicioNoDisponible
from shared.fechas import LIMA
from shared.identificadores import MENSAJE_MAL_ESCRITO, leer_codigo_virtual
from shared.peticion import uow

pagina = Blueprint(
    "pagina", __name__, url_prefix="/v", static_folder="../static", static_url_path="/recursos"
)
ENCONTRADO = ("VIGENTE", "SUSTITUIDO", "ANULADO")


@pagina.app_template_filter("fecha_lima")
def fecha_lima(valor: str) -> str:
    """ISO 8601 as people in Peru read it: 28/11/2026 07:54 (hora de Lima)."""
    fecha = datetime.fromisoformat(valor)
    if fecha.tzinfo is None:  # SQLite hands back naive UTC
        fecha = fecha.replace(tzinfo=UTC)
    return fecha.astimezone(LIMA).strftime("%d/%m/%Y %H:%M ") + gettext("(hora de Lima)")


@pagina.app_template_filter("comprobacion")
def texto_de_comprobacion(c: comprobaciones.Comprobacion) -> str:
    """A check's detail in the page's language, its dates as people in Peru read them."""
    datos = {k: fecha_lima(v) if k == "fecha" else v for k, v in c.datos.items()}
    return gettext(c.detalle, **datos)


def _pagina(estado_http: int = 200, **contexto):
    if contexto.get("estado") in ENCONTRADO:
        contexto["comprobaciones"] = _desglose(contexto)
    if contexto.get("codigo_virtual") and request.method == "POST":  # a GET page comes back
        contexto["volver_idioma"] = url_for(
            "pagina.pagina_verificacion", codigo=contexto["codigo_virtual"]
        )
    if contexto.get("contenido"):
        documento = contexto["contenido"]["documento"]
        contexto.update(columnas=grilla.cabecera(documento), filas=grilla.filas(documento))
    if contexto.get("completo"):  # the switch posts the document number again, never a URL
        contexto["accion_idioma"] = request.path
        contexto["campos_idioma"] = {"numero_documento": contexto["numero_documento_dado"]}
        if contexto.get("sello_texto"):
            contexto["campos_idioma"]["s"] = contexto["sello_texto"]
    return render_template("verificacion.html", **contexto), estado_http


def _desglose(contexto: dict) -> list[comprobaciones.Comprobacion]:
    sello = contexto.get("sello")
    return comprobaciones.desglose(
        contexto,
        sello,
        claves().claves(sello["kid"]) if sello and sello.get("kid") else [],
        contexto.get("archivo"),
        (contexto.get("contenido") or {}).get("integro"),
    )


def _mal_escrito(codigo: str):
    return _pagina(400, estado="codigo_mal_escrito", codigo=codigo, mensaje=MENSAJE_MAL_ESCRITO)


def _canonico(codigo: str) -> str | None:
    try:
        return leer_codigo_virtual(codigo)
    except CodigoMalEscrito:
        return None


@pagina.route("/<codigo>", methods=["GET"])
def pagina_verificacion(codigo):
    """The QR's page: the certificate's state, and the seal's verdict when the QR carried one."""
    canonico = _canonico(codigo)
    if canonico is None:  # before any lookup
        return _mal_escrito(codigo)
    if request.args.get("s"):
        revision = vistas.comprobar_sello(uow(), request.args["s"], claves(), canonico)
        if revision["sello"]["resultado"] in ("NO_AUTENTICO", "ILEGIBLE"):
            return _pagina(
                200, estado="NO_AUTENTICO", codigo=codigo, mensaje=revision["sello"]["mensaje"]
            )
        resultado, sello = revision["certificado"], revision["sello"]
    else:
        resultado, sello = vistas.verificar(uow(), canonico), None
    estado_http = 404 if resultado["estado"] == "NO_ENCONTRADO" else 200
    texto = request.args.get("s", "")[:400] if sello else ""
    return _pagina(estado_http, codigo=codigo, sello=sello, sello_texto=texto, **resultado)


def _sello_del_formulario(canonico: str) -> tuple[dict | None, str]:
    """The QR's seal the result page passed on with the document number, if authentic."""
    texto = request.form.get("s", "")[:400]
    if not texto:
        return None, ""
    sello = vistas.comprobar_sello(uow(), texto, claves(), canonico)["sello"]
    return (sello, texto) if sello["resultado"] == "AUTENTICO" else (None, "")


@pagina.route("/<codigo>", methods=["POST"])
def pagina_detalle(codigo):
    """Full details for whoever types the holder's document number."""
    canonico = _canonico(codigo)
    if canonico is None:
        return _mal_escrito(codigo)
    documento = request.form.get("numero_documento", "").strip()[:20]
    try:
        resultado = vistas.detalle(uow(), canonico, documento)
    except NoEncontrado as exc:
        resumen = vistas.verificar(uow(), canonico)
        return _pagina(404, codigo=codigo, error_documento=exc.mensaje, **resumen)
    tipo = TIPOS_DOCUMENTO.get(resultado["tipo_documento"], resultado["tipo_documento"])
    impreso = f"{tipo} {resultado['numero_documento']}"  # unmasked, for its holder
    sello, sello_texto = _sello_del_formulario(canonico)
    return _pagina(
        200,
        codigo=codigo,
        completo=True,
        numero_documento_dado=documento,
        documento_impreso=impreso,
        contenido=_contenido(canonico),
        sello=sello,
        sello_texto=sello_texto,
        **resultado,
    )


def _contenido(canonico: str) -> dict | None:
    """The grid of grades, from emision; None (and a note on the page) while it is down."""
    try:
        return vistas.contenido(uow(), dependencias().emision, canonico)
    except EmisionNoDisponible:
        return None


@pagina.route("/<codigo>/pdf", methods=["POST"])
def pagina_pdf(codigo):
    """Download the PDF (the document number comes in the form, never in the URL)."""
    return _descarga(codigo, respuesta_pdf)


@pagina.route("/<codigo>/credencial", methods=["POST"])
def pagina_credencial(codigo):
    """Download the Verifiable Credential (.jwt), with the document number in the form."""
    return _descarga(codigo, respuesta_credencial)


def _descarga(codigo: str, responder):
    canonico = _canonico(codigo)
    if canonico is None:
        return _mal_escrito(codigo)
    try:
        return responder(canonico, request.form.get("numero_documento", "").strip()[:20])
    except (NoEncontrado, ServicioNoDisponible) as exc:
        resumen = vistas.verificar(uow(), canonico)
        return _pagina(exc.estado_http, codigo=codigo, error_documento=exc.mensaje, **resumen)


@pagina.route("/<codigo>/descarga", methods=["GET"])
def pagina_descarga(codigo):
    """The email's signed, expiring link: the PDF without typing (or sending) any document."""
    canonico = _canonico(codigo)
    if canonico is None:
        return _mal_escrito(codigo)
    secreto = current_app.extensions["mc"].config.clave_servicios
    try:
        verificar_descarga(secreto, canonico, request.args.get("t", ""))
        return respuesta_pdf(canonico, None)
    except EnlaceVencido as exc:
        vencio = datetime.fromtimestamp(exc.vence, UTC).isoformat()
        mensaje = f"El enlace de descarga de su correo venció el {fecha_lima(vencio)}. "
        estado_http = 410
    except EnlaceNoValido:
        mensaje = "El enlace de descarga no es válido: está incompleto o fue modificado. "
        estado_http = 403
    except (NoEncontrado, ServicioNoDisponible) as exc:
        mensaje, estado_http = exc.mensaje + " ", exc.estado_http
    mensaje += "Puede descargar el certificado aquí con el número de documento del titular."
    resumen = vistas.verificar(uow(), canonico)
    return _pagina(estado_http, codigo=codigo, error_documento=mensaje, **resumen)


@pagina.route("/<codigo>/archivo", methods=["POST"])
def pagina_archivo(codigo):
    """Upload a PDF or a credential and learn whether it is the one issued under this code."""
    canonico = _canonico(codigo)
    if canonico is None:
        return _mal_escrito(codigo)
    try:
        tipo, contenido = leer_archivo(request.files.get("archivo"))
        comprobado = vistas.comprobar_archivo(
            uow(), canonico, tipo, contenido, claves(), dependencias().validador_pades
        )
    except RequestEntityTooLarge:
        return _con_error_de_archivo(canonico, codigo, "El archivo supera los 10 MB.", 413)
    except CodigoMalEscrito:
        return _mal_escrito(codigo)
    except ErrorDeDominio as exc:
        return _con_error_de_archivo(canonico, codigo, exc.mensaje, exc.estado_http)
    return _pagina(200, codigo=codigo, archivo=comprobado, **comprobado["certificado"])


def _con_error_de_archivo(canonico: str, codigo: str, mensaje: str, estado_http: int):
    resumen = vistas.verificar(uow(), canonico)
    return _pagina(estado_http, codigo=codigo, error_archivo=mensaje, **resumen)
