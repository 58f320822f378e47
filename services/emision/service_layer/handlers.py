"""Handlers of the emision service: keep grade records, issue certificates."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from services.emision.adapters.almacen import AlmacenPdf
from services.emision.domain.documento import DocumentoCertificado, documento_desde_dict
from services.emision.domain.modelo import COMPLETA, Certificado, RegistroLocal
from services.emision.service_layer.unit_of_work import UnidadDeTrabajoEmision
from shared.errores import ErrorTransitorio
from shared.eventos import Evento
from shared.identificadores import agrupar, nuevo_codigo_virtual


class Renderizador(Protocol):
    def renderizar(self, doc: DocumentoCertificado) -> bytes: ...


@dataclass(frozen=True)
class Dependencias:
    renderizador: Renderizador
    almacen: AlmacenPdf
    url_verificacion: str


def al_actualizar_registro(datos: dict, uow: UnidadDeTrabajoEmision, _sobre: dict) -> None:
    """Keep the newest version of the student's record for one nivel."""
    est = datos["estudiante"]
    actual = uow.emision.registro(est["tipo_documento"], est["numero_documento"], datos["nivel"])
    if actual is None:
        uow.emision.agregar(
            RegistroLocal(
                est["tipo_documento"],
                est["numero_documento"],
                datos["nivel"],
                datos["version"],
                datos["completitud"],
                est,
                datos["registro"],
            )
        )
    else:
        actual.actualizar(datos["version"], datos["completitud"], est, datos["registro"])


def emitir(datos: dict, uow: UnidadDeTrabajoEmision, dep: Dependencias) -> None:
    """Issue the certificate of one request, once; refuse with a reason, never half-issue."""
    if uow.emision.certificado_de_solicitud(datos["solicitud_id"]) is not None:
        return  # already issued: a redelivered order changes nothing
    registro = uow.emision.registro(
        datos["tipo_documento"], datos["numero_documento"], datos["nivel"]
    )
    esperada = datos["version_registro"] or 0
    if registro is None or registro.version < esperada:
        # solicitudes saw this version; ours is still on its way: retry later.
        raise ErrorTransitorio("el registro de notas aún no llega a emisión")
    if registro.completitud != COMPLETA:
        uow.publicar(
            Evento(
                "EmisionFallida",
                {
                    "solicitud_id": datos["solicitud_id"],
                    "motivo": f"El registro de notas está en estado {registro.completitud}.",
                },
            )
        )
        return
    codigo = nuevo_codigo_virtual()
    emitido_en = datetime.now(UTC)
    url = f"{dep.url_verificacion}/v/{agrupar(codigo)}"
    documento = _documento(datos, registro, codigo, emitido_en, url)
    pdf = dep.renderizador.renderizar(documento)
    sha256 = hashlib.sha256(pdf).hexdigest()
    dep.almacen.guardar(codigo, pdf)  # before commit: a committed certificate has its PDF
    uow.emision.agregar(
        Certificado(
            codigo,
            datos["solicitud_id"],
            datos["numero"],
            datos["tipo_documento"],
            datos["numero_documento"],
            datos["nivel"],
            registro.version,
            sha256,
            emitido_en,
        )
    )
    uow.publicar(Evento("CertificadoEmitido", _emitido(datos, documento, codigo, sha256)))


def _documento(
    datos: dict, registro: RegistroLocal, codigo: str, emitido_en: datetime, url: str
) -> DocumentoCertificado:
    est = registro.estudiante
    return documento_desde_dict(
        {
            "codigo_virtual": agrupar(codigo),
            "numero": datos["numero"],
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
        }
    )


def _emitido(datos: dict, doc: DocumentoCertificado, codigo: str, sha256: str) -> dict:
    est = doc.estudiante
    return {
        "codigo_virtual": codigo,
        "solicitud_id": datos["solicitud_id"],
        "numero": datos["numero"],
        "tipo_documento": est.tipo_documento,
        "numero_documento": est.numero_documento,
        "nombres": est.nombres,
        "apellidos": f"{est.primer_apellido} {est.segundo_apellido}".strip(),
        "codigo_modular": datos["codigo_modular"],
        "anexo": datos["anexo"],
        "nombre_institucion": doc.nombre_institucion,
        "modalidad": doc.modalidad,
        "nivel": doc.nivel,
        "grados": [g.grado for g in doc.grados],
        "emitido_en": doc.emitido_en.isoformat(),
        "sha256": sha256,
        "url_verificacion": doc.url_verificacion,
        "correo": datos["correo"],
    }


def manejadores(dep: Dependencias) -> dict:
    """The event table of this service, with its dependencies bound."""
    return {
        "RegistroNotasActualizado": al_actualizar_registro,
        "EmisionSolicitada": lambda datos, uow, _sobre: emitir(datos, uow, dep),
    }
