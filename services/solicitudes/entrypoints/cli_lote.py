"""`mc lote ID`: follow a bulk emission from a terminal, as a progress bar, over the HTTP API."""

from __future__ import annotations

import sys
import time

import requests

ANCHO = 40


def barra(avance: dict) -> str:
    """One line: [#####-----] 1234/2000 emitidas · 3 fallidas · 763 en emisión."""
    total = max(avance["total"], 1)
    hechas = avance["emitidas"] + avance["fallidas"]
    llenas = round(ANCHO * hechas / total)
    return (
        f"[{'#' * llenas}{'-' * (ANCHO - llenas)}] {avance['emitidas']}/{avance['total']} "
        f"emitidas · {avance['fallidas']} fallidas · {avance['en_emision']} en emisión"
    )


def seguir(url: str, token: str, lote: str, intervalo: float = 1.0, salida=sys.stdout) -> int:
    """Poll until nothing is in emission; print the failures; exit 1 if any failed."""
    cabecera = {"Authorization": f"Bearer {token}"}
    while True:
        r = requests.get(f"{url}/api/solicitudes/lotes/{lote}", headers=cabecera, timeout=10)
        if r.status_code != 200:
            mensaje = r.json().get("error", {}).get("mensaje", r.text) if r.content else r.reason
            print(f"\nerror {r.status_code}: {mensaje}", file=sys.stderr)
            return 2
        avance = r.json()
        print("\r" + barra(avance), end="", file=salida, flush=True)
        if avance["terminado"]:
            break
        time.sleep(intervalo)
    print(file=salida)
    for falla in avance["fallas"]:
        detalle = (
            f" (detalle técnico: {falla['detalle_tecnico']})"
            if falla.get("detalle_tecnico")
            else ""
        )
        print(
            f"  N.° {falla['numero_solicitud']:08d}: {falla['motivo_falla']}{detalle}", file=salida
        )
    if avance["fallas"]:
        print(
            f"Reintente las fallidas con POST /api/solicitudes/lotes/{lote}/reintentos.",
            file=salida,
        )
    return 1 if avance["fallidas"] else 0
