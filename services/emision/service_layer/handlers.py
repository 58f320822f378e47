"""Handlers of the emision service: keep grade records, issue, supersede and annul certificates."""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import replace
from datetime import UTC, datetime

from services.emision.domain.documento import (
    DocumentoCertificado,
    documento_a_dict,
    documento_desde_dict,
)
from services.emision.domain.modelo import Certificado, RegistroLocal
from services.emision.service_layer import autorizacion
from services.emision.service_layer.comandos import AnularCertificado, RotarClaveDeSello
from services.emision.service_layer.dependencias import Dependencias
from services.emision.service_layer.unit_of_work import UnidadDeTrabajoEmision
from shared.auth import Usuario
from shared.cobertura import Declarado
from shared.consumidor import EventoRecibido
from shared.errores import ErrorTransitorio, NoEncontrado
from shared.identificadores import agrupar, nuevo_codigo_virtual
from shared.lista_estado import CAPACIDAD_LISTA, TAMANO_LISTA
from shared.mensajes import (
    CertificadoEmitido,
    CertificadoSustituido,
    ClaveDeSelloRotada,
    EmisionFallida,
    EmisionSolicitada,
    RegistroNotasActualizado,
)
from shared.sello import Sello, huella_contenido

# What the citizen reads when an order could not be carried out (the cause goes to staff).
MOTIVO_FALLA_TECNICA = (
    "No se pudo emitir el certificado por un problema técnico. Quien atiende su solicitud "
    "puede ordenar la emisión otra vez; no necesita presentar una nueva solicitud."
)
CONSOLIDADA = "CONSOLIDADA"  # solicitudes' route for OACIGED's years plus the IE's
log = logging.getLogger(__name__)


def id_certificado_emitido(codigo_virtual: str) -> str:
    """CertificadoEmitido's event id, derived from the certificate: it can be sent again."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mc:CertificadoEmitido:{codigo_virtual}"))


def al_actualizar_registro(evento: EventoRecibido, uow: UnidadDeTrabajoEmision, _dep) -> None:
    """Keep the newest version of the student's record for one nivel."""
    m: RegistroNotasActualizado = evento.mensaje
    est = m.estudiante
    actual = uow.emision.registro(
        est["tipo_documento"], est["numero_documento"], m.nivel, bloquear=True
    )  # two versions at once: the newer must win
    if actual is None:
        uow.emision.agregar(
            RegistroLocal(
                est["tipo_documento"],
                est["numero_documento"],
                m.nivel,
                m.version_registro,
                m.completitud,
                est,
                m.registro,
            )
        )
    else:
        actual.actualizar(m.version_registro, m.completitud, est, m.registro)


def emitir(datos: dict, uow: UnidadDeTrabajoEmision, dep: Dependencias) -> None:
    """Issue the certificate of one request, once; refuse with a reason, never half-issue."""
    emitido = uow.emision.certificado_de_solicitud(datos["numero_solicitud"])
    if emitido is not None:
        # Already issued: the order came again because its answer was not seen (reconciliation,
        # or a redelivery). Nothing is issued twice; the same CertificadoEmitido goes out again.
        if not uow.republicar(id_certificado_emitido(emitido.codigo_virtual)):
            log.warning("sin CertificadoEmitido en el outbox para %s", emitido.codigo_virtual)
        return
    registro = uow.emision.registro(
        datos["tipo_documento"], datos["numero_documento"], datos["nivel"]
    )
    if registro is None or registro.version < (datos["version_registro"] or 0):
        # solicitudes saw this version; ours is still on its way: retry later.
        raise ErrorTransitorio("el registro de notas aún no llega a emisión")
    motivo = registro.motivo_para_no_emitir(_declarado(datos))
    if motivo:
        uow.publicar(
            EmisionFallida(numero_solicitud=datos["numero_solicitud"], motivo_falla=motivo)
        )
        return
    lista, indice = _posicion_de_estado(uow)
    documento, sello = _documento_sellado(datos, registro, dep, lista, indice)
    pdf = dep.renderizador.renderizar(documento)
    sha256 = hashlib.sha256(pdf).hexdigest()
    anteriores = uow.emision.vigentes_de(
        datos["tipo_documento"], datos["numero_documento"], datos["nivel"]
    )
    dep.almacen.guardar(sello.codigo_virtual, pdf)  # before commit: a committed CE has its PDF
    uow.emision.agregar(
        Certificado(
            sello.codigo_virtual,
            datos["numero_solicitud"],
            datos["tipo_documento"],
            datos["numero_documento"],
            datos["nivel"],
            datos["codigo_modular"],
            datos["anexo"],
            registro.version,
            documento_a_dict(documento),
            sello.huella.hex(),
            sello.kid,
            sha256,
            documento.emitido_en,
            codigo_ugel=datos.get("codigo_ugel"),
            lista_estado=lista,
            indice_estado=indice,
        )
    )
    for anterior in anteriores:
        _sustituir(anterior, sello.codigo_virtual, uow, dep)
    uow.publicar(
        _emitido(datos, documento, sello, sha256), id=id_certificado_emitido(sello.codigo_virtual)
    )


def _declarado(datos: dict) -> Declarado | None:
    """What the request declares (None in an order sent before solicitudes said it)."""
    if datos.get("ultimo_grado") is None or datos.get("ultimo_anio") is None:
        return None
    return Declarado(datos["ultimo_grado"], datos["ultimo_anio"], datos.get("ruta") == CONSOLIDADA)


def _posicion_de_estado(uow: UnidadDeTrabajoEmision) -> tuple[int, int]:
    """A random free position in the status lists (random: a position says nothing about
    when or where a certificate was issued). A list takes certificates until half full."""
    lista, usadas = uow.emision.lista_en_uso()
    if usadas >= CAPACIDAD_LISTA:
        lista += 1
    indice = uow.emision.posicion_precargada(lista)  # drawn and checked with the batch's
    if indice is not None:
        return lista, indice
    while True:  # at most half taken: two tries on average, at worst
        indice = secrets.randbelow(TAMANO_LISTA)
        if not uow.emision.posicion_ocupada(lista, indice):
            return lista, indice


def precargar_lote(eventos: list[EventoRecibido], uow: UnidadDeTrabajoEmision) -> None:
    """A batch's emission orders read at once what ``emitir`` asks for each: the request's
    certificate (a repeated order issues nothing), the student's record and current
    certificates, the status list in use and enough free positions in it."""
    pedidos = [
        (d["numero_solicitud"], d["tipo_documento"], d["numero_documento"], d["nivel"])
        for d in (e.payload for e in eventos if e.type == EmisionSolicitada.tipo)
    ]
    if not pedidos:
        return
    uow.emision.precargar(pedidos)
    lista, usadas = uow.emision.lista_en_uso()
    if usadas + len(pedidos) < CAPACIDAD_LISTA:  # the whole batch fits in the list in use
        # Twice as many as needed (at most half of a list is taken), in the order drawn.
        candidatas = list(
            dict.fromkeys(secrets.randbelow(TAMANO_LISTA) for _ in range(2 * len(pedidos)))
        )
        uow.emision.precargar_posiciones(lista, candidatas)


def _documento_sellado(
    datos: dict, registro: RegistroLocal, dep: Dependencias, lista: int, indice: int
) -> tuple[DocumentoCertificado, Sello]:
    """The document to print, with the signed seal in its QR."""
    codigo = nuevo_codigo_virtual()
    emitido_en = datetime.now(UTC).replace(microsecond=0)  # the seal keeps whole seconds
    url = f"{dep.url_verificacion}/v/{agrupar(codigo)}"
    est = registro.estudiante
    documento = documento_desde_dict(
        {
            "codigo_virtual": agrupar(codigo),
            "numero_solicitud": datos["numero_solicitud"],
            "emitido_en": emitido_en,
            "url_verificacion": url,
            "modalidad": registro.registro.get("modalidad", "EBR"),
            "nivel": registro.nivel,
            "estudiante": {
                k: est[k]
                for k in (
                    "tipo_documento",
                    "numero_documento",
                    "nombres",
                    "primer_apellido",
                    "segundo_apellido",
                )
            },
            "nombre_institucion": datos["nombre_institucion"],
            "grados": registro.registro["grados"],
            "observaciones": registro.registro.get("observaciones") or [],
            "lista_estado": lista,
            "indice_estado": indice,
            "rol_emisor": datos.get("rol_emisor"),
        }
    )
    huella = huella_contenido(documento_a_dict(documento))
    sello = dep.firmante.firmar(Sello(codigo, emitido_en, huella, kid="-"))
    return replace(documento, contenido_qr=f"{url}?s={sello.empaquetar()}"), sello


def _sustituir(
    anterior: Certificado, nuevo: str, uow: UnidadDeTrabajoEmision, dep: Dependencias
) -> None:
    """Re-render the older CE with the watermark and say so."""
    pdf = dep.renderizador.renderizar(
        documento_desde_dict({**anterior.contenido_certificado, "sustituido": True})
    )
    sha256 = hashlib.sha256(pdf).hexdigest()
    dep.almacen.guardar(anterior.codigo_virtual, pdf)
    anterior.sustituir(nuevo, sha256)
    uow.publicar(
        CertificadoSustituido(
            codigo_virtual=anterior.codigo_virtual,
            sustituido_por=nuevo,
            sha256=sha256,
            sustituido_en=datetime.now(UTC),
            numero_solicitud=anterior.numero_solicitud,
        )
    )


def anular(
    cmd: AnularCertificado, uow: UnidadDeTrabajoEmision, usuario: Usuario, dep: Dependencias
) -> None:
    """The issuing IE's director or OACIGED voids a certificate, with its reason."""
    with uow:
        cert = uow.emision.certificado(cmd.codigo_virtual, bloquear=True)
        if cert is None:
            raise NoEncontrado("No existe un certificado con ese código virtual.")
        autorizacion.autorizar_anulacion(usuario, cert)
        cert.anular(cmd.motivo_anulacion, usuario.sub)
        # The stored PDF says ANULADO from now on; written before commit, like an issued one,
        # so a failed commit leaves a retry (the cert is still VIGENTE) that rewrites it.
        pdf = dep.renderizador.renderizar(documento_desde_dict(cert.contenido_certificado))
        dep.almacen.guardar(cert.codigo_virtual, pdf)
        cert.reimpreso(hashlib.sha256(pdf).hexdigest())
        uow.commit()  # writes the CertificadoAnulado that cert.anular() recorded


def _emitido(
    datos: dict, doc: DocumentoCertificado, sello: Sello, sha256: str
) -> CertificadoEmitido:
    est = doc.estudiante
    return CertificadoEmitido(
        codigo_virtual=sello.codigo_virtual,
        numero_solicitud=datos["numero_solicitud"],
        tipo_documento=est.tipo_documento,
        numero_documento=est.numero_documento,
        nombres=est.nombres,
        apellidos=f"{est.primer_apellido} {est.segundo_apellido}".strip(),
        codigo_modular=datos["codigo_modular"],
        anexo=datos["anexo"],
        nombre_institucion=doc.nombre_institucion,
        modalidad=doc.modalidad,
        nivel=doc.nivel,
        grados=[g.grado for g in doc.grados],
        emitido_en=doc.emitido_en,
        sha256=sha256,
        huella=sello.huella.hex(),
        url_verificacion=doc.url_verificacion,
        correo=datos["correo"],
        lista_estado=doc.lista_estado,
        indice_estado=doc.indice_estado,
    )


def rotar_clave_de_sello(
    _cmd: RotarClaveDeSello, uow: UnidadDeTrabajoEmision, usuario: Usuario, dep
) -> tuple[str, dict | None]:
    """Rotate the seal's key, and the PDF signing certificate with it: (new kid, the PDF
    certificate now active). The key ring is files (no table); ClaveDeSelloRotada, through
    the outbox, tells verificacion to fetch the public keys at once rather than when a seal
    first names the new key. Certificates already issued keep their seal and verify with the
    retired key, which stays published with its validity window; their PDF keeps its
    signature by the earlier certificate, valid for its own validity (same CA)."""
    autorizacion.autorizar_claves(usuario)
    kid = dep.firmante.rotar()
    certificado = dep.certificados_pdf.rotar() if dep.certificados_pdf is not None else None
    with uow:
        uow.publicar(ClaveDeSelloRotada(kid=kid, valido_desde=datetime.now(UTC)))
        uow.commit()
    log.warning(
        "clave de sello rotada: nueva clave activa %s; certificado PDF %s",
        kid,
        certificado and certificado["numero_serie"],
    )
    return kid, certificado


def al_descartar(sobre: dict, motivo: str, uow: UnidadDeTrabajoEmision) -> None:
    """An emission order that could not be carried out fails visibly: the request goes to ERROR."""
    payload = sobre.get("payload") or {}
    # The raw envelope, not upcast: a v1 order still says solicitud_id.
    numero = payload.get("numero_solicitud", payload.get("solicitud_id"))
    if sobre.get("type") != "EmisionSolicitada" or not isinstance(numero, int):
        return
    uow.publicar(
        EmisionFallida(
            numero_solicitud=numero,
            motivo_falla=MOTIVO_FALLA_TECNICA,
            detalle_tecnico=motivo[:1000],
        )
    )


def al_solicitar_emision(evento: EventoRecibido, uow: UnidadDeTrabajoEmision, dep) -> None:
    """A request ordered its certificate: issue it (or say why not)."""
    emitir(evento.payload, uow, dep)


# Event type -> handler(evento, uow, dep); shared.web.conectar_consumidor binds ``dep``.
MANEJADORES = {
    RegistroNotasActualizado: al_actualizar_registro,
    EmisionSolicitada: al_solicitar_emision,
}
