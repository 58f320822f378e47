"""The emails' words: Spanish HTML + plain-text templates rendered from the local request copy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.notificaciones.adapters.correo import Adjunto, MensajeSaliente
from services.notificaciones.domain.modelo import ACUSE, CERTIFICADO, RECHAZO, SolicitudLocal
from shared.errores import ErrorDeDominio
from shared.identificadores import agrupar

CARPETA = Path(__file__).resolve().parent.parent / "templates"


class Redactor:
    """Composes the message of a template for one recipient; no I/O besides reading templates."""

    def __init__(self, url_descarga: str):
        self._url_descarga = url_descarga.rstrip("/")
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
        """The message for ``destinatario``; ``pdf`` is attached to the certificate email."""
        contexto = self._contexto(plantilla, copia, pdf is not None)
        adjuntos: tuple[Adjunto, ...] = ()
        if plantilla == CERTIFICADO and pdf is not None:
            adjuntos = (Adjunto(f"certificado-{contexto['codigo']}.pdf", "application/pdf", pdf),)
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
        seguimiento = agrupar(copia.codigo_seguimiento or "")
        if plantilla == ACUSE:
            return f"Solicitud de Certificado de Estudios recibida ({seguimiento})"
        if plantilla == RECHAZO:
            return f"Solicitud de Certificado de Estudios rechazada ({seguimiento})"
        raise ErrorDeDominio(f"Plantilla de correo desconocida: {plantilla}.")

    def _contexto(self, plantilla: str, copia: SolicitudLocal, adjunto: bool) -> dict:
        contexto = {
            "nombres": copia.nombres,
            "apellidos": copia.apellidos,
            "institucion": copia.nombre_institucion,
            "codigo_modular": f"{copia.codigo_modular}-{copia.anexo}",
            "nivel": copia.nivel.lower(),
            "numero": f"{copia.numero or copia.solicitud_id:08d}",
            "seguimiento": agrupar(copia.codigo_seguimiento) if copia.codigo_seguimiento else "",
        }
        if plantilla == RECHAZO:
            contexto["motivo"] = copia.motivo_rechazo or ""
        if plantilla == CERTIFICADO:
            codigo = agrupar(copia.codigo_virtual or "")
            contexto.update(
                codigo=codigo,
                url=copia.url_verificacion or "",
                url_descarga=(
                    f"{self._url_descarga}/api/emision/certificados/{codigo}/pdf"
                    f"?documento={quote(copia.numero_documento)}"
                ),
                adjunto=adjunto,
            )
        return contexto
