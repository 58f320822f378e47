"""Load benchmark of public verification: lookups by código virtual vs a trivial endpoint.

    python -m bench.verificacion [--certificados 5000] [--segundos 30] [--conexiones 16]
        [--rondas 3] [--limite-en-app] [--consultados 500] [--calentar 20]

gunicorn serves verificacion (deploy/gunicorn.conf.py) on PostgreSQL with a few thousand
certificates loaded through its event handler; wrk, a separate process, drives it for
``--segundos`` against each endpoint of the same server in the same run: a trivial view (no
database, no limiter) and lookups of random existing codes, in the production shape: per-IP
limits at the gateway (LIMITE_VERIFICACION_POR_IP="", as docker-compose runs it), summaries kept
per process (invalidated by NOTIFY). ``--limite-en-app`` adds the app's own per-IP counter in
Redis (embedded mode's shape), with a limit too high to trip, so its cost is measured too.
``--consultados N`` draws the lookups from N of the certificates only (a hot set, e.g. the
newly issued ones being checked by employers), ``--calentar S`` runs S seconds of lookups
before measuring: each gunicorn process has then kept the summaries it will be asked again.
Prints req/s, p50, p99 and the ratio per round, and the medians of the rounds.
Needs PostgreSQL and Redis (TEST_DATABASE_URL, BENCH_REDIS_URL) and wrk (apt-get install wrk).
Not a test: a measurement. Its schema is dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from herramientas.procesos import RAIZ, Proceso, Supervisor
from shared.config import Config
from shared.identificadores import nuevo_codigo_virtual
from shared.migraciones import migrar

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
TRIVIAL = "/api/verificacion/trivial"

# wrk: a random existing code per request; the summary as one JSON line.
LUA = """
local codigos = {}
for linea in io.lines("%(codigos)s") do codigos[#codigos + 1] = linea end
request = function()
  return wrk.format("GET", "/api/verificacion/certificados/" .. codigos[math.random(#codigos)])
end
done = function(summary, latency, requests)
  io.write(string.format('RESUMEN {"peticiones": %%d, "microsegundos": %%d, "errores": %%d, '
    .. '"p50_us": %%d, "p90_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
"""
LUA_TRIVIAL = LUA.split("request = function()")[0] + "done" + LUA.split("\ndone")[1]


def app_de_medicion():
    """The verificacion app plus a trivial view: both served by the same gunicorn workers."""
    from services.verificacion.entrypoints.flask_app import create_app

    app = create_app()
    app.add_url_rule(TRIVIAL, "trivial", lambda: {"ok": True})
    return app


def cargar(config: Config, cuantos: int) -> list[str]:
    """``cuantos`` certificates through verificacion's own event handler; 1 in 10 superseded."""
    from services.verificacion.service_layer.handlers import (
        al_emitir_certificado,
        al_sustituir_certificado,
    )
    from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
    from shared.consumidor import EventoRecibido
    from shared.db import crear_engine, crear_session_factory
    from shared.mensajes import CertificadoEmitido, CertificadoSustituido
    from shared.unit_of_work import a_evento

    def recibido(mensaje) -> EventoRecibido:  # as the consumer hands it to the handler
        return EventoRecibido.de_sobre(a_evento(mensaje).sobre("emision"))

    engine = crear_engine(config)
    fabrica = crear_session_factory(engine)
    codigos = [nuevo_codigo_virtual() for _ in range(cuantos)]
    for inicio in range(0, cuantos, 500):
        with UnidadDeTrabajoVerificacion(fabrica) as uow:
            for codigo in codigos[inicio : inicio + 500]:
                al_emitir_certificado(recibido(CertificadoEmitido(**_emitido(codigo))), uow, {})
            uow.session.flush()
            for i, codigo in enumerate(codigos[inicio : inicio + 500]):
                if i % 10 == 9:
                    sustituto = codigos[inicio + i - 1]
                    sustituido = CertificadoSustituido(
                        codigo_virtual=codigo,
                        sustituido_por=sustituto,
                        sha256="b" * 64,
                        sustituido_en=datetime.now(UTC),
                    )
                    al_sustituir_certificado(recibido(sustituido), uow, {})
            uow.commit()
    engine.dispose()
    return codigos


def _emitido(codigo: str) -> dict:
    return {
        "codigo_virtual": codigo,
        "numero_solicitud": random.randint(1, 10**7),
        "tipo_documento": "DNI",
        "numero_documento": f"{random.randint(10**7, 10**8 - 1)}",
        "nombres": "VANESSA DEL PILAR",
        "apellidos": "FLORES LIZANA",
        "nombre_institucion": "I.E. AUGUSTO B. LEGUÍA",
        "codigo_modular": "0584714",
        "anexo": "0",
        "modalidad": "EBR",
        "nivel": "SECUNDARIA",
        "grados": ["PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO"],
        "emitido_en": datetime.now(UTC),
        "sha256": "a" * 64,
        "huella": "c" * 64,
        "url_verificacion": f"https://micertificado.example.pe/v/{codigo}",
        "correo": "bench@example.pe",
    }


def _cpu_segundos(raiz: int) -> float:
    """CPU (user + system) used so far by a process and its children (gunicorn's workers)."""
    total, pendientes = 0.0, [raiz]
    while pendientes:
        pid = pendientes.pop()
        try:
            campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")
            hijos = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        pendientes += [int(h) for h in hijos]
    return total


def medir(url: str, guion: Path, segundos: int, conexiones: int, servidor: int = 0) -> dict:
    """One wrk run from a separate process: its JSON summary, non-2xx answers, server CPU."""
    cpu_antes = _cpu_segundos(servidor) if servidor else 0.0
    salida = subprocess.run(
        ["wrk", "-t1", f"-c{conexiones}", f"-d{segundos}s", "--latency", "-s", str(guion), url],
        capture_output=True,
        text=True,
        timeout=segundos + 60,
        check=True,
    ).stdout
    resumen = json.loads(salida.split("RESUMEN ", 1)[1].splitlines()[0])
    no_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", salida)
    resumen["no_2xx"] = int(no_2xx.group(1)) if no_2xx else 0
    resumen["req_s"] = resumen["peticiones"] / (resumen["microsegundos"] / 1e6)
    cpu = (_cpu_segundos(servidor) - cpu_antes) if servidor else 0.0
    resumen["cpu_us_por_peticion"] = cpu / max(resumen["peticiones"], 1) * 1e6
    return resumen


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--certificados", type=int, default=5000)
    p.add_argument("--segundos", type=int, default=30)
    p.add_argument("--conexiones", type=int, default=16)
    p.add_argument("--puerto", type=int, default=int(os.environ.get("BENCH_PUERTO", "63080")))
    # 4 × 2 served lookups best on this 2-core machine (tried 2×2, 2×4, 3×2, 3×4, 4×1, 5×2):
    # a lookup waits twice (Redis, PostgreSQL), so more workers than cores keep the CPU busy.
    p.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "4"))
    p.add_argument("--hilos", default=os.environ.get("WEB_THREADS", "2"))
    p.add_argument("--rondas", type=int, default=3, help="pairs of runs, alternated")
    p.add_argument("--limite-en-app", action="store_true", help="per-IP counter in the app")
    p.add_argument("--consultados", type=int, default=0, help="hot set: lookups among N codes")
    p.add_argument("--calentar", type=int, default=3, help="seconds of lookups before measuring")
    args = p.parse_args(argv)
    if not shutil.which("wrk"):
        print("falta wrk: apt-get install -y wrk", file=sys.stderr)
        return 2
    prefijo = f"b{uuid.uuid4().hex[:8]}_"
    var = Path(tempfile.mkdtemp(prefix="issue-7-bench-"))
    env = {
        "DATABASE_URL": PG_URL,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_URL,
        "MC_VAR_DIR": str(var),
        "RATELIMIT_KEY_PREFIX": f"bench-{prefijo}",
        # Production: the gateway limits each address. --limite-en-app: the app's counters (a
        # per-minute and a per-day one, one Redis round trip), with figures too high to trip.
        "LIMITE_VERIFICACION_POR_IP": (
            "1000000000 per minute;1000000000 per day" if args.limite_en_app else ""
        ),
        "WEB_CONCURRENCY": args.workers,
        "WEB_THREADS": args.hilos,
        "MAX_REQUESTS": "1000000",  # recycling every 2,000 requests would restart workers mid-run
        "LOG_LEVEL": "warning",
        "CLAVE_SERVICIOS": secrets.token_hex(32),  # real mode refuses the development key
    }
    config = Config.desde_entorno("verificacion", env)
    try:
        migrar(config)
        codigos = cargar(config, args.certificados)
        return _correr(args, env, var, codigos)
    finally:
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}verificacion" CASCADE'))
        engine.dispose()
        shutil.rmtree(var, ignore_errors=True)


def _correr(args, env: dict, var: Path, codigos: list[str]) -> int:
    consultados = codigos[: args.consultados] if args.consultados else codigos
    (var / "codigos.txt").write_text("\n".join(consultados) + "\n")
    guiones = {}
    for nombre, plantilla in (("consulta", LUA), ("trivial", LUA_TRIVIAL)):
        guiones[nombre] = var / f"{nombre}.lua"
        guiones[nombre].write_text(plantilla % {"codigos": var / "codigos.txt"})
    base = f"http://127.0.0.1:{args.puerto}"
    argv = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c", str(RAIZ / "deploy" / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{args.puerto}",
        "--access-logfile", "/dev/null",
        "bench.verificacion:app_de_medicion()",
    ]  # fmt: skip
    sup = Supervisor(env, var / "log")
    sup.iniciar(Proceso("web-verificacion", argv, base + TRIVIAL))
    try:
        sup.esperar_salud(limite=60)
        medir(base + TRIVIAL, guiones["trivial"], 3, args.conexiones)  # warm-up, both paths
        medir(base, guiones["consulta"], args.calentar, args.conexiones)
        pid = sup.procesos["web-verificacion"].popen.pid
        rondas = []
        for ronda in range(1, args.rondas + 1):  # alternate, so both see the same machine
            carga = os.getloadavg()[0]
            trivial = medir(base + TRIVIAL, guiones["trivial"], args.segundos, args.conexiones, pid)
            consulta = medir(base, guiones["consulta"], args.segundos, args.conexiones, pid)
            _informar(args, ronda, carga, trivial, consulta)
            rondas.append((trivial, consulta))
        _medianas(rondas)
    finally:
        sup.detener_todos()
    return 0


def _informar(args, ronda: int, carga: float, trivial: dict, consulta: dict) -> None:
    print(
        f"\nronda {ronda}: verificacion en gunicorn ({args.workers} workers gthread × "
        f"{args.hilos} hilos), PostgreSQL, {args.certificados} certificados "
        f"(consultados: {args.consultados or args.certificados}); wrk -t1 "
        f"-c{args.conexiones}, {args.segundos} s por punto; carga del equipo al empezar "
        f"(1 min): {carga:.2f}"
    )
    print(
        f"{'punto':<24}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'no 2xx':>8}{'errores':>8}"
        f"{'CPU gunicorn µs/pet.':>22}"
    )
    for nombre, r in (("trivial (sin BD)", trivial), ("consulta por código", consulta)):
        print(
            f"{nombre:<24}{r['req_s']:>8.0f}{r['p50_us'] / 1000:>8.2f}"
            f"{r['p99_us'] / 1000:>8.2f}{r['no_2xx']:>8}{r['errores']:>8}"
            f"{r['cpu_us_por_peticion']:>22.0f}"
        )
    print(f"consulta / trivial: {consulta['req_s'] / trivial['req_s']:.0%}")


def _medianas(rondas: list[tuple[dict, dict]]) -> None:
    def mediana(i: int, clave: str) -> float:
        return statistics.median(r[i][clave] for r in rondas)

    proporcion = statistics.median(c["req_s"] / t["req_s"] for t, c in rondas)
    print(
        f"\nmedianas de {len(rondas)} rondas: trivial {mediana(0, 'req_s'):.0f} req/s "
        f"(p99 {mediana(0, 'p99_us') / 1000:.2f} ms); consulta {mediana(1, 'req_s'):.0f} req/s "
        f"(p99 {mediana(1, 'p99_us') / 1000:.2f} ms) [meta p99 ≤ 25 ms]; "
        f"consulta / trivial {proporcion:.0%} [meta ≥ 60 %]"
    )


if __name__ == "__main__":
    sys.exit(main())
