"""Benchmark (a)+(b) of issues 5 and 17: the renderer alone, then bulk emission end to end.

    .venv/bin/python bench/emision_masiva.py [--solicitudes 2000 10000] [--workers 1 2]
        [--rondas 3] [--puerto-base 19000] [--redis redis://127.0.0.1:6379/14]

(--puerto-base and --redis also from BENCH_PUERTO_BASE and BENCH_REDIS_URL: a machine shared by
several people gives each one a port range and a Redis of their own.)

(a) is measured twice, in each round: the bare fpdf2 renderer, and the full per-certificate work
the emision worker does (render + embedded VC + PAdES signature), the honest yardstick.

(b) runs the real path on PostgreSQL and Redis (this machine's, as in the tests): one order
of N requests → solicitudes' outbox → relay → Redis → an emision worker with ``--workers``
processes (render, sign, store, commit, outbox) → relay → solicitudes' worker → EMITIDA.
The grade records and requests are written straight into the services' own tables first
(what notas' events and citizens would have left there): that setup is not measured.
Rounds alternate every measurement (renderers, then each size × worker count) so that all see
the same machine; the medians over the rounds are printed with the machine's load beside each
figure, with the ratio e2e / (full renderer × processes), the 1→2 process scaling, and the peak
resident memory of each emision worker process.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
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
from services.emision.adapters.firma_pdf import asegurar_ca_local  # noqa: E402
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

PG = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BASE = int(os.environ.get("BENCH_PUERTO_BASE", "19000"))
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
            copia = CompletitudLocal("DNI", dni, "SECUNDARIA", COMPLETA, 5)
            # What each grade of the record is, so the request (QUINTO, 2020) is judged complete.
            copia.grados = [
                {"grado": g["grado"], "anio_lectivo": g["anio_lectivo"]} for g in registro["grados"]
            ]
            s.add(copia)
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
        numeros = [x.numero_solicitud for x in nuevas]
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


class Contador:
    """Counts rows of one service's schema on one connection (the database is shared)."""

    def __init__(self, env: dict, servicio: str):
        self._engine = crear_engine(Config.desde_entorno(servicio, env))
        self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def __call__(self, sql: str) -> int:
        return self._conn.execute(sa.text(sql)).scalar_one()

    def cerrar(self) -> None:
        self._conn.close()
        self._engine.dispose()


def extremo_a_extremo(
    env: dict, n: int, procesos: int, var: Path, base: int
) -> tuple[float, float, dict]:
    """Order all n at once; seconds until emision has them all and until all are EMITIDA."""
    numeros = cargar(env, n)
    emitidos, atendidas = Contador(env, "emision"), Contador(env, "solicitudes")
    sup = Supervisor(env, var / "log")
    try:
        sup.iniciar(web("solicitudes", puertos(base)["solicitudes"]))
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
        url = f"http://127.0.0.1:{puertos(base)['solicitudes']}/api/solicitudes"
        inicio = time.monotonic()
        r = requests.post(
            f"{url}/emisiones",
            json={"numeros_solicitud": numeros},
            headers={"Authorization": f"Bearer {token}"},
            timeout=300,
        )
        if r.status_code >= 300:
            raise RuntimeError(f"la orden de emisión respondió {r.status_code}: {r.text[:500]}")
        t_emision = t_total = None
        while t_total is None:
            time.sleep(0.25)
            if t_emision is None and emitidos("SELECT count(*) FROM certificados") >= n:
                t_emision = time.monotonic() - inicio
            if atendidas("SELECT count(*) FROM solicitudes WHERE estado = 'EMITIDA'") >= n:
                t_total = time.monotonic() - inicio
            sup.verificar_vivos()
        memoria.detener()
        return t_emision, t_total, memoria.pico
    finally:
        sup.detener_todos()
        emitidos.cerrar()
        atendidas.cerrar()


def una_vez(
    n: int, procesos: int, base: int, redis_url: str, lote: int = 0
) -> tuple[float, float, dict]:
    """One end-to-end run on fresh schemas (dropped afterwards): (t_emision, t_total, RSS).

    ``lote``: LOTE_CONSUMO of every service (0: each service's default).
    """
    prefijo, var = f"b{uuid.uuid4().hex[:8]}_", Path(f"/tmp/bench-emision-{uuid.uuid4().hex[:6]}")
    env = {
        "DATABASE_URL": PG,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": redis_url,
        "MC_VAR_DIR": str(var),
        "MC_PUERTO_BASE": str(base),
        # No cuentas process here: the services read its JWKS file beside the signing key.
        "JWKS_URL": (var / "claves-cuentas" / "jwks.json").as_uri(),
        "ADJUNTAR_PDF": "0",
        "CLAVE_SERVICIOS": secrets.token_hex(32),  # real mode refuses the development key
        **({"LOTE_CONSUMO": str(lote)} if lote else {}),
    }
    cliente = redis.Redis.from_url(redis_url)
    cliente.flushdb()
    try:
        for servicio in SERVICIOS:
            migrar(Config.desde_entorno(servicio, env))
        firma_dir = Config.desde_entorno("emision", env).firma_dir
        rotar(firma_dir)  # real mode: keys are provisioned
        asegurar_ca_local(firma_dir)  # and the PDF signing certificate
        return extremo_a_extremo(env, n, procesos, var, base)
    finally:
        cliente.flushdb()
        engine = sa.create_engine(PG)
        with engine.begin() as conn:
            for servicio in SERVICIOS:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
        engine.dispose()
        shutil.rmtree(var, ignore_errors=True)


def _carga() -> str:
    return f"carga {os.getloadavg()[0]:.2f}"


def _caso(texto: str) -> tuple[int, int]:
    """'2' (2 processes, the services' batch sizes) or '2:1' (2 processes, LOTE_CONSUMO=1)."""
    procesos, _, lote = texto.partition(":")
    return int(procesos), int(lote or 0)


def _nombre(procesos: int, lote: int) -> str:
    return f"{procesos} proc." + (f", LOTE_CONSUMO={lote}" if lote else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solicitudes", type=int, nargs="+", default=[2000])
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="procesos de emision")
    parser.add_argument(
        "--casos",
        type=_caso,
        nargs="+",
        help="procesos[:lote] en vez de --workers; lote 1 = un mensaje por transacción",
    )
    parser.add_argument("--rondas", type=int, default=3, help="rondas alternadas (medianas)")
    parser.add_argument("--puerto-base", type=int, default=BASE)
    parser.add_argument("--redis", default=REDIS)
    args = parser.parse_args()
    casos = args.casos or [(w, 0) for w in args.workers]

    desnudo, completo, e2e, memoria = [], [], {}, {}
    for ronda in range(1, args.rondas + 1):
        carga = _carga()
        desnudo.append(statistics.median(medir(200, 3, firmar=False)))
        completo.append(statistics.median(medir(100, 3)))
        print(
            f"ronda {ronda}: (a) renderizador 1 proceso: solo fpdf2 {desnudo[-1]:.0f} CE/s, "
            f"+ VC + firma PAdES {completo[-1]:.0f} CE/s   [{carga}]",
            flush=True,
        )
        for n in args.solicitudes:
            for procesos, lote in casos:
                carga = _carga()
                t_emision, t_total, pico = una_vez(n, procesos, args.puerto_base, args.redis, lote)
                e2e.setdefault((n, procesos, lote), []).append(n / t_total)
                memoria.setdefault((n, procesos, lote), []).append(max(pico.values(), default=0))
                print(
                    f"ronda {ronda}: (b) {n} solicitudes, {_nombre(procesos, lote)}: "
                    f"certificados en {t_emision:.1f} s; todas EMITIDA en {t_total:.1f} s "
                    f"({n / t_total:.1f} CE/s); RSS pico por proceso: "
                    + ", ".join(f"{mb:.0f}" for _, mb in sorted(pico.items()))
                    + f" MB   [{carga}]",
                    flush=True,
                )
    a_desnudo, a_completo = statistics.median(desnudo), statistics.median(completo)
    print(f"\nmedianas de {args.rondas} rondas alternadas")
    print(f"(a) renderizador, 1 proceso: solo fpdf2 {a_desnudo:.1f} CE/s; completo (+ VC + firma)")
    print(f"    {a_completo:.1f} CE/s (lo que el worker hace por certificado)")
    for (n, procesos, lote), valores in sorted(e2e.items()):
        b = statistics.median(valores)
        print(
            f"(b) {n:>6} solicitudes, {_nombre(procesos, lote)}: {b:6.1f} CE/s; "
            f"(b)/(a completo × {procesos}) = {b / (a_completo * procesos):.0%} [meta ≥ 80 %]; "
            f"(b)/(a solo fpdf2 × {procesos}) = {b / (a_desnudo * procesos):.0%}; "
            f"RSS pico {max(memoria[(n, procesos, lote)]):.0f} MB [meta ≤ 300 MB]"
        )
    for n in args.solicitudes:
        for lote in sorted({lote for _p, lote in casos}):
            if (n, 1, lote) in e2e and (n, 2, lote) in e2e:
                escala = statistics.median(e2e[(n, 2, lote)]) / statistics.median(e2e[(n, 1, lote)])
                print(
                    f"    escala de 1 a 2 procesos de emisión, {n} solicitudes"
                    + (f", LOTE_CONSUMO={lote}" if lote else "")
                    + f": × {escala:.2f}"
                )


if __name__ == "__main__":
    main()
