"""Benchmark of the staff panel: each screen's server time beside the API call under it.

    python -m bench.panel --panel http://127.0.0.1:8000/panel --usuario 41234567 --clave …
        [--cargar 2000] [--veces 50]

Against a running system (`make run`, or real mode behind the gateway). ``--cargar N`` first
files N more complete requests for the demo IE through the services' APIs (as
tests/e2e/datos_panel.py does; needs the OPERACIONES demo account: --clave-ops, --totp-ops).
Then, signed in as the director, it times ``--veces`` GETs of every screen and of the API
call that screen makes (same token, same filters) and prints p50 / p95 per screen and the
ratio panel ÷ API. The issue's target: p95 ≤ 300 ms with 10,000 requests in the queues.
Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

import requests

from herramientas import demo

# (screen, panel path, API service, API path + query) — the call each screen makes.
PANTALLAS = (
    (
        "Inicio",
        "/inicio",
        "solicitudes",
        "/api/solicitudes/cifras",
    ),
    (
        "Solicitudes pendientes",
        "/solicitudes/pendientes",
        "solicitudes",
        "/api/solicitudes/pendientes?por_pagina=20",
    ),
    (
        "Certificados emitidos",
        "/solicitudes/emitidas",
        "solicitudes",
        "/api/solicitudes/emitidas?por_pagina=20",
    ),
    (
        "Solicitudes rechazadas",
        "/solicitudes/rechazadas",
        "solicitudes",
        "/api/solicitudes/rechazadas?por_pagina=20",
    ),
    (
        "Semi-automática",
        "/semiautomatica",
        "solicitudes",
        "/api/solicitudes/semiautomatica?por_pagina=100",
    ),
    (
        "Estudiantes actuales",
        "/emision-directa/estudiantes-actuales",
        "solicitudes",
        "/api/solicitudes/estudiantes-actuales?por_pagina=20",
    ),
    (
        "Parámetros",
        "/configuracion/parametros",
        "notas",
        "/api/notas/instituciones/0584714/0/parametros",
    ),
)


def _p(valores: list[float], q: float) -> float:
    return statistics.quantiles(valores, n=100)[int(q) - 1] if len(valores) > 1 else valores[0]


def _medir(sesion: requests.Session, url: str, veces: int, **kw) -> list[float]:
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        r = sesion.get(url, timeout=30, **kw)
        tiempos.append((time.perf_counter() - inicio) * 1000)
        r.raise_for_status()
    return tiempos


def ingresar_panel(panel: str, usuario: str, clave: str) -> requests.Session:
    """A browser-like session signed in to the panel (CSRF token from the form)."""
    sesion = requests.Session()
    pagina = sesion.get(panel + "/ingresar", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', pagina).group(1)
    r = sesion.post(
        panel + "/ingresar",
        data={"usuario": usuario, "clave": clave, "csrf_token": token},
        timeout=10,
    )
    if "Bienvenido/a:" not in r.text:
        raise SystemExit("no se pudo iniciar sesión en el panel: revise usuario y clave")
    return sesion


def main() -> None:
    """Measure every screen against its API call; print the table."""
    args = _argumentos()
    urls = demo.Urls.locales(args.puerto_base)
    cuentas = {"DIRECTOR_IE": demo.CuentaDemo("DIRECTOR_IE", args.usuario, args.clave)}
    if args.clave_ops:
        cuentas["OPERACIONES"] = demo.CuentaDemo(
            "OPERACIONES", args.usuario_ops, args.clave_ops, args.totp_ops
        )
    sesiones = demo.Sesiones(urls.cuentas, cuentas)
    if args.cargar:
        from tests.e2e import datos_panel

        datos_panel.cargar(urls, sesiones, args.cargar, desde=args.desde)
    panel = ingresar_panel(args.panel.rstrip("/"), args.usuario, args.clave)
    api = requests.Session()
    api.headers.update(sesiones.cabecera("DIRECTOR_IE"))
    base = {"solicitudes": urls.solicitudes, "notas": urls.notas}
    print(
        f"{'pantalla':28} {'panel p50':>10} {'p95':>8} {'API p50':>9} {'p95':>8} {'ratio p95':>10}"
    )
    for nombre, ruta, servicio, ruta_api in PANTALLAS:
        t_panel = _medir(panel, args.panel.rstrip("/") + ruta, args.veces)
        t_api = _medir(api, base[servicio] + ruta_api, args.veces)
        p95_panel, p95_api = _p(t_panel, 95), _p(t_api, 95)
        print(
            f"{nombre:28} {_p(t_panel, 50):9.1f}ms {p95_panel:7.1f}ms "
            f"{_p(t_api, 50):8.1f}ms {p95_api:7.1f}ms {p95_panel / p95_api:9.2f}×"
        )


def _argumentos():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--panel", default="http://127.0.0.1:8000/panel")
    p.add_argument("--puerto-base", type=int, default=8000)
    p.add_argument("--usuario", default="41234567")
    p.add_argument("--clave", required=True)
    p.add_argument("--usuario-ops", default="44567890")
    p.add_argument("--clave-ops")
    p.add_argument("--totp-ops")
    p.add_argument("--cargar", type=int, default=0, help="complete requests to file first")
    p.add_argument("--desde", type=int, default=1000, help="first student number to use")
    p.add_argument("--veces", type=int, default=50)
    return p.parse_args()


if __name__ == "__main__":
    main()
