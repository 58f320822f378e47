"""Read side of verificacion: what a verifier sees, as plain dicts (JSON and the HTML page)."""

from __future__ import annotations

from sqlalchemy import RowMapping

from services.verificacion.adapters.emision import EmisionNoDisponible
from services.verificacion.adapters.repositorio import Lecturas, ResumenesPostgres
from services.verificacion.domain import sellos
from services.verificacion.domain.modelo import (
    ALTERADO,
    GENUINO_ANULADO,
    GENUINO_SUSTITUIDO,
    NO_ENCONTRADO,
    SUSTITUIDO,
    resumir,
)
from services.verificacion.service_layer import autorizacion
from services.verificacion.service_layer.dependencias import Dependencias
from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
from shared.errores import NoEncontrado, ServicioNoDisponible
from shared.i18n import N_
from shared.identificadores import agrupar
from shared.sello import huella_contenido


def verificar(uow: UnidadDeTrabajoVerificacion, codigo_virtual: str) -> dict:
    """What a verifier sees for a (well-formed) código virtual: state and masked summary."""
    cache = uow.resumenes
    if cache is None:
        return _leer_resumen(uow, codigo_virtual)
    generacion = cache.generacion()  # before reading: a change meanwhile is not kept
    guardado = cache.obtener(codigo_virtual)
    if guardado is not None:
        return guardado
    resultado = _leer_resumen(uow, codigo_virtual)
    cache.guardar(codigo_virtual, resultado, generacion)
    return resultado


def _leer_resumen(uow: UnidadDeTrabajoVerificacion, codigo_virtual: str) -> dict:
    resultado = uow.leer_resumenes(lambda lecturas: _verificar(lecturas, codigo_virtual))
    if resultado is None:  # a row from before summaries were kept: built from its columns
        return uow.leer(lambda lecturas: _resumen(lecturas, lecturas.fila(codigo_virtual)))
    return resultado


def _verificar(lecturas: Lecturas | ResumenesPostgres, codigo_virtual: str) -> dict | None:
    encontrado = lecturas.resumen(codigo_virtual)
    if encontrado is None:
        return no_encontrado(codigo_virtual)
    resumen, sucesor = encontrado
    if resumen is None:
        return None
    if sucesor and resumen["estado"] == SUSTITUIDO:
        resumen["sustituido_por"] = _mas_reciente(lecturas, codigo_virtual, sucesor)
    return resumen


def no_encontrado(codigo_virtual: str) -> dict:
    return {
        "codigo_virtual": agrupar(codigo_virtual),
        "estado": NO_ENCONTRADO,
        "mensaje": N_("No existe un certificado con ese código virtual."),
    }


def detalle(uow: UnidadDeTrabajoVerificacion, codigo_virtual: str, documento: str) -> dict:
    """Full details for whoever also gives the holder's document number; else NoEncontrado."""
    return uow.leer(lambda lecturas: _detalle(lecturas, codigo_virtual, documento))


def _detalle(lecturas: Lecturas, codigo_virtual: str, documento: str) -> dict:
    fila = autorizacion.autorizar_detalle(lecturas.fila(codigo_virtual), documento)
    return {
        **_resumen(lecturas, fila),
        "nombre_estudiante": f"{fila['nombres']} {fila['apellidos']}".strip(),
        "nombres": fila["nombres"],
        "apellidos": fila["apellidos"],
        "tipo_documento": fila["tipo_documento"],
        "numero_documento": fila["numero_documento"],
    }


def contenido(uow: UnidadDeTrabajoVerificacion, cliente, codigo_virtual: str) -> dict | None:
    """What the PDF prints (from emision), with whether it matches the fingerprint recorded.

    Call it only after ``detalle`` accepted the holder's document number. ``integro`` is None
    for a certificate recorded before fingerprints were kept; EmisionNoDisponible propagates.
    """
    documento = cliente.contenido(codigo_virtual)
    if documento is None:
        return None
    fila = uow.leer(lambda lecturas: lecturas.fila(codigo_virtual))
    registrada = fila["huella"] if fila is not None else None
    integro = None if not registrada else huella_contenido(documento).hex() == registrada
    return {"documento": documento, "integro": integro}


def pdf(
    uow: UnidadDeTrabajoVerificacion, dep: Dependencias, codigo: str, documento: str | None
) -> bytes:
    """The stored PDF from emision, for the holder's document (None: a signed link was checked)."""
    if documento is not None:
        detalle(uow, codigo, documento)  # NoEncontrado unless the document matches
    try:
        contenido = dep.emision.pdf(codigo)
    except EmisionNoDisponible as exc:
        raise ServicioNoDisponible(
            "El PDF no está disponible en este momento; intente nuevamente en unos minutos."
        ) from exc
    if contenido is None:
        raise NoEncontrado("El PDF del certificado no está disponible.", "codigo")
    return contenido


def comprobar_archivo(uow: UnidadDeTrabajoVerificacion, codigo_virtual: str, sha256: str) -> dict:
    """Is this PDF, byte for byte, one issued under this code, and is that certificate valid?"""
    with uow:
        cert = uow.certificados.obtener(codigo_virtual)
        if cert is None:
            raise NoEncontrado("No existe un certificado con ese código virtual.", "codigo_virtual")
        resumen = _resumen(uow.certificados, uow.certificados.fila(codigo_virtual))
        resultado = cert.resultado_del_archivo(sha256)
        return {
            "codigo_virtual": agrupar(codigo_virtual),
            "resultado": resultado,
            "version_pdf": cert.version_del_archivo(sha256),
            "sha256": sha256,
            "mensaje": _mensaje_archivo(resultado, resumen),
            "certificado": resumen,
        }


def _mensaje_archivo(resultado: str, resumen: dict) -> str:
    if resultado == ALTERADO:
        return N_(
            "El archivo NO coincide con el certificado emitido con este código: "
            "fue modificado o no es el documento original."
        )
    if resultado == GENUINO_ANULADO:
        return N_("El archivo es el emitido con este código, pero el certificado fue ANULADO.")
    if resultado == GENUINO_SUSTITUIDO:
        return (
            "El archivo es el emitido con este código, pero ya no es el último emitido: "
            f"el vigente es el certificado {resumen['sustituido_por']}."
        )
    return N_("El archivo es idéntico al certificado emitido con este código.")


def comprobar_sello(
    uow: UnidadDeTrabajoVerificacion, texto: str, claves, codigo_esperado: str | None = None
) -> dict:
    """Check a QR's seal offline-style (published keys) and against the read model."""
    sello = sellos.leer_sello(texto)
    codigo = sello.codigo_virtual if sello else codigo_esperado
    fila, certificado = None, None
    if codigo:
        fila, certificado = uow.leer(lambda lecturas: _fila_y_resumen(lecturas, codigo))
    revision = sellos.revisar_sello(
        sello,
        claves.claves(sello.kid) if sello else [],
        codigo_esperado,
        fila["huella"] if fila else None,
    )
    resultado = {"resultado": revision.resultado, "mensaje": revision.mensaje}
    if sello is not None:
        resultado.update(
            codigo_virtual=agrupar(sello.codigo_virtual),
            emitido_en=sello.emitido_en.isoformat(),
            huella=sello.huella.hex(),
            kid=sello.kid,
        )
    return {"sello": resultado, "certificado": certificado}


def _fila_y_resumen(lecturas: Lecturas, codigo: str) -> tuple[RowMapping | None, dict]:
    fila = lecturas.fila(codigo)
    return fila, (_resumen(lecturas, fila) if fila is not None else no_encontrado(codigo))


def _resumen(lecturas: Lecturas, c: RowMapping) -> dict:
    resumen = resumir(c)
    if c["estado"] == SUSTITUIDO:
        resumen["sustituido_por"] = _mas_reciente(
            lecturas, c["codigo_virtual"], c["sustituido_por"]
        )
    return resumen


def _mas_reciente(lecturas: Lecturas | ResumenesPostgres, codigo: str, sucesor: str) -> str:
    """Follow the chain of supersessions to the newest certificate."""
    vistos = {codigo}
    while sucesor and sucesor not in vistos and len(vistos) < 100:
        vistos.add(sucesor)
        encontrado = lecturas.resumen(sucesor)
        if encontrado is None:
            return agrupar(sucesor)  # its CertificadoEmitido is still on the way
        codigo, sucesor = sucesor, encontrado[1]
    return agrupar(codigo)
