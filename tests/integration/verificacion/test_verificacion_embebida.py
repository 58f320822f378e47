"""Public verification on SQLite (embedded mode): the QR's own URL, seals and key windows."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from herramientas.smtp_local import iniciar
from services.emision.adapters.orm import certificados
from services.verificacion.entrypoints.flask_app import create_app as crear_verificacion
from shared.config import SERVICIOS
from shared.migraciones import migrar
from tests.conftest import config_embebida
from tests.integration import datos
from tests.integration.conftest import Sistema, _crear_apps, cerrar_app
from tests.integration.verificacion.conftest import EmisionEnProceso, emitir

pytestmark = pytest.mark.integration


@pytest.fixture
def sistema_sqlite(tmp_path):
    """The whole system in-process on SQLite files; verificacion reaches emision in-process."""
    buzon = iniciar(tmp_path / "correo", port=0)
    configs = {
        s: config_embebida(s, tmp_path, MAIL_PORT=str(buzon.port), ADJUNTAR_PDF="0")
        for s in SERVICIOS
    }
    for config in configs.values():
        migrar(config)
    apps = _crear_apps(configs)
    cerrar_app(apps["verificacion"])
    emision = EmisionEnProceso(apps["emision"])
    apps["verificacion"] = crear_verificacion(configs["verificacion"], emision)
    yield Sistema(apps, buzon, tmp_path / "correo")
    buzon.stop()
    for app in apps.values():
        cerrar_app(app)


def contenido_qr(sistema, codigo: str) -> str:
    """What the certificate's QR says (emision keeps it with the printed document)."""
    consulta = select(certificados.c.contenido_certificado).where(
        certificados.c.codigo_virtual == codigo.replace("-", "")
    )
    with sistema.apps["emision"].extensions["mc"].engine.connect() as conn:
        documento = conn.execute(consulta).scalar_one()
    return documento["contenido_qr"]


def test_la_url_del_qr_y_el_sello_se_verifican_en_modo_embebido(sistema_sqlite):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema_sqlite, ie, est)
    codigo = emitir(sistema_sqlite, ie, est)
    cliente = sistema_sqlite.clientes["verificacion"]
    qr = contenido_qr(sistema_sqlite, codigo)
    url = urlsplit(qr)

    r = cliente.get(f"{url.path}?{url.query}")
    pagina = r.get_data(as_text=True)
    assert r.status_code == 200, pagina
    assert "✔ VIGENTE" in pagina and "sello digital del código QR es auténtico" in pagina

    r = cliente.post("/api/verificacion/sellos", json={"sello": qr})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["sello"]["resultado"] == "AUTENTICO"
    assert r.get_json()["certificado"]["estado"] == "VIGENTE"

    r = cliente.get("/api/verificacion/claves")
    assert r.status_code == 200
    for clave in r.get_json()["claves"]:  # windows an offline verifier can compare
        assert datetime.fromisoformat(clave["valido_desde"]).utcoffset() is not None
        assert clave["valido_desde"].endswith("+00:00")
