"""A real SMTP server (aiosmtpd) that tests can break: down and back, 550, 451.

It stores messages exactly like the project's local server (herramientas.smtp_local), and can be
stopped and started again on the same port (SMTP down, then back), answer 550 for chosen
recipients, or 451 to the next N messages. Used by the integration and end-to-end tests.
"""

from __future__ import annotations

from pathlib import Path

from herramientas.smtp_local import NOMBRE_SERVIDOR, BuzonLocal, ControladorBuzon, leer_buzon


class BuzonDePruebas(BuzonLocal):
    """Stores every message; answers 550 to ``rechazar``, 451 to the next ``fallar`` messages."""

    def __init__(self, carpeta: Path):
        super().__init__(carpeta)
        self.rechazar: set[str] = set()
        self.fallar = 0
        self.conexiones = 0  # EHLO once per connection

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.conexiones += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rechazar:
            return f"550 5.1.1 <{address}>: buzón inexistente"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fallar > 0:
            self.fallar -= 1
            return "451 4.3.0 Sistema ocupado, intente más tarde"
        return await super().handle_DATA(server, session, envelope)


class ServidorSmtp:
    """A real SMTP server on one port for the whole test, that can go down and come back."""

    def __init__(self, carpeta: Path):
        self.carpeta = carpeta
        self.buzon = BuzonDePruebas(carpeta)
        self.port = 0
        self._controlador: ControladorBuzon | None = None

    def iniciar(self) -> None:
        self._controlador = ControladorBuzon(
            self.buzon, hostname="127.0.0.1", port=self.port, server_hostname=NOMBRE_SERVIDOR
        )
        self._controlador.start()
        self.port = self._controlador.port

    def detener(self) -> None:
        if self._controlador is not None:
            self._controlador.stop()
            self._controlador = None

    def correos(self, para: str | None = None):
        mensajes = leer_buzon(self.carpeta)
        return [m for m in mensajes if para is None or m["To"] == para]
