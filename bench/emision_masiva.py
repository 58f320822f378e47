"""Benchmark (a)+(b) of issues 5 and 17: the renderer alone, then bulk emission end to end.

    .venv/bin/python bench/emision_masiva.py [--solicitudes 2000 10000] [--workers 1 2]
        [--casos 1 2 2:1] [--comparar-precarga] [--rondas 3] [--puerto-base 19000]
        [--redis redis://127.0.0.1:6379/14]

(--puerto-base and --redis also from BENCH_PUERTO_BASE and BENCH_REDIS_URL: a machine shared by
several people gives each one a port range and a Redis of their own.)

(a) is measured twice, in each round: the bare fpdf2 renderer, and the full per-certificate work
the emision worker does (render + embedded VC + PAdES signature), the honest yardstick. For a
case of p > 1 processes the full path is also measured in p processes at once (each core alone
may run faster than all of them together), so (b) is also shown against that.

(b) runs the real path on PostgreSQL and Redis (this machine's, as in the tests): one order
of N requests → solicitudes' outbox → relay → Redis → an emision worker with ``--workers``
processes (render, sign, store, commit, outbox) → relay → solicitudes' worker → EMITIDA.
The grade records and requests are written straight into the services' own tables first
(what notas' events and citizens would have left there): that setup is not measured.
Rounds alternate every measurement (renderers, then each size × worker count) so that all see
the same machine; the medians over the rounds are printed with the machine's load beside each
figure, with the ratio e2e / (full renderer × processes), the 1→2 process scaling, and the peak
resident memory of each emision worker process.

The ceiling: each run also reads from /proc the CPU seconds of each process group (emission
workers, solicitudes' worker, the relay, solicitudes' web, the PostgreSQL backends of the run's
connections, the Redis broker) and of the whole machine. On a machine where those share the
cores, e2e / (full renderer × cores) cannot reach 100 %; e2e / (full renderer × the emission
workers' CPU seconds) says how much of the workers' own CPU went to the certificate itself.
``--comparar-precarga`` runs each case also with PRECARGA_CONSUMO=0 (every order reads its own
data, as before the batch preload), alternated in each round.
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
from collections.abc import Callable
from datetime import date
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.renderizador import medir, medir_simultaneo  # noqa: E402
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


TICK = os.sysconf("SC_CLK_TCK")
NUCLEOS = len(os.sched_getaffinity(0))


def _cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) a live process has used, from /proc/<pid>/stat."""
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(campos[11]) + int(campos[12])) / TICK  # utime, stime (fields 14, 15)


def _cpu_maquina() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    valores = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    inactivo = valores[3] + valores[4]  # idle, iowait
    return (sum(valores[:8]) - inactivo) / TICK, sum(valores[:8]) / TICK


class ConsumoCpu(threading.Thread):
    """CPU seconds each process group used between ``start`` and ``detener``, from /proc.

    ``grupos`` names a function per group that lists its processes' ids now (a process tree,
    the PostgreSQL backends of this run's connections, the broker). Sampled every 0.2 s: a
    process that exits between samples loses at most that much; one started meanwhile counts
    from zero, one alive at the start from what it had then.
    """

    def __init__(self, grupos: dict[str, Callable[[], list[int]]]):
        super().__init__(daemon=True)
        self.grupos, self._fin = grupos, threading.Event()
        self._inicio: dict[int, float] = {}
        self._ultimo: dict[str, dict[int, float]] = {g: {} for g in grupos}
        self.segundos: dict[str, float] = {}
        self.maquina = 0.0  # busy CPU seconds of the whole machine (other people's work too)
        self.pared = 0.0

    def _muestrear(self, primera: bool = False) -> None:
        for grupo, pids in self.grupos.items():
            for pid in pids():
                cpu = _cpu_s(pid)
                if cpu is None:
                    continue
                if primera:
                    self._inicio[pid] = cpu
                self._ultimo[grupo][pid] = cpu

    def start(self):
        self._maquina0, self._t0 = _cpu_maquina()[0], time.monotonic()
        self._muestrear(primera=True)
        super().start()

    def run(self):
        while not self._fin.wait(0.2):
            self._muestrear()

    def detener(self) -> None:
        self._fin.set()
        self.join()
        self._muestrear()
        self.maquina = _cpu_maquina()[0] - self._maquina0
        self.pared = time.monotonic() - self._t0
        self.segundos = {
            grupo: sum(cpu - self._inicio.get(pid, 0.0) for pid, cpu in ultimos.items())
            for grupo, ultimos in self._ultimo.items()
        }


def _arbol(pid: int) -> Callable[[], list[int]]:
    return lambda: [pid, *_hijos(pid)]


def _backends(engine, aplicacion: str) -> Callable[[], list[int]]:
    """PostgreSQL's server processes serving this run's connections (PGAPPNAME below)."""
    consulta = sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :a")

    def leer() -> list[int]:
        with engine.connect() as conn:
            return list(conn.execute(consulta, {"a": aplicacion}).scalars())

    return leer


def _broker(redis_url: str) -> Callable[[], list[int]]:
    """The Redis server's process (on this machine: the broker of the run)."""
    pid = int(redis.Redis.from_url(redis_url).info("server")["process_id"])
    return lambda: [pid]


GRUPOS = {
    "emision": "workers de emisión",
    "solicitudes": "worker de solicitudes",
    "relay": "relay",
    "web": "web de solicitudes",
    "postgres": "PostgreSQL (backends de la corrida)",
    "broker": "broker (Redis)",
}


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
) -> tuple[float, float, dict, ConsumoCpu]:
    """Order all n at once; seconds until emision has them all and until all are EMITIDA."""
    numeros = cargar(env, n)
    emitidos, atendidas = Contador(env, "emision"), Contador(env, "solicitudes")
    sup = Supervisor(env, var / "log")
    pg = sa.create_engine(PG, poolclass=sa.pool.NullPool)
    try:
        servidor = sup.iniciar(web("solicitudes", puertos(base)["solicitudes"]))
        emisor = sup.iniciar(worker("emision", concurrencia=procesos))
        consumidor = sup.iniciar(worker("solicitudes", concurrencia=1))
        relevo = sup.iniciar(relay(("solicitudes", "emision")))
        sup.esperar_salud(limite=90)
        time.sleep(3)  # workers connected to the broker
        memoria = Memoria(emisor.popen.pid)
        memoria.start()
        cpu = ConsumoCpu(
            {
                "emision": _arbol(emisor.popen.pid),
                "solicitudes": _arbol(consumidor.popen.pid),
                "relay": _arbol(relevo.popen.pid),
                "web": _arbol(servidor.popen.pid),
                "postgres": _backends(pg, env["PGAPPNAME"]),
                "broker": _broker(env["BROKER_URL"]),
            }
        )
        token = firmar_token(  # signed with the cuentas key file, as `mc token` does
            Config.desde_entorno("cuentas", env),
            Usuario("bench", "DIRECTOR_IE", codigo_modular=IE["codigo_modular"], anexo=IE["anexo"]),
        )
        url = f"http://127.0.0.1:{puertos(base)['solicitudes']}/api/solicitudes"
        inicio = time.monotonic()
        cpu.start()
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
        cpu.detener()
        memoria.detener()
        return t_emision, t_total, memoria.pico, cpu
    finally:
        sup.detener_todos()
        pg.dispose()
        emitidos.cerrar()
        atendidas.cerrar()


def una_vez(
    n: int, procesos: int, base: int, redis_url: str, lote: int = 0, precarga: bool = True
) -> tuple[float, float, dict, ConsumoCpu]:
    """One end-to-end run on fresh schemas (dropped afterwards): (t_emision, t_total, RSS, CPU).

    ``lote``: LOTE_CONSUMO of every service (0: each service's default); ``precarga``: False
    runs the batch consumers with PRECARGA_CONSUMO=0 (each message reads its own data).
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
        # libpq names this run's connections: their PostgreSQL backends are found by it.
        "PGAPPNAME": f"bench-{prefijo}",
        **({"LOTE_CONSUMO": str(lote)} if lote else {}),
        **({} if precarga else {"PRECARGA_CONSUMO": "0"}),
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


def _nombre(procesos: int, lote: int, precarga: bool = True) -> str:
    return (
        f"{procesos} proc."
        + (f", LOTE_CONSUMO={lote}" if lote else "")
        + ("" if precarga else ", sin precarga")
    )


def _cpu_texto(cpu: ConsumoCpu) -> str:
    """The CPU seconds of each group, the emission workers' share of the machine, the rest."""
    nuestros = sum(cpu.segundos.values())
    partes = ", ".join(f"{GRUPOS[g]} {s:.1f}" for g, s in cpu.segundos.items())
    emision = cpu.segundos["emision"] / (cpu.pared * NUCLEOS)
    return (
        f"CPU s: {partes}; máquina {cpu.maquina:.1f} de {cpu.pared * NUCLEOS:.1f} "
        f"(otros procesos {max(cpu.maquina - nuestros, 0):.1f}); workers de emisión "
        f"{emision:.0%} de {NUCLEOS} núcleos"
    )


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
    parser.add_argument(
        "--comparar-precarga",
        action="store_true",
        help="cada caso también con PRECARGA_CONSUMO=0 (cada mensaje lee lo suyo), alternado",
    )
    parser.add_argument("--rondas", type=int, default=3, help="rondas alternadas (medianas)")
    parser.add_argument("--puerto-base", type=int, default=BASE)
    parser.add_argument("--redis", default=REDIS)
    args = parser.parse_args()
    casos = [
        (procesos, lote, precarga)
        for procesos, lote in (args.casos or [(w, 0) for w in args.workers])
        for precarga in ((True, False) if args.comparar_precarga else (True,))
    ]

    desnudo, completo, e2e, memoria, cpus = [], [], {}, {}, {}
    # The full path in p processes at once (all the cores busy, as in a bulk run), for p > 1.
    varios = sorted({p for p, _lote, _pre in casos if p > 1})
    simultaneo: dict[int, list[float]] = {}
    for ronda in range(1, args.rondas + 1):
        carga = _carga()
        desnudo.append(statistics.median(medir(200, 3, firmar=False)))
        completo.append(statistics.median(medir(100, 3)))
        for p in varios:
            simultaneo.setdefault(p, []).append(statistics.median(medir_simultaneo(p, 100, 3)))
        print(
            f"ronda {ronda}: (a) renderizador 1 proceso: solo fpdf2 {desnudo[-1]:.0f} CE/s, "
            f"+ VC + firma PAdES {completo[-1]:.0f} CE/s"
            + "".join(
                f"; completo en {p} procesos a la vez {simultaneo[p][-1]:.0f}" for p in varios
            )
            + f"   [{carga}]",
            flush=True,
        )
        for n in args.solicitudes:
            for procesos, lote, precarga in casos:
                carga = _carga()
                t_emision, t_total, pico, cpu = una_vez(
                    n, procesos, args.puerto_base, args.redis, lote, precarga
                )
                clave = (n, procesos, lote, precarga)
                e2e.setdefault(clave, []).append(n / t_total)
                memoria.setdefault(clave, []).append(max(pico.values(), default=0))
                cpus.setdefault(clave, []).append(cpu)
                print(
                    f"ronda {ronda}: (b) {n} solicitudes, {_nombre(procesos, lote, precarga)}: "
                    f"certificados en {t_emision:.1f} s; todas EMITIDA en {t_total:.1f} s "
                    f"({n / t_total:.1f} CE/s); RSS pico por proceso: "
                    + ", ".join(f"{mb:.0f}" for _, mb in sorted(pico.items()))
                    + f" MB   [{carga}]\n        {_cpu_texto(cpu)}",
                    flush=True,
                )
    a_desnudo, a_completo = statistics.median(desnudo), statistics.median(completo)
    print(f"\nmedianas de {args.rondas} rondas alternadas ({NUCLEOS} núcleos)")
    print(f"(a) renderizador, 1 proceso: solo fpdf2 {a_desnudo:.1f} CE/s; completo (+ VC + firma)")
    print(f"    {a_completo:.1f} CE/s (lo que el worker hace por certificado)")
    for clave, valores in sorted(e2e.items(), key=lambda kv: (kv[0][:3], not kv[0][3])):
        n, procesos, lote, precarga = clave
        b = statistics.median(valores)
        # What the emission workers' CPU would have issued as bare renderer work (a completo
        # per CPU second): the part of their CPU that went to anything else is what is lost.
        emision_s = statistics.median(c.segundos["emision"] for c in cpus[clave])
        cuota = statistics.median(c.segundos["emision"] / (c.pared * NUCLEOS) for c in cpus[clave])
        por_cpu = statistics.median(n / (a_completo * c.segundos["emision"]) for c in cpus[clave])
        grupos = {g: statistics.median(c.segundos[g] for c in cpus[clave]) for g in GRUPOS}
        print(
            f"(b) {n:>6} solicitudes, {_nombre(procesos, lote, precarga)}: {b:6.1f} CE/s; "
            f"(b)/(a completo × {procesos} proc.) = {b / (a_completo * procesos):.0%} "
            f"[meta ≥ 80 %]; (b)/(a completo × {NUCLEOS} núcleos) = "
            f"{b / (a_completo * NUCLEOS):.0%}; (b)/(a solo fpdf2 × {procesos}) = "
            f"{b / (a_desnudo * procesos):.0%}; RSS pico {max(memoria[clave]):.0f} MB "
            "[meta ≤ 300 MB]\n"
            f"    techo: los workers de emisión tuvieron {cuota:.0%} de {NUCLEOS} núcleos "
            f"({emision_s:.1f} CPU s); a completo × su CPU = {a_completo * emision_s * b / n:.1f}"
            f" CE/s → (b)/(a completo × CPU de emisión) = {por_cpu:.0%}\n"
            "    CPU s (medianas): " + ", ".join(f"{GRUPOS[g]} {s:.1f}" for g, s in grupos.items())
        )
        if procesos in simultaneo:
            a_junto = statistics.median(simultaneo[procesos])
            print(
                f"    (a) completo en {procesos} procesos a la vez: {a_junto:.1f} CE/s "
                f"({a_junto / (a_completo * procesos):.0%} de a completo × {procesos}) → "
                f"(b)/(a completo en {procesos} procesos a la vez) = {b / a_junto:.0%}"
            )
    for n in args.solicitudes:
        for lote, precarga in sorted({(lote, pre) for _p, lote, pre in casos}):
            uno, dos = (n, 1, lote, precarga), (n, 2, lote, precarga)
            if uno in e2e and dos in e2e:
                escala = statistics.median(e2e[dos]) / statistics.median(e2e[uno])
                print(
                    f"    escala de 1 a 2 procesos de emisión, {n} solicitudes"
                    + (f", LOTE_CONSUMO={lote}" if lote else "")
                    + ("" if precarga else ", sin precarga")
                    + f": × {escala:.2f}"
                )
        for procesos, lote in sorted({(p, lote) for p, lote, _pre in casos}):
            con, sin = (n, procesos, lote, True), (n, procesos, lote, False)
            if con in e2e and sin in e2e:
                razon = statistics.median(e2e[con]) / statistics.median(e2e[sin])
                print(
                    f"    con / sin precarga, {n} solicitudes, {_nombre(procesos, lote)}: "
                    f"× {razon:.2f}"
                )


if __name__ == "__main__":
    main()
