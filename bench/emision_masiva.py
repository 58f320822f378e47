"""Benchmark (a)+(b) of issue 5: the renderer alone, then bulk emission end to end, one run.

    .venv/bin/python bench/emision_masiva.py [--solicitudes 2000] [--workers 2]

(b) runs the real path on PostgreSQL and Redis (this machine's, as in the tests): one order
of N requests → solicitudes' outbox → relay → Redis → an emision worker with ``--workers``
processes (render, sign, store, commit, outbox) → relay → solicitudes' worker → EMITIDA.
The grade records and requests are written straight into the services' own tables first
(what notas' events and citizens would have left there): that setup is not measured.
Prints certificates per second for both, their ratio on the same number of cores, and the
peak resident memory of each emision worker process.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.renderizador import medir  # noqa: E402
from herramientas.demo import ESTUDIANTE, IE, grados_demo  # noqa: E402
from herramientas.procesos import Supervisor, relay, web, worker  # noqa: E402
from services.cuentas.entrypoints.cli import firmar_token  # noqa: E402
from services.emision.domain.modelo import RegistroLocal  # noqa: E402
from services.emision.service_layer.unit_of_work import UnidadDeTrabajoEmision  # noqa: E402
from services.solicitudes.domain.copias import (  # noqa: E402
    CompletitudLocal,
    ConfiguracionIE,
    InstitucionLocal,
)
from services.solicitudes.domain.identidad import DatosPersona  # noqa: E402
from services.solicitudes.domain.modelo import DatosSolicitud, Solicitud  # noqa: E402
from services.solicitudes.service_layer.unit_of_work import (  # noqa: E402
    UnidadDeTrabajoSolicitudes,
)
from shared.auth import Usuario  # noqa: E402
from shared.config import SERVICIOS, Config, puertos  # noqa: E402
from shared.db import crear_engine, crear_session_factory  # noqa: E402
from shared.identificadores import nuevo_codigo_seguimiento  # noqa: E402
from shared.llavero import rotar  # noqa: E402
from shared.migraciones import migrar  # noqa: E402

PG = "postgresql+psycopg://root@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/14"
BASE = 19000
COMPLETA = "INFORMACIÓN COMPLETA"


def _registro() -> dict:
    grados = [
        {
            **datos,
            "grado": grado,
            "calificaciones": [{**c, "competencias": []} for c in datos["calificaciones"]],
        }
        for grado, datos in grados_demo()
    ]
    return {
        "nivel": "SECUNDARIA",
        "modalidad": "EBR",
        "version": 5,
        "grados": grados,
        "observaciones": [],
        "parametros": {"min_areas": 1, "max_areas": 12, "min_talleres": 0, "max_talleres": 0},
    }


def cargar(env: dict, n: int) -> list[int]:
    """n students with a complete five-grade record, and one pending request each."""
    registro, dnis = _registro(), [f"{40_000_000 + i}" for i in range(n)]
    emision = UnidadDeTrabajoEmision(
        crear_session_factory(crear_engine(Config.desde_entorno("emision", env)))
    )
    with emision:
        for dni in dnis:
            est = {**ESTUDIANTE, "numero_documento": dni}
            emision.emision.agregar(
                RegistroLocal("DNI", dni, "SECUNDARIA", 5, COMPLETA, est, registro)
            )
        emision.commit()
    solicitudes = UnidadDeTrabajoSolicitudes(
        crear_session_factory(crear_engine(Config.desde_entorno("solicitudes", env)))
    )
    with solicitudes:
        s = solicitudes.session
        s.add(
            InstitucionLocal(
                IE["codigo_modular"],
                IE["anexo"],
                IE["nombre"],
                "ACTIVA",
                IE["codigo_ugel"],
                IE["nombre_ugel"],
                "EBR",
                ["SECUNDARIA"],
            )
        )
        s.add(ConfiguracionIE(IE["codigo_modular"], IE["anexo"], habilitar_solicitud=True))
        nuevas = []
        for dni in dnis:
            s.add(CompletitudLocal("DNI", dni, "SECUNDARIA", COMPLETA, 5))
            persona = DatosPersona(
                "DNI",
                dni,
                ESTUDIANTE["nombres"],
                ESTUDIANTE["primer_apellido"],
                ESTUDIANTE["segundo_apellido"],
                date(2003, 5, 14),
            )
            datos = DatosSolicitud(
                IE["codigo_modular"],
                IE["anexo"],
                "SECUNDARIA",
                2020,
                "QUINTO",
                "CONTINUIDAD_ESTUDIOS",
                "",
                "bench@example.pe",
                "",
            )
            nuevas.append(Solicitud(nuevo_codigo_seguimiento(), persona, datos, "IE"))
        s.add_all(nuevas)
        s.flush()
        numeros = [x.id for x in nuevas]
        solicitudes.commit()
    return numeros


class Memoria(threading.Thread):
    """Samples the resident memory of a process and its children from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.pico, self._fin = pid, {}, threading.Event()

    def run(self):
        while not self._fin.wait(0.2):
            for pid in [self.pid, *_hijos(self.pid)]:
                self.pico[pid] = max(self.pico.get(pid, 0), _rss_mb(pid))

    def detener(self):
        self._fin.set()
        self.join()


def _hijos(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss_mb(pid: int) -> float:
    try:
        for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linea.startswith("VmRSS:"):
                return int(linea.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def contar(env: dict, servicio: str, sql: str) -> int:
    config = Config.desde_entorno(servicio, env)
    engine = crear_engine(config)
    with engine.connect() as conn:
        valor = conn.execute(sa.text(sql)).scalar_one()
    engine.dispose()
    return valor


def extremo_a_extremo(env: dict, n: int, procesos: int, var: Path) -> tuple[float, float, dict]:
    """Order all n at once; seconds until emision has them all and until all are EMITIDA."""
    numeros = cargar(env, n)
    sup = Supervisor(env, var / "log")
    try:
        sup.iniciar(web("solicitudes", puertos(BASE)["solicitudes"]))
        emisor = sup.iniciar(worker("emision", concurrencia=procesos))
        sup.iniciar(worker("solicitudes", concurrencia=1))
        sup.iniciar(relay(("solicitudes", "emision")))
        sup.esperar_salud(limite=90)
        time.sleep(3)  # workers connected to the broker
        memoria = Memoria(emisor.popen.pid)
        memoria.start()
        token = firmar_token(  # signed with the cuentas key file, as `mc token` does
            Config.desde_entorno("cuentas", env),
            Usuario("bench", "DIRECTOR_IE", codigo_modular=IE["codigo_modular"], anexo=IE["anexo"]),
        )
        url = f"http://127.0.0.1:{puertos(BASE)['solicitudes']}/api/solicitudes"
        inicio = time.monotonic()
        r = requests.post(
            f"{url}/emisiones",
            json={"numeros_solicitud": numeros},
            headers={"Authorization": f"Bearer {token}"},
            timeout=300,
        )
        r.raise_for_status()
        t_emision = t_total = None
        while t_total is None:
            time.sleep(0.25)
            if (
                t_emision is None
                and contar(env, "emision", "SELECT count(*) FROM certificados") >= n
            ):
                t_emision = time.monotonic() - inicio
            if (
                contar(
                    env, "solicitudes", "SELECT count(*) FROM solicitudes WHERE estado = 'EMITIDA'"
                )
                >= n
            ):
                t_total = time.monotonic() - inicio
            sup.verificar_vivos()
        memoria.detener()
        return t_emision, t_total, memoria.pico
    finally:
        sup.detener_todos()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solicitudes", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2, help="emision worker processes")
    args = parser.parse_args()

    renderizador = statistics.median(medir(300, 5))
    print(f"(a) renderizador, 1 proceso: mediana {renderizador:.0f} CE/s por núcleo")

    prefijo, var = f"b{uuid.uuid4().hex[:8]}_", Path(f"/tmp/bench-emision-{uuid.uuid4().hex[:6]}")
    env = {
        "DATABASE_URL": PG,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS,
        "MC_VAR_DIR": str(var),
        "MC_PUERTO_BASE": str(BASE),
        # No cuentas process here: the services read its JWKS file beside the signing key.
        "JWKS_URL": (var / "claves-cuentas" / "jwks.json").as_uri(),
        "ADJUNTAR_PDF": "0",
        "CLAVE_SERVICIOS": secrets.token_hex(32),  # real mode refuses the development key
    }
    cliente = redis.Redis.from_url(REDIS)
    cliente.flushdb()
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio, env))
    rotar(Config.desde_entorno("emision", env).firma_dir)
    try:
        t_emision, t_total, pico = extremo_a_extremo(env, args.solicitudes, args.workers, var)
    finally:
        cliente.flushdb()
        engine = sa.create_engine(PG)
        with engine.begin() as conn:
            for servicio in SERVICIOS:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
        engine.dispose()
    n = args.solicitudes
    e2e = n / t_total
    print(
        f"(b) extremo a extremo, {n} solicitudes, {args.workers} procesos de emisión: "
        f"certificados en {t_emision:.1f} s ({n / t_emision:.0f} CE/s); todas EMITIDA en "
        f"{t_total:.1f} s ({e2e:.0f} CE/s)"
    )
    print(
        f"    proporción (b)/(a × {args.workers} núcleos): "
        f"{e2e / (renderizador * args.workers):.0%}"
        f"   [meta ≥ 80 %]"
    )
    print(
        "    memoria pico del worker de emisión (MB, RSS): "
        + ", ".join(f"pid {pid}: {mb:.0f}" for pid, mb in sorted(pico.items()))
        + "   [meta ≤ 300 MB por proceso]"
    )


if __name__ == "__main__":
    main()
