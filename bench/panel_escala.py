"""The panel benchmark at scale, on PostgreSQL: real processes, a bulk load, one table.

    python -m bench.panel_escala [--solicitudes 10000] [--estudiantes 2000] [--veces 30]
        [--puerto-base 29600] [--database-url postgresql+psycopg://root@127.0.0.1:5432/test]

Starts cuentas, solicitudes, notas and the frontends as processes (as the e2e tests do) in
schemas of its own, dropped at the end. Loading through the APIs ran at ~5 requests/s, so the
data go straight into the services' own tables through their repositories and domain objects
(as bench/emision_masiva.py does; not measured): ``--solicitudes`` requests in the director's
queues (the first ``--estudiantes`` PENDIENTE with INFORMACIÓN COMPLETA and the student's copy
for «Estudiantes actuales»; of the rest, 1 in 16 each EMITIDA, RECHAZADA, ERROR and EN EMISIÓN,
the others PENDIENTE), and those students' five graded grades in notas. Then VACUUM ANALYZE
and, signed in as the director, ``--veces`` GETs of every screen beside the API call under it:
p50 / p95 and the p95 ratio, in one run. Not a test.

Measured 2026-12-01 19:02 UTC on the shared 2-core machine (other teams' tests running), the
defaults (10,000 requests, 2,000 students, 30 times each), ``--puerto-base 24100``; the bulk
load took 41 s (it was ~5 requests/s through the APIs):

      10000 solicitudes (10 s)
      2000 estudiantes con notas (30 s)
    carga: 41 s
    pantalla                      panel p50      p95   API p50      p95   ratio
    Inicio                            10.2ms    13.4ms      5.2ms     6.2ms   2.16×
    Solicitudes pendientes            14.6ms    64.2ms      9.7ms    13.8ms   4.64×
    Certificados emitidos             21.9ms    28.2ms      7.5ms    10.5ms   2.69×
    Solicitudes rechazadas            15.2ms    19.2ms      7.1ms     9.7ms   1.98×
    Semi-automática                   23.8ms    35.9ms     18.0ms    63.5ms   0.57×
    Estudiantes actuales              18.5ms    33.6ms     10.9ms    16.4ms   2.05×
    Parámetros                        18.5ms    26.6ms      9.1ms    14.2ms   1.87×
    Registro de notas                 43.5ms    65.7ms     17.3ms    80.2ms   0.82×

Every screen's p95 is under the issue's 300 ms. Inicio is one call to GET
/api/solicitudes/cifras (one grouped query, index-only over ix_solicitudes_cola) instead of four
sequential queue calls (507 ms p95 in the previous run, at 2,000 requests on a busier machine:
not the same conditions, so no ratio is claimed between the two runs).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import requests
import sqlalchemy as sa

from bench import panel as bench_panel
from herramientas import demo
from herramientas.procesos import Supervisor, frontends, web
from services.notas.domain.modelo import Calificacion, Estudiante, GradoCursado
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from services.solicitudes.domain.copias import CompletitudLocal, ConfiguracionIE, InstitucionLocal
from services.solicitudes.domain.identidad import DatosPersona
from services.solicitudes.domain.modelo import (
    EMITIDA,
    EN_EMISION,
    ERROR,
    PENDIENTE,
    RECHAZADA,
    DatosSolicitud,
    Solicitud,
)
from services.solicitudes.domain.ruta import RUTA_IE
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared.cobertura import COMPLETA
from shared.config import SERVICIOS, Config, puertos
from shared.db import crear_engine, crear_session_factory
from shared.identificadores import nuevo_codigo_seguimiento, nuevo_codigo_virtual
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import datos_panel

# What the measured screens call (and sign-in): emision, notificaciones and verificacion stay off.
MEDIDOS = ("cuentas", "solicitudes", "notas")


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


@contextlib.contextmanager
def _uow(servicio: str, env: dict, clase):
    """A unit of work of ``servicio`` on its schema; its connections closed afterwards (the
    shared PostgreSQL has few to spare)."""
    engine = crear_engine(Config.desde_entorno(servicio, env))
    try:
        yield clase(crear_session_factory(engine))
    finally:
        engine.dispose()


def _estado_de(i: int, n_estudiantes: int) -> str:
    """The first ``n_estudiantes`` are complete and pending; the rest cover every queue."""
    if i < n_estudiantes:
        return PENDIENTE
    return {0: EMITIDA, 1: RECHAZADA, 2: ERROR, 3: EN_EMISION}.get(i % 16, PENDIENTE)


def cargar(env: dict, urls, sesiones, n_solicitudes: int, n_estudiantes: int) -> None:
    """IE through notas' API; requests, completeness and grades straight into the services'
    own tables through their repositories (not measured: the screens are)."""
    ops = sesiones.cabecera("OPERACIONES")
    requests.post(
        f"{urls.notas}/api/notas/instituciones", json=demo.IE, headers=ops, timeout=30
    ).raise_for_status()
    estudiantes = [datos_panel.estudiante(i + 1) for i in range(n_solicitudes)]
    inicio = time.monotonic()
    _cargar_solicitudes(env, estudiantes, n_estudiantes)
    print(f"  {n_solicitudes} solicitudes ({time.monotonic() - inicio:.0f} s)", flush=True)
    inicio = time.monotonic()
    _cargar_notas(env, estudiantes[:n_estudiantes])
    print(
        f"  {n_estudiantes} estudiantes con notas ({time.monotonic() - inicio:.0f} s)", flush=True
    )


def _cargar_solicitudes(env: dict, estudiantes: list[dict], n_estudiantes: int) -> None:
    ie = demo.IE
    with _uow("solicitudes", env, UnidadDeTrabajoSolicitudes) as uow:
        with uow:
            uow.session.add(
                InstitucionLocal(
                    ie["codigo_modular"], ie["anexo"], ie["nombre"], ie["estado"],
                    ie["codigo_ugel"], ie["nombre_ugel"], ie["modalidad"], ie["niveles"],
                )
            )  # fmt: skip
            uow.session.add(ConfiguracionIE(ie["codigo_modular"], ie["anexo"], True))
            uow.commit()
        for desde in range(0, len(estudiantes), 1000):
            with uow:
                for i, est in enumerate(estudiantes[desde : desde + 1000], start=desde):
                    completa = i < n_estudiantes
                    uow.session.add(_solicitud(est, i, _estado_de(i, n_estudiantes), completa))
                    if completa:
                        uow.session.add(_completitud(est))
                uow.commit()


def _solicitud(est: dict, i: int, estado: str, completa: bool) -> Solicitud:
    persona = DatosPersona(
        est["tipo_documento"], est["numero_documento"], est["nombres"], est["primer_apellido"],
        est["segundo_apellido"], date.fromisoformat(est["fecha_nacimiento"]), est["pais"],
    )  # fmt: skip
    datos = DatosSolicitud(
        demo.IE["codigo_modular"], demo.IE["anexo"], "SECUNDARIA", 2020, "QUINTO",
        "CONTINUIDAD_ESTUDIOS", "", f"estudiante{i}@example.pe", "987654321",
    )  # fmt: skip
    s = Solicitud(nuevo_codigo_seguimiento(), persona, datos, RUTA_IE)
    if completa:
        s.completitud = COMPLETA
    if estado == PENDIENTE:
        return s
    if estado == RECHAZADA:
        s.rechazar("No figura en las actas de la institución.", "bench")
        return s
    s.ordenar_emision("bench")
    if estado == EMITIDA:
        s.marcar_emitida(nuevo_codigo_virtual())
    elif estado == ERROR:
        s.marcar_error("No se pudo guardar el PDF.")
    return s


def _completitud(est: dict) -> CompletitudLocal:
    return CompletitudLocal(
        est["tipo_documento"], est["numero_documento"], "SECUNDARIA", COMPLETA, 5,
        nombres=est["nombres"], primer_apellido=est["primer_apellido"],
        segundo_apellido=est["segundo_apellido"], codigo_modular=demo.IE["codigo_modular"],
        anexo=demo.IE["anexo"], ultimo_anio=2020, ultimo_grado="QUINTO",
    )  # fmt: skip


def _cargar_notas(env: dict, estudiantes: list[dict]) -> None:
    """Each student with the demo's five graded secundaria grades, as notas keeps them."""
    with _uow("notas", env, UnidadDeTrabajoNotas) as uow:
        for desde in range(0, len(estudiantes), 500):
            with uow:
                for est in estudiantes[desde : desde + 500]:
                    uow.estudiantes.agregar(_alumno(est))
                uow.commit()


def _alumno(est: dict) -> Estudiante:
    alumno = Estudiante(
        est["tipo_documento"], est["numero_documento"], est["nombres"], est["primer_apellido"],
        est["segundo_apellido"], date.fromisoformat(est["fecha_nacimiento"]),
    )  # fmt: skip
    for grado, d in demo.grados_demo():
        calificaciones = [
            Calificacion(c["area"], c["tipo_area"], c["calificacion"], orden)
            for orden, c in enumerate(d["calificaciones"])
        ]
        alumno.registrar_grado(
            GradoCursado(
                "SECUNDARIA", d["modalidad"], grado, d["anio_lectivo"], d["codigo_modular"],
                d["anexo"], d["situacion_final"], calificaciones,
            )
        )  # fmt: skip
    return alumno


def main() -> None:
    """Start, load, measure, stop."""
    args = _argumentos()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run stops its processes
    env = _entorno(args)
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio, env))
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas", env))
    sup = Supervisor(env, Path(env["MC_VAR_DIR"]) / "log")
    p = puertos(args.puerto_base)
    try:
        for servicio in MEDIDOS:
            sup.iniciar(web(servicio, p[servicio]))
        # No relay, no worker: the bulk load writes each service's own tables directly.
        sup.iniciar(frontends(args.puerto_base))
        sup.esperar_salud(limite=180)
        urls = demo.Urls.locales(args.puerto_base)
        sesiones = demo.Sesiones(urls.cuentas, cuentas)
        inicio = time.monotonic()
        cargar(env, urls, sesiones, args.solicitudes, args.estudiantes)
        _analizar(env)
        print(f"carga: {time.monotonic() - inicio:.0f} s", flush=True)
        medir(f"http://127.0.0.1:{args.puerto_base}/panel", urls, sesiones, cuentas, args.veces)
    finally:
        sup.detener_todos()
        _borrar_esquemas(env)


def _analizar(env: dict) -> None:
    """VACUUM ANALYZE what was just loaded: a live database has its statistics (autovacuum)
    and visibility map; right after a bulk load the planner would guess at 1 row."""
    for servicio in ("solicitudes", "notas"):
        engine = crear_engine(Config.desde_entorno(servicio, env))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
        engine.dispose()


def _borrar_esquemas(env: dict) -> None:
    engine = sa.create_engine(env["DATABASE_URL"])
    with engine.begin() as conn:
        for servicio in SERVICIOS:
            esquema = env["DB_SCHEMA_PREFIX"] + servicio
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{esquema}" CASCADE'))
    engine.dispose()


def medir(panel: str, urls, sesiones, cuentas, veces: int) -> None:
    """bench.panel's table: each screen's p50/p95 beside its API call's, as the director.

    Besides bench.panel's screens, the Registro de notas of the first complete request's
    student (the screen's URL carries an opaque reference: it is read once, then timed).
    """
    director = cuentas["DIRECTOR_IE"]
    navegador = bench_panel.ingresar_panel(panel, director.usuario, director.clave)
    api = requests.Session()
    api.headers.update(sesiones.cabecera("DIRECTOR_IE"))
    base = {"solicitudes": urls.solicitudes, "notas": urls.notas}
    primera = api.get(
        f"{urls.solicitudes}/api/solicitudes/semiautomatica", params={"por_pagina": 1}, timeout=30
    ).json()["solicitudes"][0]
    grilla = navegador.get(f"{panel}/registro-notas/solicitud/{primera['numero_solicitud']}")
    grilla.raise_for_status()
    documento = {"tipo_documento": "DNI", "numero_documento": primera["numero_documento"]}
    registro = api.post(f"{urls.notas}/api/notas/estudiantes/consulta", json=documento, timeout=30)
    doc = f"/api/notas/estudiantes/{registro.json()['estudiante']['id_estudiante']}/registro"
    pantallas = (
        *bench_panel.PANTALLAS,
        ("Registro de notas", grilla.url.removeprefix(panel), "notas", doc),
    )
    print(f"{'pantalla':28} {'panel p50':>10} {'p95':>8} {'API p50':>9} {'p95':>8} {'ratio':>7}")
    for nombre, ruta, servicio, ruta_api in pantallas:
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
