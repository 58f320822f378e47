"""web/comun: the API error envelope, errors on form fields, session stores, dates."""

from __future__ import annotations

import json

import requests
from wtforms import StringField

from web.comun import filtros
from web.comun.clientes.base import (
    ApiNoDisponible,
    ClienteApi,
    ErrorApi,
    NoAutenticadoApi,
    error_de,
)
from web.comun.formularios import Formulario, aplicar_error_api
from web.comun.sesion import AlmacenArchivos, AlmacenMemoria


def _respuesta(estado: int, cuerpo) -> requests.Response:
    r = requests.Response()
    r.status_code = estado
    r._content = json.dumps(cuerpo).encode() if not isinstance(cuerpo, bytes) else cuerpo
    return r


def test_el_sobre_de_error_se_vuelve_errorapi_con_sus_campos():
    error = error_de(
        _respuesta(
            422,
            {
                "error": {
                    "codigo": "datos_invalidos",
                    "mensaje": "Revise los campos indicados.",
                    "campos": {"calificaciones.0.calificacion": ["No permitida."]},
                }
            },
        )
    )
    assert type(error) is ErrorApi and error.estado == 422
    assert error.campos == {"calificaciones.0.calificacion": ["No permitida."]}


def test_401_es_no_autenticado_y_5xx_no_disponible():
    assert isinstance(
        error_de(_respuesta(401, {"error": {"codigo": "no_autenticado", "mensaje": "x"}})),
        NoAutenticadoApi,
    )
    caido = error_de(_respuesta(502, b"<html>Bad gateway</html>"))
    assert isinstance(caido, ApiNoDisponible) and "no se perdieron" in caido.mensaje


def test_servicio_inalcanzable_es_no_disponible():
    cliente = ClienteApi("http://127.0.0.1:9", timeout=2)
    try:
        cliente.get("/x")
    except ApiNoDisponible as exc:
        assert exc.estado == 503
    else:
        raise AssertionError("debió fallar")


def test_el_cliente_manda_el_token_y_omite_filtros_vacios():
    vistos = {}

    class Http:
        def request(self, metodo, url, headers, timeout, **kw):
            vistos.update(metodo=metodo, url=url, headers=headers, **kw)
            return _respuesta(200, {"ok": True})

    cliente = ClienteApi("http://api/", lambda: "tk", sesion_http=Http())
    cliente.prefijo = "/api/x"
    assert cliente.get("/cola", {"a": 1, "b": None, "c": ""}) == {"ok": True}
    assert vistos["url"] == "http://api/api/x/cola" and vistos["params"] == {"a": 1}
    assert vistos["headers"]["Authorization"] == "Bearer tk"


def test_errores_de_la_api_van_a_su_campo(app_panel):
    class F(Formulario):
        correo_alternativo = StringField("Correo alternativo")

    with app_panel.test_request_context(method="POST"):
        f = F(meta={"csrf": False})
        aplicar_error_api(
            f,
            ErrorApi(
                422,
                "datos_invalidos",
                "Revise.",
                {"correo_alternativo": ["No es un correo válido."], "otro": ["Algo más."]},
            ),
        )
        assert f.correo_alternativo.errors == ["No es un correo válido."]
        assert f.errores_generales == ["Algo más."]
        assert f.errores_por_campo() == [
            ("correo_alternativo", "Correo alternativo", "No es un correo válido.")
        ]
        g = F(meta={"csrf": False})
        aplicar_error_api(g, ErrorApi(409, "conflicto", "Ya fue emitida."))
        assert g.errores_generales == ["Ya fue emitida."]


def test_almacenes_de_sesion_guardan_y_vencen(tmp_path):
    for almacen in (AlmacenMemoria(), AlmacenArchivos(tmp_path)):
        almacen.guardar("abc", {"tokens": {"access": "x"}}, 60)
        assert almacen.leer("abc") == {"tokens": {"access": "x"}}
        almacen.guardar("viejo", {"a": 1}, -1)
        assert almacen.leer("viejo") is None
        almacen.borrar("abc")
        assert almacen.leer("abc") is None
        assert almacen.leer("../../etc/passwd") is None


def test_fechas_en_hora_de_lima():
    assert filtros.fecha_hora("2021-03-20T19:25:15+00:00") == "20/03/2021 14:25:15"
    assert filtros.fecha("2003-05-14") == "14/05/2003"
    assert filtros.fecha(None) == ""


def test_htmx_vendorizado_con_su_licencia(cliente):
    with cliente.get("/comun-static/vendor/htmx/htmx.min.js") as r:
        assert r.status_code == 200 and b"htmx" in r.data[:2000]
    with cliente.get("/comun-static/vendor/htmx/LICENSE") as licencia:
        assert b"Zero-Clause BSD" in licencia.data


def test_cabeceras_de_seguridad(cliente):
    r = cliente.get("/ingresar")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Cache-Control"] == "no-store"


def test_configuracion_desde_el_entorno(tmp_path):
    from web.comun.config import ConfigWeb

    embebido = ConfigWeb.desde_entorno(
        "panel", {"MC_VAR_DIR": str(tmp_path), "MC_PUERTO_BASE": "9000"}
    )
    assert embebido.urls["notas"] == "http://127.0.0.1:9002"
    assert embebido.cookie_segura is False  # http://127.0.0.1 only
    assert embebido.almacen_sesiones == str(tmp_path / "sesiones" / "panel")
    real = ConfigWeb.desde_entorno(
        "panel",
        {
            "MC_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql://x/y",
            "BROKER_URL": "amqp://guest@rabbit//",
            "RATELIMIT_STORAGE_URI": "redis://r:6379/3",
            "MC_GATEWAY_URL": "https://micertificado.minedu.gob.pe/",
        },
    )
    assert real.urls["cuentas"] == "https://micertificado.minedu.gob.pe"
    assert real.cookie_segura is True
    assert real.almacen_sesiones == "redis://r:6379/3"
    assert real.clave_secreta == embebido.clave_secreta  # kept under var/ when not configured
