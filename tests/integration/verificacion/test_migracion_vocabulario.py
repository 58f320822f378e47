"""Migration 0005: a certificate stored VALIDO answers VIGENTE, with the glossary's fields."""

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


def test_un_certificado_valido_de_antes_es_vigente(tmp_path):
    config = config_embebida("verificacion", tmp_path)
    migrar(config, "0004")
    app = create_app(config)
    codigo, sha = nuevo_codigo_virtual(), hashlib.sha256(b"pdf").hexdigest()
    fila = {
        "codigo_virtual": codigo, "estado": "VALIDO", "nombre_enmascarado": "A. B.",
        "documento_enmascarado": "*****431", "tipo_documento": "DNI",
        "nombre_institucion": "IE", "codigo_modular": "0584714", "anexo": "0",
        "modalidad": "EBR", "nivel": "SECUNDARIA", "grados": ["PRIMERO"],
        "emitido_en": datetime(2026, 11, 1, tzinfo=UTC), "sha256": sha, "sha256_original": sha,
    }  # fmt: skip
    viejo = {"estado": "VALIDO", "estudiante": "A. B.", "codigo_modular": "0584714-0"}
    with app.extensions["mc"].engine.begin() as conn:  # as the code before 0005 stored it
        conn.execute(insert(certificados), [{**fila, "resumen": viejo}])
    migrar(config)
    r = app.test_client().get(f"/api/verificacion/certificados/{codigo}").get_json()
    app.extensions["mc"].engine.dispose()
    assert r["estado"] == "VIGENTE"
    assert (r["nombre_enmascarado"], r["codigo_modular"], r["anexo"]) == ("A. B.", "0584714", "0")
    assert r["documento_enmascarado"] == "DNI *****431"
    assert not {"estudiante", "documento", "institucion"} & set(r)
