"""Command line of the notas service: `python -m services.notas.entrypoints.cli catalogo [DIR]`.

Reloads the curricular catalog from CSV files (by default the ones shipped in
services/notas/catalogo/), inserting new designs and areas and updating known ones. The
first load is done by the migrations, so a new environment needs no step of its own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.notas.adapters.catalogo_csv import CARPETA, CatalogoInvalido, leer_catalogo
from services.notas.service_layer import comandos, handlers_instituciones
from services.notas.service_layer.dependencias import Dependencias
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.config import Config
from shared.db import crear_engine, crear_session_factory


def cargar_catalogo(carpeta: Path, config: Config) -> dict:
    """Read and upsert the catalog in ``carpeta`` into the notas database of ``config``."""
    disenos, areas = leer_catalogo(carpeta)
    engine = crear_engine(config)
    try:
        uow = UnidadDeTrabajoNotas(crear_session_factory(engine))
        cmd = comandos.CargarCatalogo(tuple(disenos), tuple(areas))
        return handlers_instituciones.cargar_catalogo(cmd, uow, None, Dependencias())
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="notas", description="Herramientas del servicio notas")
    sub = parser.add_subparsers(dest="comando", required=True)
    s = sub.add_parser("catalogo", help="carga el catálogo curricular desde sus CSV")
    s.add_argument("carpeta", nargs="?", type=Path, default=CARPETA)
    args = parser.parse_args(argv)
    try:
        cargado = cargar_catalogo(args.carpeta, Config.desde_entorno("notas"))
    except (CatalogoInvalido, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"catálogo cargado: {cargado['disenos']} diseños, {cargado['areas']} áreas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
