"""Handlers of the notificaciones service: one email per event and template, at most once sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template

from services.notificaciones.adapters.correo import (
    Adjunto,
    MensajeSaliente,
    RechazoPermanente,
)
from services.notificaciones.domain.modelo import ENVIADO, Correo
from services.notificaciones.service_layer.unit_of_work import UnidadDeTrabajoNotificaciones
from shared.eventos import Evento
from shared.identificadores import agrupar

PLANTILLA_EMITIDO = "certificado_emitido"


@dataclass(frozen=True)
class Dependencias:
    enviador: object  # .enviar(MensajeSaliente)
    descargar_pdf: Callable[[str, str], bytes]  # (codigo_virtual, documento) -> PDF
    adjuntar_pdf: bool


def al_emitir_certificado(
    datos: dict, uow: UnidadDeTrabajoNotificaciones, sobre: dict, dep: Dependencias
) -> None:
    """Email the student their certificate, with the link and (by default) the PDF."""
    correo = uow.correos.de_evento(sobre["id"], PLANTILLA_EMITIDO)
    if correo is None:
        correo = Correo(sobre["id"], PLANTILLA_EMITIDO, datos["correo"], datos["codigo_virtual"])
        uow.correos.agregar(correo)
    if correo.estado == ENVIADO:
        return
    try:
        dep.enviador.enviar(_mensaje_emitido(datos, correo.destinatario, dep))
    except RechazoPermanente as exc:
        correo.registrar_fallo(str(exc))
        uow.publicar(
            Evento(
                "CorreoFallido",
                {
                    "correo_id": correo.id,
                    "plantilla": correo.plantilla,
                    "referencia": correo.referencia,
                    "motivo": str(exc),
                },
            )
        )
        return
    correo.registrar_envio()
    uow.publicar(
        Evento(
            "CorreoEnviado",
            {
                "correo_id": correo.id,
                "plantilla": correo.plantilla,
                "referencia": correo.referencia,
            },
        )
    )


def _mensaje_emitido(datos: dict, destinatario: str, dep: Dependencias) -> MensajeSaliente:
    codigo = agrupar(datos["codigo_virtual"])
    contexto = {
        "nombres": datos["nombres"],
        "apellidos": datos["apellidos"],
        "codigo": codigo,
        "url": datos["url_verificacion"],
        "institucion": datos["nombre_institucion"],
        "nivel": datos["nivel"].lower(),
        "numero": f"{datos['numero']:08d}",
        "adjunto": dep.adjuntar_pdf,
    }
    adjuntos = ()
    if dep.adjuntar_pdf:
        pdf = dep.descargar_pdf(datos["codigo_virtual"], datos["numero_documento"])
        adjuntos = (Adjunto(f"certificado-{codigo}.pdf", "application/pdf", pdf),)
    return MensajeSaliente(
        asunto=f"Su Certificado Oficial de Estudios ({codigo})",
        destinatarios=(destinatario,),
        texto=render_template("certificado_emitido.txt", **contexto),
        html=render_template("certificado_emitido.html", **contexto),
        adjuntos=adjuntos,
    )


def manejadores(dep: Dependencias) -> dict:
    """The event table of this service, with its dependencies bound."""
    return {
        "CertificadoEmitido": lambda datos, uow, sobre: al_emitir_certificado(
            datos, uow, sobre, dep
        ),
    }
