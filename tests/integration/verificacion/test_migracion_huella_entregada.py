"""Migration 0004: summaries kept under the old hash meaning show the holder's file after it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from services.verificacion.adapters.orm import certificados
from services.verificacion.entrypoints.flask_app import create_app
from shared.identificadores import nuevo_codigo_virtual
from shared.migraciones import migrar
from tests.conftest import config_embebida

pytestmark = pytest.mark.integration


def test_un_resumen_guardado_antes_muestra_la_huella_del_archivo_entregado(tmp_path):
    config = config_embebida("verificacion", tmp_path)
    migrar(config, "0003")
    app = create_app(config)
    codigo, sucesor = nuevo_codigo_virtual(), nuevo_codigo_virtual()
    original, con_marca = hashlib.sha256(b"original").hexdigest(), hashlib.sha256(b"m").hexdigest()
    fila = {
        "codigo_virtual": codigo, "estado": "SUSTITUIDO", "nombre_enmascarado": "A. B.",
        "documento_enmascarado": "*****431", "tipo_documento": "DNI",
        "nombre_institucion": "IE", "codigo_modular": "0000001", "anexo": "0",
        "modalidad": "EBR", "nivel": "SECUNDARIA", "grados": ["PRIMERO"],
        "emitido_en": datetime(2026, 11, 1, tzinfo=UTC), "sha256": con_marca,
        "sha256_original": original, "sustituido_por": sucesor,
    }  # fmt: skip
    viejo = {"estado": "SUSTITUIDO", "sha256": con_marca, "sha256_original": original}
    with app.extensions["mc"].engine.begin() as conn:  # as the code before 0004 stored it
        conn.execute(insert(certificados), [{**fila, "resumen": viejo}])
    migrar(config)
    r = app.test_client().get(f"/api/verificacion/certificados/{codigo}").get_json()
    assert r["sha256"] == original and r["sha256_con_marca"] == con_marca
    assert r["estado"] == "SUSTITUIDO" and r["sustituido_por"].replace("-", "") == sucesor
    app.extensions["mc"].engine.dispose()
