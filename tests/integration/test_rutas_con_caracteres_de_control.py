"""A control character (NUL) in a text path segment is a 400 in the envelope, never a 500.

Text path ids (a cuentas usuario, a lote id) go to the database as they come; PostgreSQL
refuses NUL in text, which was an error_interno on every such route.
"""

from __future__ import annotations

import pytest

from tests.integration import datos

pytestmark = pytest.mark.integration

RUTAS = [
    ("cuentas", "GET", "/api/cuentas/cuentas/4123%00567", datos.operaciones),
    ("cuentas", "POST", "/api/cuentas/cuentas/4123%00567/reactivacion", datos.operaciones),
    ("solicitudes", "GET", "/api/solicitudes/lotes/ab%00cd", datos.oaciged),
]


@pytest.mark.parametrize(("servicio", "metodo", "ruta", "cabecera"), RUTAS)
def test_nul_en_la_ruta_es_un_400_que_lo_dice(sistema_pg, servicio, metodo, ruta, cabecera):
    r = sistema_pg.clientes[servicio].open(ruta, method=metodo, headers=cabecera())
    assert r.status_code == 400, r.get_data(as_text=True)
    error = r.get_json()["error"]
    assert error["codigo"] == "ruta_invalida"
    assert error["mensaje"] == "La dirección contiene caracteres no permitidos."
