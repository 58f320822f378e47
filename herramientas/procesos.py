"""Start, watch and stop the system's processes: used by `make run` and the end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from shared.config import PUERTOS, SERVICIOS

RAIZ = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Proceso:
    nombre: str
    argv: list[str]
    salud: str | None = None  # URL that answers 200 once the process is ready
    popen: subprocess.Popen | None = field(default=None, repr=False)


def web(servicio: str, puerto: int | None = None) -> Proceso:
    """A service's HTTP server (gunicorn, one worker process for local use)."""
    puerto = puerto or PUERTOS[servicio]
    argv = [
        str(BIN / "gunicorn"),
        "-c",
        str(RAIZ / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{puerto}",
        "--workers",
        "1",
        "--threads",
        "4",
        f"services.{servicio}.entrypoints.flask_app:create_app()",
    ]
    return Proceso(f"web-{servicio}", argv, f"http://127.0.0.1:{puerto}/api/{servicio}/health")


def frontends(puerto: int) -> Proceso:
    """The web frontends (panel at /panel/, citizen portal at /) in one gunicorn."""
    argv = [
        str(BIN / "gunicorn"),
        "-c",
        str(RAIZ / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{puerto}",
        "--workers",
        "1",
        "--threads",
        "8",
        "web.servidor:create_app()",
    ]
    return Proceso("web-frontends", argv, f"http://127.0.0.1:{puerto}/panel/salud")


def worker(servicio: str, concurrencia: int = 1) -> Proceso:
    """A service's Celery worker on its own queue."""
    argv = [
        str(BIN / "celery"),
        "-A",
        f"services.{servicio}.entrypoints.worker",
        "worker",
        "-Q",
        servicio,
        "-n",
        f"{servicio}@%h",
        "--concurrency",
        str(concurrencia),
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "INFO",
    ]
    if concurrencia == 1:
        argv += ["--pool", "solo"]
    return Proceso(f"worker-{servicio}", argv)


def relay(servicios: tuple[str, ...] = SERVICIOS) -> Proceso:
    return Proceso("relay", [str(BIN / "mc"), "relay", *servicios])


def smtp_local(carpeta: Path, puerto: int) -> Proceso:
    return Proceso(
        "smtp-local",
        [
            sys.executable,
            "-m",
            "herramientas.smtp_local",
            "--carpeta",
            str(carpeta),
            "--port",
            str(puerto),
        ],
    )


class Supervisor:
    """Runs processes with one environment, logs each to its own file, stops them all."""

    def __init__(self, entorno: dict[str, str], carpeta_logs: Path):
        self.entorno = {**os.environ, **entorno, "PYTHONUNBUFFERED": "1"}
        self.carpeta_logs = carpeta_logs
        self.procesos: dict[str, Proceso] = {}
        carpeta_logs.mkdir(parents=True, exist_ok=True)

    def iniciar(self, proceso: Proceso) -> Proceso:
        log = open(self.carpeta_logs / f"{proceso.nombre}.log", "ab")  # noqa: SIM115 - child owns it
        proceso.popen = subprocess.Popen(
            proceso.argv,
            cwd=RAIZ,
            env=self.entorno,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.procesos[proceso.nombre] = proceso
        return proceso

    def esperar_salud(self, limite: float = 60.0) -> None:
        """Wait until every process with a health URL answers 200; fail on an early exit."""
        fin = time.monotonic() + limite
        pendientes = [p for p in self.procesos.values() if p.salud]
        while pendientes:
            self.verificar_vivos()
            pendientes = [p for p in pendientes if not _responde(p.salud)]
            if pendientes and time.monotonic() > fin:
                nombres = ", ".join(p.nombre for p in pendientes)
                raise TimeoutError(f"no respondieron a tiempo: {nombres} (ver {self.carpeta_logs})")
            time.sleep(0.3)

    def verificar_vivos(self) -> None:
        for p in self.procesos.values():
            if p.popen and p.popen.poll() is not None:
                raise RuntimeError(
                    f"{p.nombre} terminó con código {p.popen.returncode}; "
                    f"ver {self.carpeta_logs / (p.nombre + '.log')}"
                )

    def detener(self, nombre: str, senal: int = signal.SIGTERM, espera: float = 15.0) -> None:
        """Stop one process (its whole group) and wait for it."""
        p = self.procesos.pop(nombre)
        if p.popen is None or p.popen.poll() is not None:
            return
        try:
            os.killpg(p.popen.pid, senal)
            p.popen.wait(timeout=espera)
        except subprocess.TimeoutExpired:
            os.killpg(p.popen.pid, signal.SIGKILL)
            p.popen.wait()
        except ProcessLookupError:
            pass

    def detener_todos(self, espera: float = 20.0) -> None:
        """SIGTERM to all at once, then wait; whoever is still up after ``espera`` is killed."""
        vivos = [p for p in self.procesos.values() if p.popen and p.popen.poll() is None]
        for p in vivos:
            _senal(p, signal.SIGTERM)
        fin = time.monotonic() + espera
        for p in vivos:
            try:
                p.popen.wait(timeout=max(fin - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _senal(p, signal.SIGKILL)
                p.popen.wait()
        self.procesos.clear()


def _senal(proceso: Proceso, senal: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(proceso.popen.pid, senal)


def _responde(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
