"""Records every response the integration flow gets, with the route that answered it.

``grabar(sistema)`` swaps each service's test client for one that keeps, for every request,
the service, method, OpenAPI path template, status, content type and JSON body. ``recorrer``
runs one certificate from the padrón to the verification and the e-mail, touching the reads
a frontend makes on the way. Used by the date-format and the OpenAPI contract tests.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException

from tests.integration import datos

_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@dataclass
class Respuesta:
    servicio: str
    metodo: str
    ruta: str  # OpenAPI template: /api/solicitudes/solicitudes/{numero}
    url: str
    estado: int
    tipo: str
    cuerpo: object  # parsed JSON, or None


class ClienteGrabador(FlaskClient):
    """A test client that appends what each response was to ``self.grabadas``."""

    servicio = ""
    grabadas: list

    def open(self, *args, **kwargs):
        respuesta = super().open(*args, **kwargs)
        peticion = respuesta.request
        self.grabadas.append(
            Respuesta(
                self.servicio,
                peticion.method,
                _plantilla(self.application, peticion.path, peticion.method),
                peticion.path,
                respuesta.status_code,
                respuesta.mimetype,
                respuesta.get_json(silent=True) if respuesta.is_json else None,
            )
        )
        return respuesta


def _plantilla(app, path: str, metodo: str) -> str:
    """The route's rule written the way OpenAPI writes it, or the path if nothing matched."""
    try:
        regla, _ = app.url_map.bind("localhost").match(path, metodo, return_rule=True)
    except HTTPException:
        return path
    return _VARIABLE.sub(r"{\1}", regla.rule)


def grabar(sistema) -> list[Respuesta]:
    """Record from now on every response of ``sistema``'s clients; returns the live list."""
    grabadas: list[Respuesta] = []
    for servicio, app in sistema.apps.items():
        cliente = ClienteGrabador(app, app.response_class, use_cookies=True)
        cliente.servicio, cliente.grabadas = servicio, grabadas
        cliente.environ_base.update(sistema.clientes[servicio].environ_base)  # the test's own IP
        sistema.clientes[servicio] = cliente
    return grabadas


def recorrer(sistema) -> None:
    """One certificate end to end plus the reads around it (queues, lote, mail, audit, keys)."""
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    c = sistema.clientes
    sol, notas, veri = c["solicitudes"], c["notas"], c["verificacion"]
    director, oaciged = datos.director(ie), datos.oaciged()
    ie_ruta = f"/api/notas/instituciones/{ie['codigo_modular']}/{ie['anexo']}"
    ruta_est = datos.ruta_estudiante(notas, est)  # POST …/estudiantes/consulta

    for url in ("/api/solicitudes/terminos", "/api/solicitudes/catalogos"):
        sol.get(url)
    sol.get("/api/solicitudes/instituciones", query_string={"q": ie["codigo_modular"]})
    persona = {k: est[k] for k in datos._CAMPOS_PERSONA}
    sol.post(
        "/api/solicitudes/validaciones", json={**persona, "codigo_modular": ie["codigo_modular"]}
    )
    creada = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()
    numero, seguimiento = creada["numero_solicitud"], creada["codigo_seguimiento"]
    ie_consulta = {"codigo_modular": ie["codigo_modular"], "anexo": ie["anexo"]}
    sol.get(
        "/api/solicitudes/configuracion/habilitar-solicitud",
        query_string=ie_consulta,
        headers=director,
    )
    sol.get(f"/api/solicitudes/seguimiento/{seguimiento}")
    sol.get(f"/api/solicitudes/solicitudes/{numero}", headers=director)
    sol.get("/api/solicitudes/pendientes", headers=director)
    sol.get("/api/solicitudes/estudiantes-actuales", query_string=ie_consulta, headers=director)
    orden = sol.post(
        "/api/solicitudes/emisiones", json={"numeros_solicitud": [numero]}, headers=director
    )
    sistema.entregar()
    sol.get(f"/api/solicitudes/lotes/{orden.get_json()['lote_id']}", headers=director)
    for cola in ("emitidas", "rechazadas", "semiautomatica"):
        sol.get(f"/api/solicitudes/{cola}", headers=director)
    codigo = sol.get(f"/api/solicitudes/seguimiento/{seguimiento}").get_json()["codigo_virtual"]

    notas.get(ie_ruta + "/parametros", headers=director)
    notas.get(ie_ruta + "/talleres", headers=director)
    notas.get(ie_ruta + "/estudiantes", headers=director)
    notas.get("/api/notas/instituciones", query_string={"q": ie["codigo_modular"]})
    notas.get(f"{ruta_est}/grados/SECUNDARIA/QUINTO", headers=director)
    notas.get(f"{ruta_est}/registro", headers=director)
    notas.get(f"{ruta_est}/registro/SECUNDARIA", headers=director)
    notas.get(f"{ruta_est}/auditoria", headers=director)
    notas.get("/api/notas/catalogo/disenos", headers=director)
    notas.get(
        "/api/notas/calificaciones-permitidas",
        query_string={"nivel": "SECUNDARIA", "grado": "QUINTO", "anio_lectivo": 2020},
        headers=director,
    )

    c["emision"].get("/api/emision/claves")
    pdf = c["emision"].get(f"/api/emision/certificados/{codigo}/pdf", headers=oaciged)
    veri.get(f"/api/verificacion/certificados/{codigo}")
    veri.post(
        f"/api/verificacion/certificados/{codigo}/detalle",
        json={"numero_documento": est["numero_documento"]},
    )
    veri.post(
        f"/api/verificacion/certificados/{codigo}/archivo",
        data={"archivo": (io.BytesIO(pdf.data), "certificado.pdf", "application/pdf")},
    )
    veri.get("/api/verificacion/claves")
    veri.get("/api/verificacion/certificados/0000-0000-0000-0000")

    avisos = c["notificaciones"].get(
        f"/api/notificaciones/solicitudes/{numero}/correo", headers=director
    )
    correo_id = avisos.get_json()["correos"][0]["correo_id"]
    c["notificaciones"].get(f"/api/notificaciones/correos/{correo_id}", headers=datos.operaciones())
    c["notificaciones"].get("/api/notificaciones/fallidos", headers=datos.operaciones())
    c["cuentas"].get("/api/cuentas/.well-known/jwks.json")
    _errores(sistema, codigo, numero)


def _errores(sistema, codigo: str, numero: int) -> None:
    """A few refusals, each in the common envelope: no token, no right, missing, mistyped."""
    c = sistema.clientes
    c["solicitudes"].get("/api/solicitudes/pendientes")  # 401
    c["solicitudes"].get(f"/api/solicitudes/solicitudes/{numero}", headers=datos.oaciged())
    c["solicitudes"].get("/api/solicitudes/solicitudes/99999999", headers=datos.oaciged())  # 404
    c["solicitudes"].get("/api/solicitudes/seguimiento/NO-ES-UN-CODIGO")  # 400
    c["emision"].get(f"/api/emision/certificados/{codigo}/pdf")  # 401
    otra_ie = datos.director(datos.institucion())
    c["emision"].get(f"/api/emision/certificados/{codigo}/pdf", headers=otra_ie)  # 403
    c["notas"].get("/api/notas/catalogo/disenos", headers={"Authorization": "Bearer x"})  # 401
    c["notificaciones"].get("/api/notificaciones/fallidos", headers=datos.oaciged())  # 403
    c["verificacion"].get("/api/verificacion/certificados/7K3M-9QXD-2HVB-N4TA")  # 400
