"""Read side of emision: a certificate's stored PDF and printed content, for whoever may see it."""

from __future__ import annotations

from services.emision.adapters.almacen import AlmacenPdf
from services.emision.service_layer import autorizacion
from services.emision.service_layer.unit_of_work import UnidadDeTrabajoEmision
from shared.adjuntos_pdf import adjunto
from shared.auth import Usuario
from shared.errores import NoEncontrado
from shared.sello import contenido_impreso


def pdf_del_certificado(
    uow: UnidadDeTrabajoEmision, almacen: AlmacenPdf, codigo: str, usuario: Usuario | None
) -> bytes:
    """The PDF of certificate ``codigo`` (canonical); NoEncontrado, SinPermiso otherwise."""
    with uow:
        cert = uow.emision.certificado(codigo)
        if cert is None:
            raise NoEncontrado("No existe un certificado con ese código virtual.", "codigo_virtual")
        autorizacion.autorizar_descarga(usuario, cert)
    pdf = almacen.leer(codigo)
    if pdf is None:
        raise NoEncontrado("El PDF del certificado no está disponible.", "codigo_virtual")
    return pdf


def contenido_del_certificado(
    uow: UnidadDeTrabajoEmision, codigo: str, usuario: Usuario | None
) -> dict:
    """What the PDF prints, as data (what the seal fingerprints), for whoever may see it."""
    with uow:
        cert = uow.emision.certificado(codigo)
        if cert is None:
            raise NoEncontrado("No existe un certificado con ese código virtual.", "codigo_virtual")
        autorizacion.autorizar_consulta(usuario, cert)
        contenido = dict(cert.contenido_certificado)
    return contenido_impreso(contenido)


def credencial_del_certificado(
    uow: UnidadDeTrabajoEmision, almacen: AlmacenPdf, codigo: str, usuario: Usuario | None
) -> str:
    """The Verifiable Credential (VC-JOSE) the stored PDF carries, byte for byte."""
    jws = adjunto(pdf_del_certificado(uow, almacen, codigo, usuario))
    if jws is None:  # issued before the PDFs carried their credential
        raise NoEncontrado(
            "Este certificado no lleva credencial verificable; use su PDF.", "codigo_virtual"
        )
    return jws.decode("ascii")
