"""The emails' words: Spanish HTML + plain-text templates rendered from the local request copy."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.notificaciones.adapters.correo import Adjunto, MensajeSaliente
from services.notificaciones.domain.modelo import (
    ACUSE,
    ANULACION,
    CERTIFICADO,
    RECHAZO,
    SUSTITUCION,
    SolicitudLocal,
)
from shared.adjuntos_pdf import adjunto
from shared.config import CLAVE_SERVICIOS_DESARROLLO, Config
from shared.enlaces import firmar_descarga
from shared.errores import ErrorDeDominio
from shared.fechas import LIMA
from shared.identificadores import agrupar, nombre_de_descarga
from shared.vc_jose import TIPO_MIME

CARPETA = Path(__file__).resolve().parent.parent / "templates"


class Redactor:
    """Composes the message of a template for one recipient; no I/O besides reading templates."""

    def __init__(
        self,
        url_descarga: str,
        secreto: str = CLAVE_SERVICIOS_DESARROLLO,
        vigencia: int = Config.vigencia_enlace_descarga,
        reloj=time.time,
        url_portal: str = Config.url_portal,
        ayuda_correo: str = Config.ayuda_correo,
    ):
        self._url_descarga = url_descarga.rstrip("/")
        self._url_portal, self._ayuda_correo = url_portal.rstrip("/"), ayuda_correo
        self._secreto, self._vigencia, self._reloj = secreto, vigencia, reloj
        # A missing variable is a bug to see in tests, not an empty hole in a citizen's email.
        self._jinja = Environment(
            loader=FileSystemLoader(CARPETA),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    def componer(
        self, plantilla: str, copia: SolicitudLocal, destinatario: str, pdf: bytes | None = None
    ) -> MensajeSaliente:
        """The message for ``destinatario``; ``pdf`` is attached to the certificate email, and
        with it the Verifiable Credential the PDF carries (taken out of the same file: the
        holder gets the very credential inside the PDF, with no second call to emision)."""
        contexto = self._contexto(plantilla, copia, pdf is not None)
        adjuntos: tuple[Adjunto, ...] = ()
        if plantilla == CERTIFICADO and pdf is not None:
            codigo = copia.codigo_virtual or ""
            adjuntos = (Adjunto(nombre_de_descarga(codigo, "pdf"), "application/pdf", pdf),)
            credencial = adjunto(pdf)
            if credencial is not None:  # PDFs issued before issue 18 carry none
                adjuntos += (Adjunto(nombre_de_descarga(codigo, "jwt"), TIPO_MIME, credencial),)
                contexto["con_credencial"] = True
        return MensajeSaliente(
            asunto=self.asunto(plantilla, copia),
            destinatarios=(destinatario,),
            texto=self._jinja.get_template(f"{plantilla}.txt").render(contexto),
            html=self._jinja.get_template(f"{plantilla}.html").render(contexto),
            adjuntos=adjuntos,
        )

    def componer_con(
        self, plantilla: str, asunto: str, contexto: dict, destinatario: str
    ) -> MensajeSaliente:
        """A message not about a request (e.g. a staff password link) from its own context."""
        return MensajeSaliente(
            asunto=asunto,
            destinatarios=(destinatario,),
            texto=self._jinja.get_template(f"{plantilla}.txt").render(contexto),
            html=self._jinja.get_template(f"{plantilla}.html").render(contexto),
        )

    @staticmethod
    def asunto(plantilla: str, copia: SolicitudLocal) -> str:
        """Subject line: the code the citizen knows the request or certificate by."""
        if plantilla == CERTIFICADO:
            return f"Su Certificado Oficial de Estudios ({agrupar(copia.codigo_virtual or '')})"
        if plantilla == SUSTITUCION:
            return (
                f"Su Certificado Oficial de Estudios ({agrupar(copia.codigo_virtual or '')}) "
                f"fue reemplazado por el {agrupar(copia.sustituido_por or '')}"
            )
        if plantilla == ANULACION:
            return (
                f"Su Certificado Oficial de Estudios ({agrupar(copia.codigo_virtual or '')}) "
                "fue anulado"
            )
        seguimiento = agrupar(copia.codigo_seguimiento or "")
        if plantilla == ACUSE:
            return f"Solicitud de Certificado de Estudios recibida ({seguimiento})"
        if plantilla == RECHAZO:
            return f"Solicitud de Certificado de Estudios rechazada ({seguimiento})"
        raise ErrorDeDominio(f"Plantilla de correo desconocida: {plantilla}.")

    def enlace_descarga(self, codigo_virtual: str) -> tuple[str, str]:
        """verificacion's signed download link (the code and an expiry, no document); its expiry."""
        ahora = self._reloj()
        token = firmar_descarga(self._secreto, codigo_virtual, self._vigencia, ahora)
        vence = datetime.fromtimestamp(int(ahora) + self._vigencia, LIMA).strftime("%d/%m/%Y")
        return f"{self._url_descarga}/v/{agrupar(codigo_virtual)}/descarga?t={token}", vence

    def _enlaces_del_portal(self, codigo_seguimiento: str) -> dict:
        """Where to follow the request, file a new one and ask for help (every email)."""
        return {
            "url_seguimiento": (
                f"{self._url_portal}/seguimiento/{codigo_seguimiento}" if codigo_seguimiento else ""
            ),
            "url_nueva_solicitud": f"{self._url_portal}/solicitud/",
            "ayuda_correo": self._ayuda_correo,
        }

    def _contexto(self, plantilla: str, copia: SolicitudLocal, adjunto: bool) -> dict:
        contexto = {
            "nombres": copia.nombres,
            "apellidos": copia.apellidos,
            "nombre_institucion": copia.nombre_institucion,
            "codigo_modular": copia.codigo_modular,
            "anexo": copia.anexo,
            "nivel": copia.nivel.lower(),
            "numero_solicitud": f"{copia.numero_solicitud:08d}",
            "codigo_seguimiento": (
                agrupar(copia.codigo_seguimiento) if copia.codigo_seguimiento else ""
            ),
        }
        contexto.update(self._enlaces_del_portal(contexto["codigo_seguimiento"]))
        if plantilla == RECHAZO:
            contexto["motivo_rechazo"] = copia.motivo_rechazo or ""
        if plantilla == CERTIFICADO:
            url_descarga, vence = self.enlace_descarga(copia.codigo_virtual or "")
            contexto.update(
                codigo_virtual=agrupar(copia.codigo_virtual or ""),
                url_verificacion=copia.url_verificacion or "",
                url_descarga=url_descarga,
                vence_descarga=vence,
                adjunto=adjunto,
            )
        if plantilla in (SUSTITUCION, ANULACION):
            contexto.update(
                codigo_virtual=agrupar(copia.codigo_virtual or ""),
                url_verificacion=copia.url_verificacion or "",
                sustituido_por=agrupar(copia.sustituido_por or ""),
                # Same verification site, the new código: ".../v/<viejo>" -> ".../v/<nuevo>".
                url_nuevo=(
                    f"{(copia.url_verificacion or '').rpartition('/')[0]}/"
                    f"{agrupar(copia.sustituido_por or '')}"
                ),
                motivo_anulacion=copia.motivo_anulacion or "",
            )
        return contexto
