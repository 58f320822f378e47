"""Migrations match the models; health and OpenAPI answer on real services."""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.config import SERVICIOS
from shared.db import crear_engine
from shared.migraciones import migrar
from tests.conftest import config_embebida, config_real

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("servicio", SERVICIOS)
def test_las_migraciones_crean_exactamente_las_tablas_del_modelo(servicio, prefijo_pg, tmp_path):
    embebida = config_embebida(servicio, tmp_path)
    migrar(embebida)
    metadata = importlib.import_module(f"services.{servicio}.adapters.orm").metadata
    for config in (embebida, config_real(servicio, prefijo_pg, tmp_path)):
        engine = crear_engine(config)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        engine.dispose()


def test_salud_con_base_y_broker(sistema_pg, redis_url):
    for servicio, cliente in sistema_pg.clientes.items():
        r = cliente.get(f"/api/{servicio}/health")
        assert r.status_code == 200, r.get_json()
        assert r.get_json() == {
            "servicio": servicio,
            "base_de_datos": "ok",
            "broker": "ok",
            "estado": "ok",
        }


def test_salud_sin_broker_responde_503(prefijo_pg, tmp_path):
    from services.verificacion.entrypoints.flask_app import create_app

    config = config_real("verificacion", prefijo_pg, tmp_path).con(
        broker_url="redis://127.0.0.1:1/0"
    )
    app = create_app(config)
    r = app.test_client().get("/api/verificacion/health")
    assert r.status_code == 503
    assert r.get_json()["broker"] == "error"  # no exception details in public output
    assert r.get_json()["base_de_datos"] == "ok"
    app.extensions["mc"].engine.dispose()


def test_openapi_generado_de_los_esquemas(sistema_pg):
    doc = sistema_pg.clientes["solicitudes"].get("/api/solicitudes/openapi.json").get_json()
    assert "/api/solicitudes/solicitudes" in doc["paths"]
    assert "/api/solicitudes/emisiones" in doc["paths"]
    esquema = doc["components"]["schemas"]["SolicitudEsquema"]
    assert "correo" in esquema["properties"] and "correo" in esquema["required"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    notas = sistema_pg.clientes["notas"].get("/api/notas/openapi.json").get_json()
    assert "/api/notas/estudiantes/{id_estudiante}/grados/{nivel}/{grado}" in notas["paths"]
    # No route of any service names a student by their document.
    assert not [r for r in notas["paths"] if "numero_documento" in r]
