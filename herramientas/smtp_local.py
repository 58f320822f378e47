"""Buzón local: the project's own SMTP server for embedded mode.

Every message it receives is stored, unchanged, as one ``.eml`` file under a folder
(``var/correo`` by default), with the SMTP envelope prepended as two headers::

    X-Envelope-From: <sender given in MAIL FROM>
    X-Envelope-To: <every RCPT TO, comma separated>

Files are named ``<UTC timestamp>-<uuid>.eml`` (the timestamp has microseconds and a fixed
width, so sorting the names sorts the messages by arrival) and are written atomically: a
hidden temporary file in the same folder is renamed into place with :func:`os.replace`, so a
reader never sees half a message.

Use it from code (tests, the launcher)::

    controlador = iniciar(Path("var/correo"), port=0)   # 0 = any free port
    ...  # send mail to controlador.hostname:controlador.port
    controlador.stop()
    mensajes = leer_buzon(Path("var/correo"))

or as a process: ``python -m herramientas.smtp_local --carpeta var/correo --port 8025`` (also
``mc smtp-local``), which serves until SIGINT or SIGTERM.

It accepts any sender and any recipient, without authentication or TLS: it is meant for a
developer's machine and listens on the loopback interface unless told otherwise. It never
relays anything anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.policy
import logging
import os
import signal
import sys
import tempfile
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

__all__ = ["BuzonLocal", "ControladorBuzon", "iniciar", "leer_buzon", "main"]

log = logging.getLogger(__name__)

EXTENSION = ".eml"
CARPETA_POR_DEFECTO = Path("var") / "correo"
PUERTO_POR_DEFECTO = 8025
TAMANO_MAXIMO = 32 * 1024 * 1024  # bytes per message; certificates are well below this
NOMBRE_SERVIDOR = "buzon-local.mi-certificado"  # avoids a slow socket.getfqdn() at start


class BuzonLocal:
    """aiosmtpd handler that stores each message as ``<carpeta>/<UTC timestamp>-<uuid>.eml``."""

    def __init__(self, carpeta: Path | str) -> None:
        self.carpeta = Path(carpeta)
        self._lock = threading.Lock()
        self._ultimo: datetime | None = None

    def _marca_de_tiempo(self) -> str:
        """UTC timestamp, strictly increasing within this handler so names sort by arrival."""
        with self._lock:
            ahora = datetime.now(UTC)
            if self._ultimo is not None and ahora <= self._ultimo:
                ahora = self._ultimo + timedelta(microseconds=1)
            self._ultimo = ahora
        return ahora.strftime("%Y%m%dT%H%M%S.%fZ")

    @staticmethod
    def _con_sobre(envelope: Any) -> bytes:
        contenido = envelope.original_content
        if contenido is None:  # pragma: no cover - aiosmtpd always sets it
            contenido = envelope.content or b""
        if isinstance(contenido, str):  # pragma: no cover - only with decode_data=True
            contenido = contenido.encode("utf-8", "surrogateescape")
        fin = b"\r\n"  # SMTP DATA lines always end in CRLF (RFC 5321 2.3.8)
        remitente = (envelope.mail_from or "").encode("utf-8")
        destinatarios = ", ".join(envelope.rcpt_tos).encode("utf-8")
        return (
            b"X-Envelope-From: "
            + remitente
            + fin
            + b"X-Envelope-To: "
            + destinatarios
            + fin
            + contenido
        )

    def guardar(self, datos: bytes) -> Path:
        """Write one raw message atomically and return its final path."""
        self.carpeta.mkdir(parents=True, exist_ok=True)
        nombre = f"{self._marca_de_tiempo()}-{uuid.uuid4().hex}{EXTENSION}"
        destino = self.carpeta / nombre
        fd, temporal = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.carpeta)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(datos)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporal, destino)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporal)
            raise
        return destino

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        datos = self._con_sobre(envelope)
        try:
            ruta = await asyncio.to_thread(self.guardar, datos)
        except OSError:
            log.exception("buzón local: no se pudo guardar el mensaje en %s", self.carpeta)
            # Transient failure: a well-behaved client keeps the message and retries.
            return "451 4.3.0 No se pudo guardar el mensaje; intente de nuevo"
        log.info(
            "buzón local: mensaje de %s para %s guardado en %s",
            envelope.mail_from,
            ", ".join(envelope.rcpt_tos),
            ruta.name,
        )
        return "250 OK"


class ControladorBuzon(Controller):
    """aiosmtpd's threaded Controller, with two conveniences.

    - ``port=0`` binds any free port; after :meth:`start`, ``port`` holds the one bound.
    - If the port cannot be bound, :meth:`start` raises the ``OSError`` at once instead of
      waiting for ``ready_timeout`` to expire.
    """

    def _run(self, ready_event: threading.Event) -> None:
        super()._run(ready_event)
        if getattr(self, "_thread_exception", None) is not None:
            ready_event.set()  # wake start(); _trigger_server re-raises the error

    def _trigger_server(self) -> None:
        error = getattr(self, "_thread_exception", None)
        if error is not None:
            raise error
        if self.port == 0 and getattr(self, "server", None) is not None:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def iniciar(
    carpeta: Path | str,
    host: str = "127.0.0.1",
    port: int = PUERTO_POR_DEFECTO,
) -> ControladorBuzon:
    """Start the local SMTP server in a background thread and return its (started) controller.

    ``port=0`` binds any free port; read it back from ``controlador.port``.
    Stop it with ``controlador.stop()``.
    """
    carpeta = Path(carpeta)
    carpeta.mkdir(parents=True, exist_ok=True)
    controlador = ControladorBuzon(
        BuzonLocal(carpeta),
        hostname=host,
        port=port,
        server_hostname=NOMBRE_SERVIDOR,
        data_size_limit=TAMANO_MAXIMO,
    )
    try:
        controlador.start()
    except BaseException:
        # E.g. the port is taken: the server thread died before running its loop, so the
        # loop (and its self-pipe sockets) would otherwise be left open.
        with contextlib.suppress(Exception):
            controlador.stop(no_assert=True)
        loop = controlador.loop
        if not loop.is_running() and not loop.is_closed():
            loop.close()
        raise
    return controlador


def leer_buzon(carpeta: Path | str) -> list[EmailMessage]:
    """Parse every stored message, oldest first. A missing folder is an empty mailbox."""
    carpeta = Path(carpeta)
    if not carpeta.is_dir():
        return []
    parser = BytesParser(policy=email.policy.default)
    mensajes: list[EmailMessage] = []
    for ruta in sorted(carpeta.glob(f"*{EXTENSION}"), key=lambda p: p.name):
        if ruta.name.startswith("."):
            continue
        with ruta.open("rb") as f:
            mensajes.append(parser.parse(f))
    return mensajes


def _carpeta_por_defecto() -> Path:
    var = os.environ.get("MC_VAR_DIR")
    return Path(var) / "correo" if var else CARPETA_POR_DEFECTO


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGINT or SIGTERM. ``python -m herramientas.smtp_local --help``."""
    parser = argparse.ArgumentParser(
        prog="smtp-local",
        description="Servidor SMTP local (modo embebido): guarda cada correo como .eml.",
    )
    parser.add_argument(
        "--carpeta",
        type=Path,
        default=None,
        help="carpeta de los .eml (por defecto $MC_VAR_DIR/correo o var/correo)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interfaz (por defecto 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=int,
        default=PUERTO_POR_DEFECTO,
        help=f"puerto (por defecto {PUERTO_POR_DEFECTO}; 0 = cualquiera libre)",
    )
    args = parser.parse_args(argv)
    carpeta: Path = args.carpeta if args.carpeta is not None else _carpeta_por_defecto()

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    parar = threading.Event()

    def _al_recibir_senal(signum: int, _frame: Any) -> None:
        parar.set()

    anteriores = {s: signal.signal(s, _al_recibir_senal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            controlador = iniciar(carpeta, host=args.host, port=args.port)
        except OSError as exc:
            print(
                f"smtp-local: no se pudo escuchar en {args.host}:{args.port}: {exc}",
                file=sys.stderr,
            )
            return 1
        print(
            f"smtp-local: escuchando en {controlador.hostname}:{controlador.port}, "
            f"guardando en {carpeta.resolve()}",
            flush=True,
        )
        try:
            while not parar.wait(1.0):
                pass
        finally:
            controlador.stop()
        print("smtp-local: detenido", flush=True)
        return 0
    finally:
        for s, anterior in anteriores.items():
            signal.signal(s, anterior)


if __name__ == "__main__":
    sys.exit(main())
