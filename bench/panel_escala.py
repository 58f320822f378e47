"""The panel benchmark at scale, on PostgreSQL: real processes, a bulk load, bench.panel's table.

    python -m bench.panel_escala --solicitudes 10000 --estudiantes 2000 [--veces 30]
        [--puerto-base 29600] [--database-url postgresql+psycopg://root@127.0.0.1:5432/test]

Starts every service, worker, the relay and the frontends as processes (as the e2e tests do)
in its own schemas. Loading 10,000 requests through HTTP (7 calls each) takes too long on a
small machine, so the bulk path calls the same entry points in-process (each service's Flask
app and test client: the same parsing, handlers, unit of work and outbox; the running relay
and workers carry the events): the identity registry, ``--solicitudes`` citizens' requests,
and for ``--estudiantes`` of them the student and five grades in notas (their requests turn
INFORMACIÓN COMPLETA by event). Then it prints bench.panel's table. Not a test.

Measured 2026-12-01 on the shared 2-core machine (load average ~13, four teams' tests running),
``--solicitudes 2000 --estudiantes 150 --veces 20`` (10,000 was out of reach there: the bulk
load ran at ~5 requests/s, notas at ~150 ms a grade), p95 panel / p95 API:
Inicio 507 / 92 ms (5.5×), Solicitudes pendientes 260 / 459 ms, Certificados emitidos
147 / 91 ms, Solicitudes rechazadas 81 / 30 ms, Semi-automática 110 / 117 ms, Estudiantes
actuales 68 / 38 ms, Parámetros 145 / 44 ms.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import uuid
from pathlib import Path

import requests

from bench import panel as bench_panel
from herramientas import demo
from herramientas.procesos import Supervisor, frontends, relay, web, worker
from shared.config import SERVICIOS, Config, puertos
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import datos_panel


def _entorno(args) -> dict:
    var = Path(f"/tmp/bench-panel-{uuid.uuid4().hex[:6]}")
    var.mkdir(parents=True)
    p = puertos(args.puerto_base)
    return {
        "DATABASE_URL": args.database_url,
        "DB_SCHEMA_PREFIX": f"b{uuid.uuid4().hex[:8]}_",
        "BROKER_URL": args.broker_url,
        "MC_VAR_DIR": str(var),
        "MC_PUERTO_BASE": str(args.puerto_base),
        "URL_VERIFICACION": f"http://127.0.0.1:{p['verificacion']}",
        "URL_EMISION": f"http://127.0.0.1:{p['emision']}",
        "MC_WEB_CLAVE_SECRETA": uuid.uuid4().hex,
        "LIMITE_POR_IP": "1000000 per minute",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": "1",
        "CLAVE_SERVICIOS": claves_prueba.clave_servicios(),
        "MC_WEB_COOKIE_SEGURA": "0",  # plain http on 127.0.0.1: the session cookie must travel
    }


def _en_proceso(servicio: str, env: dict):
    """A test client of ``servicio``'s own Flask app on the same database."""
    import importlib

    modulo = importlib.import_module(f"services.{servicio}.entrypoints.flask_app")
    return modulo.create_app(Config.desde_entorno(servicio, env)).test_client()


def _esperar_cargado(sesiones, urls, total: int, limite: float = 1800.0) -> None:
    """Until the relay and workers carried every record's completeness to the queue."""
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        r = requests.get(
            f"{urls.solicitudes}/api/solicitudes/pendientes",
            params={"por_pagina": 1, "completitud": "INFORMACIÓN COMPLETA"},
            headers=sesiones.cabecera("DIRECTOR_IE"),
            timeout=30,
        ).json()
        print(f"  … {r.get('total')} de {total} con INFORMACIÓN COMPLETA", flush=True)
        if r.get("total", 0) >= total:
            return
        time.sleep(10)
    raise SystemExit("los eventos no llegaron a tiempo")


def cargar(env: dict, urls, sesiones, n_solicitudes: int, n_estudiantes: int) -> None:
    """IE by API; identity, requests and grades in-process (the same entry points)."""
    ops, director = sesiones.cabecera("OPERACIONES"), sesiones.cabecera("DIRECTOR_IE")
    estudiantes = [datos_panel.estudiante(i + 1) for i in range(n_solicitudes)]
    requests.post(
        f"{urls.notas}/api/notas/instituciones", json=demo.IE, headers=ops
    ).raise_for_status()
    demo.preparar_solicitudes(urls, sesiones, estudiantes[:1])
    sol, notas = _en_proceso("solicitudes", env), _en_proceso("notas", env)
    campos = (*demo._CAMPOS_PERSONA, "pais")
    for i in range(0, n_solicitudes, 1000):
        lote = [{k: e[k] for k in campos} for e in estudiantes[i : i + 1000]]
        r = sol.put("/api/solicitudes/registro-identidad", json={"personas": lote}, headers=ops)
        assert r.status_code == 200, r.get_json()
    terminos = sol.get("/api/solicitudes/terminos").get_json()["version"]
    inicio = time.monotonic()
    for i, est in enumerate(estudiantes):
        r = sol.post("/api/solicitudes/solicitudes", json=_cuerpo(est, i, terminos))
        assert r.status_code == 201, r.get_json()
        if i % 1000 == 999:
            print(f"  {i + 1} solicitudes ({time.monotonic() - inicio:.0f} s)", flush=True)
    inicio = time.monotonic()
    for i, est in enumerate(estudiantes[:n_estudiantes]):
        assert notas.put("/api/notas/estudiantes", json=est, headers=director).status_code == 200
        doc = f"{est['tipo_documento']}/{est['numero_documento']}"
        for grado, datos in demo.grados_demo():
            ruta = f"/api/notas/estudiantes/{doc}/grados/SECUNDARIA/{grado}"
            assert notas.put(ruta, json=datos, headers=director).status_code == 200
        if i % 500 == 499:
            print(
                f"  {i + 1} estudiantes con notas ({time.monotonic() - inicio:.0f} s)", flush=True
            )


def _cuerpo(est: dict, i: int, terminos: str) -> dict:
    return {
        **{k: est[k] for k in demo._CAMPOS_PERSONA},
        "codigo_modular": demo.IE["codigo_modular"],
        "anexo": demo.IE["anexo"],
        "tipo_persona": "ESTUDIANTE",
        "nivel": "SECUNDARIA",
        "ultimo_anio": 2020,
        "ultimo_grado": "QUINTO",
        "motivo_solicitud": "CONTINUIDAD_ESTUDIOS",
        "correo": f"estudiante{i}@example.pe",
        "celular": "987654321",
        "acepta_terminos": True,
        "terminos_version": terminos,
    }


def main() -> None:
    """Start, load, measure, stop."""
    args = _argumentos()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run stops its processes
    env = _entorno(args)
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio, env))
    rotar(Config.desde_entorno("emision", env).firma_dir)
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas", env))
    sup = Supervisor(env, Path(env["MC_VAR_DIR"]) / "log")
    p = puertos(args.puerto_base)
    try:
        for servicio in SERVICIOS:
            sup.iniciar(web(servicio, p[servicio]))
        for servicio in ("solicitudes", "notas"):  # the queues' events; no email, no PDF
            sup.iniciar(worker(servicio))
        sup.iniciar(relay())
        sup.iniciar(frontends(args.puerto_base))
        sup.esperar_salud(limite=180)
        urls = demo.Urls.locales(args.puerto_base)
        sesiones = demo.Sesiones(urls.cuentas, cuentas)
        inicio = time.monotonic()
        cargar(env, urls, sesiones, args.solicitudes, args.estudiantes)
        _esperar_cargado(sesiones, urls, args.estudiantes)
        print(f"carga: {time.monotonic() - inicio:.0f} s", flush=True)
        medir(f"http://127.0.0.1:{args.puerto_base}/panel", urls, sesiones, cuentas, args.veces)
    finally:
        sup.detener_todos()


def medir(panel: str, urls, sesiones, cuentas, veces: int) -> None:
    """bench.panel's table: each screen's p50/p95 beside its API call's, as the director."""
    director = cuentas["DIRECTOR_IE"]
    navegador = bench_panel.ingresar_panel(panel, director.usuario, director.clave)
    api = requests.Session()
    api.headers.update(sesiones.cabecera("DIRECTOR_IE"))
    base = {"solicitudes": urls.solicitudes, "notas": urls.notas}
    print(f"{'pantalla':28} {'panel p50':>10} {'p95':>8} {'API p50':>9} {'p95':>8} {'ratio':>7}")
    for nombre, ruta, servicio, ruta_api in bench_panel.PANTALLAS:
        t_panel = bench_panel._medir(navegador, panel + ruta, veces)
        t_api = bench_panel._medir(api, base[servicio] + ruta_api, veces)
        p95_panel, p95_api = bench_panel._p(t_panel, 95), bench_panel._p(t_api, 95)
        print(
            f"{nombre:28} {bench_panel._p(t_panel, 50):9.1f}ms {p95_panel:7.1f}ms "
            f"{bench_panel._p(t_api, 50):8.1f}ms {p95_api:7.1f}ms {p95_panel / p95_api:6.2f}×",
            flush=True,
        )


def _argumentos():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--solicitudes", type=int, default=10_000)
    p.add_argument("--estudiantes", type=int, default=2_000)
    p.add_argument("--veces", type=int, default=30)
    p.add_argument("--puerto-base", type=int, default=29600)
    p.add_argument("--database-url", default="postgresql+psycopg://root@127.0.0.1:5432/test")
    p.add_argument("--broker-url", default="redis://127.0.0.1:6389/14")
    return p.parse_args()


if __name__ == "__main__":
    main()
