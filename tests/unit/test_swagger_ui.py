"""Each service's OpenAPI is browsable with Swagger UI served from our own files (issue 15)."""

from __future__ import annotations

import re

from services.verificacion.entrypoints.flask_app import create_app
from shared.config import Config


def test_swagger_ui_sin_cdn(tmp_path):
    config = Config.desde_entorno(
        "verificacion",
        {"DATABASE_URL": f"sqlite:///{tmp_path}/v.sqlite3", "MC_VAR_DIR": str(tmp_path)},
    )
    app = create_app(config)
    cliente = app.test_client()
    pagina = cliente.get("/api/verificacion/docs")
    assert pagina.status_code == 200
    html = pagina.get_data(as_text=True)
    recursos = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert recursos and all(r.startswith("/api/verificacion/docs/recursos/") for r in recursos)
    assert "/api/verificacion/openapi.json" in html
    for recurso in recursos:
        with cliente.get(recurso) as r:
            assert r.status_code == 200 and len(r.data) > 1000, recurso
    assert cliente.get("/api/verificacion/docs/recursos/../web.py").status_code == 404
    app.extensions["mc"].engine.dispose()
