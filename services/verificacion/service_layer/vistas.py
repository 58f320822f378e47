"""Read side of verificacion: what a verifier sees, as plain dicts (JSON and the HTML page)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import RowMapping

from services.verificacion.adapters.emision import EmisionNoDisponible
from services.verificacion.adapters.repositorio import Lecturas, ResumenesPostgres
from services.verificacion.domain import sellos
from services.verificacion.domain.modelo import (
    ALTERADO,
    CREDENCIAL,
    GENUINO_ANULADO,
    GENUINO_SUSTITUIDO,
    NO_ENCONTRADO,
    PDF,
    SUSTITUIDO,
    credencial_coincide,
    resumir,
)
from services.verificacion.service_layer import autorizacion, comprobaciones
from services.verificacion.service_layer.dependencias import Dependencias
from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
from shared import lista_estado, vc_jose
from shared.adjuntos_pdf import adjunto
from shared.errores import ErrorDeDominio, NoEncontrado, ServicioNoDisponible
from shared.fechas import para_el_cable
from shared.i18n import N_
from shared.identificadores import agrupar
from shared.sello import huella_contenido

NO_ES_CREDENCIAL = N_(
    "El archivo no es una credencial verificable: suba el archivo .jwt que entrega Mi "
    "Certificado (o el JSON que lo envuelve)."
)


class TipoNoAdmitido(ErrorDeDominio):
    estado_http = 415
    codigo = "tipo_no_admitido"


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
    return _descarga(uow, dep.emision.pdf, codigo, documento, "El PDF")


def credencial(
    uow: UnidadDeTrabajoVerificacion, dep: Dependencias, codigo: str, documento: str
) -> str:
    """The certificate's Verifiable Credential (the one its PDF carries), for its holder."""
    return _descarga(uow, dep.emision.credencial, codigo, documento, "La credencial verificable")


def _descarga(uow, pedir, codigo: str, documento: str | None, que: str):
    if documento is not None:
        detalle(uow, codigo, documento)  # NoEncontrado unless the document matches
    try:
        contenido = pedir(codigo)
    except EmisionNoDisponible as exc:
        raise ServicioNoDisponible(
            f"{que} no está disponible en este momento; intente nuevamente en unos minutos."
        ) from exc
    if contenido is None:
        raise NoEncontrado(f"{que} del certificado no está disponible.", "codigo")
    return contenido


def comprobar_archivo(
    uow: UnidadDeTrabajoVerificacion,
    codigo_virtual: str,
    tipo: str,
    contenido: bytes,
    claves=None,
    validador=None,
) -> dict:
    """An uploaded PDF or Verifiable Credential against what was issued under this code.

    A PDF: its PAdES signature (``validador``: intact, the whole file covered, chained to the
    project's CA), byte for byte one of the files issued, and the credential it carries.
    A credential: its signature by a published key valid at issue, and its data (code, holder,
    moment of issue) the record's. Either way the certificate's state now. Nothing is kept.
    """
    sha256 = hashlib.sha256(contenido).hexdigest()
    jws = None
    if tipo == CREDENCIAL:
        try:
            jws = vc_jose.jws_de_archivo(contenido)
        except vc_jose.CredencialInvalida as exc:
            raise TipoNoAdmitido(NO_ES_CREDENCIAL, "archivo") from exc
    else:
        embebida = adjunto(contenido)
        jws = embebida.decode("ascii", "replace") if embebida else None
    # Before reading: the signature's check needs no database (≈ 70 ms for a CE).
    firma_pdf = validador.validar(contenido) if tipo == PDF and validador is not None else None
    fila = uow.leer(lambda lecturas: lecturas.fila(codigo_virtual))
    if fila is None:
        raise NoEncontrado("No existe un certificado con ese código virtual.", "codigo_virtual")
    # Before the transaction: the copy of the keys may be refreshed (a write of its own).
    credencial = _revisar_credencial(jws, fila, claves) if jws else None
    with uow:
        cert = uow.certificados.obtener(codigo_virtual)
        resumen = _resumen(uow.certificados, fila)
        if tipo == CREDENCIAL:
            genuina = credencial["firma"] == sellos.AUTENTICO and credencial["coincide"]
            resultado = cert.resultado_del_archivo(cert.sha256_original if genuina else "")
            version = None
        else:
            resultado = cert.resultado_del_archivo(sha256)
            version = cert.version_del_archivo(sha256)
    return {
        "codigo_virtual": agrupar(codigo_virtual),
        "tipo_archivo": tipo,
        "resultado": resultado,
        "version_pdf": version,
        "sha256": sha256,
        "mensaje": _mensaje_archivo(resultado, resumen, tipo),
        "credencial": credencial,
        "firma_pdf": firma_pdf,
        "certificado": resumen,
    }


def _revisar_credencial(jws: str, fila: RowMapping, claves) -> dict:
    """The credential's signature (emision's published keys) and whether it is this record's."""
    invalida = {"firma": sellos.NO_AUTENTICO, "coincide": False, "kid": None, "emitido_en": None}
    try:
        kid = vc_jose.cabecera(jws).get("kid")
        publicadas = claves.claves(kid) if claves else []
        _, vc = vc_jose.verificar(jws, publicadas)
        emitido_en = datetime.fromisoformat(str(vc.get("validFrom")))
    except (vc_jose.CredencialInvalida, ValueError):
        return invalida
    clave = next(c for c in publicadas if c["kid"] == kid)
    return {
        "firma": sellos.AUTENTICO,
        "clave_vigente": comprobaciones.vigente_al_emitir(clave, emitido_en),
        "coincide": credencial_coincide(vc, fila),
        "kid": kid,
        "emitido_en": emitido_en.isoformat(),
    }


def _mensaje_archivo(resultado: str, resumen: dict, tipo: str = PDF) -> str:
    if tipo == CREDENCIAL:
        return _mensaje_credencial(resultado, resumen)
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


def _mensaje_credencial(resultado: str, resumen: dict) -> str:
    if resultado == ALTERADO:
        return N_(
            "La credencial NO es la emitida con este código: su firma no es válida o sus "
            "datos no coinciden con el registro."
        )
    if resultado == GENUINO_ANULADO:
        return N_("La credencial es la emitida con este código, pero el certificado fue ANULADO.")
    if resultado == GENUINO_SUSTITUIDO:
        return (
            "La credencial es la emitida con este código, pero ya no es la última emitida: "
            f"el vigente es el certificado {resumen['sustituido_por']}."
        )
    return N_("La credencial está firmada por el Ministerio y coincide con el registro.")


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


def lista_de_estado(
    uow: UnidadDeTrabajoVerificacion, dep: Dependencias, lista: int, proposito: str
) -> str:
    """One status list credential (W3C Bitstring Status List), signed now: VC-JOSE."""
    if proposito not in lista_estado.PROPOSITOS or lista < 1:
        raise NoEncontrado("No existe esa lista de estado.", "proposito")
    marcadas = uow.leer(lambda lecturas: lecturas.posiciones_marcadas(lista, proposito))
    ahora = para_el_cable(datetime.now(UTC).replace(microsecond=0))
    cuerpo = lista_estado.credencial_de_lista(
        dep.url_publica, dep.url_publica, lista, proposito, marcadas, ahora
    )
    return vc_jose.firmar(cuerpo, dep.llavero_estado)
