"""Hostile input is a 4xx in the common envelope on every route, never a 500 (issue 10, #7)."""

from __future__ import annotations

import pytest

from shared.eventos import Evento
from shared.identificadores import agrupar, nuevo_codigo_virtual
from tests.integration import datos
from tests.integration.notificaciones.conftest import solicitud_registrada

pytestmark = pytest.mark.integration

ENORME = 2**31  # one more than an INTEGER column holds
ÑANDU = "ñandú@example.pe"


def _error(r, estado: int) -> dict:
    assert r.status_code == estado, r.get_data(as_text=True)
    return r.get_json()["error"]


def _rutas_con_cuerpo(app):
    """Every POST/PUT route of an app, its path filled with harmless values."""
    for regla in app.url_map.iter_rules():
        for metodo in sorted((regla.methods or set()) & {"POST", "PUT", "PATCH"}):
            valores = {
                nombre: 1 if type(conv).__name__ == "EnteroAcotado" else "X"
                for nombre, conv in regla._converters.items()
            }
            yield metodo, regla.build(valores, append_unknown=False)[1]


RUTAS_CON_ID = [
    ("solicitudes", "/api/solicitudes/solicitudes/{n}", "GET", "director"),
    ("solicitudes", "/api/solicitudes/solicitudes/{n}/rechazo", "POST", "director"),
    ("solicitudes", "/api/solicitudes/solicitudes/{n}/parte-oaciged", "POST", "oaciged"),
    ("solicitudes", "/api/solicitudes/solicitudes/{n}/nueva-solicitud", "POST", "director"),
    ("notificaciones", "/api/notificaciones/solicitudes/{n}/correo", "GET", "director"),
    ("notificaciones", "/api/notificaciones/solicitudes/{n}/reenvios", "POST", "director"),
    ("notificaciones", "/api/notificaciones/correos/{n}", "GET", "operaciones"),
    ("notificaciones", "/api/notificaciones/fallidos/{n}/reenvio", "POST", "operaciones"),
    ("notas", "/api/notas/instituciones/0584714/0/talleres/{n}/baja", "POST", "director"),
]


def test_id_de_ruta_mayor_que_un_entero_es_404(sistema_pg):
    cabeceras = {
        "director": datos.director({"codigo_modular": "0584714", "anexo": "0"}),
        "oaciged": datos.oaciged(),
        "operaciones": datos.operaciones(),
    }
    for servicio, ruta, metodo, rol in RUTAS_CON_ID:
        cliente = sistema_pg.clientes[servicio]
        r = cliente.open(ruta.format(n=ENORME), method=metodo, json={}, headers=cabeceras[rol])
        error = _error(r, 404)
        assert error["mensaje"] == "El recurso no existe.", ruta
        # The largest id a table holds still reaches the view (and is simply not there).
        r = cliente.open(ruta.format(n=ENORME - 1), method=metodo, json={}, headers=cabeceras[rol])
        assert r.status_code in (403, 404, 409, 422), (ruta, r.get_data(as_text=True))


def test_json_anidado_mil_niveles_es_400_en_cada_ruta(sistema_pg):
    profundo = "[" * 1000 + "]" * 1000
    objeto = '{"a":' * 1000 + "1" + "}" * 1000
    probadas = 0
    for servicio, app in sistema_pg.apps.items():
        cliente = sistema_pg.clientes[servicio]
        for metodo, ruta in _rutas_con_cuerpo(app):
            for cuerpo in (profundo, objeto):
                r = cliente.open(ruta, method=metodo, data=cuerpo, content_type="application/json")
                error = _error(r, 400)
                assert error["codigo"] == "json_invalido", (ruta, error)
                assert "más de 32 niveles de anidamiento" in error["mensaje"], ruta
            probadas += 1
    assert probadas >= 20  # every service's writes, public and staff


def test_anidamiento_normal_y_corchetes_en_textos_pasan(sistema_pg):
    """Brackets inside strings do not count; the deepest real body (grades) is far below."""
    cuerpo = {"sello": "[" * 500 + "{" * 500}
    r = sistema_pg.clientes["verificacion"].post("/api/verificacion/sellos", json=cuerpo)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["sello"]["resultado"] == "ILEGIBLE"


def test_surrogado_suelto_en_documento_es_400(sistema_pg):
    codigo = agrupar(nuevo_codigo_virtual())
    for texto in ('"\\ud800"', '"12345678\\udfff"', '"\\udc00\\ud800"', '"a\\\\\\ud83d"'):
        r = sistema_pg.clientes["verificacion"].post(
            f"/api/verificacion/certificados/{codigo}/detalle",
            data='{"documento": ' + texto + "}",
            content_type="application/json",
        )
        error = _error(r, 400)
        assert error["codigo"] == "json_invalido", texto
        assert error["mensaje"] == (
            "El cuerpo de la petición contiene un carácter Unicode incompleto (\\uD800–\\uDFFF)."
        )


def test_pares_surrogados_y_barras_escapadas_no_se_confunden(sistema_pg):
    """An escaped emoji (a whole pair) and a literal «\\ud800» text are ordinary input."""
    codigo = agrupar(nuevo_codigo_virtual())
    for texto in ('"\\ud83d\\ude00"', '"\\\\ud800"'):
        r = sistema_pg.clientes["verificacion"].post(
            f"/api/verificacion/certificados/{codigo}/detalle",
            data='{"documento": ' + texto + "}",
            content_type="application/json",
        )
        assert r.status_code in (404, 422), (texto, r.get_data(as_text=True))


MENSAJE_ÑANDU = (
    "El correo no puede llevar tildes, ñ ni otros caracteres especiales: no se le podría "
    "entregar. Escriba la dirección sin ellos o use otra."
)


def test_correo_que_no_se_puede_entregar_se_rechaza_en_la_solicitud(sistema_pg):
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie)
    for correo in (ÑANDU, "maria@ñandú.pe", "josé.quispe@example.pe"):
        r = sistema_pg.clientes["solicitudes"].post(
            "/api/solicitudes/solicitudes",
            json=datos.solicitud(ie, datos.estudiante(), correo=correo),
        )
        assert _error(r, 422)["campos"]["correo"] == [MENSAJE_ÑANDU], correo


def test_correo_no_ascii_se_rechaza_en_cada_entrada_de_correo(sistema_pg):
    """The resend's alternate address, an operations replay, emisión directa, a new request."""
    ie = datos.institucion()
    datos.registrar_ie(sistema_pg, ie)
    payload = solicitud_registrada(ie)
    sistema_pg.publicador.enviar(
        "notificaciones", Evento("SolicitudRegistrada", payload).sobre("t")
    )
    assert sistema_pg.publicador.respuestas[-1][2] == "procesado"
    notif, sol = sistema_pg.clientes["notificaciones"], sistema_pg.clientes["solicitudes"]
    r = notif.post(
        f"/api/notificaciones/solicitudes/{payload['solicitud_id']}/reenvios",
        json={"correo_alternativo": ÑANDU},
        headers=datos.director(ie),
    )
    assert _error(r, 422)["campos"]["correo_alternativo"] == [MENSAJE_ÑANDU]
    r = notif.post(
        "/api/notificaciones/fallidos/1/reenvio",
        json={"correo_alternativo": ÑANDU},
        headers=datos.operaciones(),
    )
    assert _error(r, 422)["campos"]["correo_alternativo"] == [MENSAJE_ÑANDU]
    cuerpo = datos.solicitud(ie, datos.estudiante(), ultimo_anio=2005, correo=ÑANDU)
    del cuerpo["acepta_terminos"], cuerpo["terminos_version"]
    r = sol.post("/api/solicitudes/emisiones-directas", json=cuerpo, headers=datos.director(ie))
    assert _error(r, 422)["campos"]["correo"] == [MENSAJE_ÑANDU]
    r = sol.post(
        "/api/solicitudes/solicitudes/1/nueva-solicitud",
        json={"correo": ÑANDU},
        headers=datos.director(ie),
    )
    assert _error(r, 422)["campos"]["correo"] == [MENSAJE_ÑANDU]
