"""Schemathesis over every service's OpenAPI: no generated request gets a 5xx (issue 10).

Each service's Flask app is called in-process (WSGI) through the OpenAPI document it serves at
``/api/<servicio>/openapi.json``. Every operation gets valid and invalid data (positive and
negative generation, plus schemathesis' boundary cases); a staff operation is tried without a
token and with a token of each role it admits. Examples are bounded (MC_SCHEMATHESIS_EJEMPLOS
random and MC_SCHEMATHESIS_COBERTURA boundary cases per operation and role) and derandomized,
so CI runs the same cases every time.
"""

from __future__ import annotations

import os
import re
from itertools import islice

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from herramientas.smtp_local import iniciar
from shared.auth import Usuario
from shared.config import SERVICIOS
from tests.integration import datos
from tests.integration.verificacion.conftest import crear_sistema

pytestmark = pytest.mark.integration

EJEMPLOS = int(os.environ.get("MC_SCHEMATHESIS_EJEMPLOS", "4"))
COBERTURA = int(os.environ.get("MC_SCHEMATHESIS_COBERTURA", "8"))  # boundary cases, at most
IE = {"codigo_modular": "0584714", "anexo": "0"}
TOKENS = {
    "DIRECTOR_IE": datos.director(IE),
    "ESPECIALISTA_UGEL": datos.cabecera(
        Usuario("esp-1", "ESPECIALISTA_UGEL", codigo_ugel="150101")
    ),
    "OACIGED": datos.oaciged(),
    "OPERACIONES": datos.operaciones(),
}
# Limits high enough that generated requests reach the views instead of a 429.
SIN_LIMITES = {
    "LIMITE_POR_IP": "100000 per minute",
    "LIMITE_POR_DOCUMENTO": "100000 per minute",
    "LIMITE_VERIFICACION_POR_IP": "100000 per minute",
    "LIMITE_VERIFICACION_POR_CODIGO": "100000 per minute",
}


@pytest.fixture(scope="module")
def apps(prefijo_pg, tmp_path_factory):
    """The five apps on PostgreSQL, verificacion reaching emision in-process; one IE known."""
    carpeta = tmp_path_factory.mktemp("schemathesis")
    buzon = iniciar(carpeta / "correo", port=0)
    sistema = crear_sistema(prefijo_pg, carpeta, buzon, **SIN_LIMITES)
    r = sistema.clientes["notas"].post(
        "/api/notas/instituciones",
        json={**datos.institucion(), **IE},
        headers=datos.operaciones(),
    )
    assert r.status_code == 201, r.get_json()
    sistema.entregar()
    yield sistema.apps
    buzon.stop()
    for app in sistema.apps.values():
        app.extensions["mc"].engine.dispose()


def _roles(app) -> dict[tuple[str, str], tuple[str, ...]]:
    """(METHOD, OpenAPI path) → the roles its view admits (none: a public operation)."""
    roles = {}
    for regla in app.url_map.iter_rules():
        ruta = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", regla.rule)
        vista = app.view_functions[regla.endpoint]
        for metodo in regla.methods or ():
            roles[(metodo, ruta)] = getattr(vista, "roles", ())
    return roles


def _probar(operacion, rol: str | None, ejemplos: int, fallas: list) -> None:
    @given(
        caso=st.one_of(
            operacion.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operacion.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )
    )
    @settings(
        max_examples=ejemplos,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def una_operacion(caso):
        _llamar(caso, operacion, rol, fallas)

    una_operacion()
    if ejemplos > 1:  # schemathesis' boundary cases: limits ±1, wrong types, missing fields
        esquema = operacion.schema
        casos = esquema.iter_coverage_cases(
            operacion,
            generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
            generation_config=esquema.config.generation_for(operation=operacion),
        )
        for caso in islice(casos, COBERTURA):
            _llamar(caso, operacion, rol, fallas)


def _llamar(caso, operacion, rol: str | None, fallas: list) -> None:
    try:
        caso.call_and_validate(headers=TOKENS.get(rol, {}), checks=[not_a_server_error])
    except BaseExceptionGroup as exc:  # schemathesis' failures: collect all, report at the end
        falla = f"{operacion.label} [{rol or 'sin token'}]: {exc.exceptions[0]}"
        fallas.append(f"{falla}\n  {caso.as_curl_command()}")


@pytest.mark.parametrize("servicio", SERVICIOS)
def test_ninguna_peticion_generada_da_5xx(apps, servicio):
    app = apps[servicio]
    esquema = schemathesis.openapi.from_wsgi(f"/api/{servicio}/openapi.json", app)
    roles = _roles(app)
    operaciones = [resultado.ok() for resultado in esquema.get_all_operations()]
    assert operaciones, f"{servicio} no publica operaciones en su OpenAPI"
    fallas: list[str] = []
    for operacion in operaciones:
        admitidos = roles[(operacion.method.upper(), operacion.path)]
        if not admitidos:
            _probar(operacion, None, EJEMPLOS, fallas)
            continue
        _probar(operacion, None, 1, fallas)  # without a token: a 401, whatever the body
        for rol in admitidos:
            _probar(operacion, rol, EJEMPLOS, fallas)
    assert not fallas, "\n\n".join(dict.fromkeys(fallas))
