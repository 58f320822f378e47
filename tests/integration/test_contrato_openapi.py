"""Each service's openapi.json tells the truth about the responses the flow really gets.

A frontend is generated from these documents: every status an operation answers must be
listed, and every JSON body must validate against the documented schema, with no field the
document does not name (objects are checked as closed). Errors use the common envelope.
"""

from __future__ import annotations

import copy

from openapi_schema_validator import OAS30Validator

from shared.config import SERVICIOS
from tests.integration import recorrido


def _documentos(sistema) -> dict:
    return {
        s: app.test_client().get(f"/api/{s}/openapi.json").get_json()
        for s, app in sistema.apps.items()
    }


def _resolver(nodo, doc: dict):
    """The schema with every $ref replaced and objects closed (no undocumented fields)."""
    if isinstance(nodo, list):
        return [_resolver(n, doc) for n in nodo]
    if not isinstance(nodo, dict):
        return nodo
    if "$ref" in nodo:
        destino = doc
        for parte in nodo["$ref"].lstrip("#/").split("/"):
            destino = destino[parte]
        return _resolver(copy.deepcopy(destino), doc)
    resuelto = {k: _resolver(v, doc) for k, v in nodo.items()}
    if "properties" in resuelto and "additionalProperties" not in resuelto:
        resuelto["additionalProperties"] = False
    return resuelto


def _respuesta_documentada(doc: dict, metodo: str, ruta: str, estado: int) -> dict | None:
    operacion = doc["paths"].get(ruta, {}).get(metodo.lower())
    if operacion is None:
        return None
    respuesta = operacion["responses"].get(str(estado))
    return _resolver(respuesta, doc) if respuesta is not None else None


def problemas_de_contrato(documentos: dict, grabadas) -> list[str]:
    """What each recorded response breaks in its service's document."""
    problemas = []
    for r in grabadas:
        if r.ruta.endswith("openapi.json") or r.ruta.endswith("/health"):
            continue
        donde = f"{r.servicio} {r.metodo} {r.ruta} → {r.estado}"
        documentada = _respuesta_documentada(documentos[r.servicio], r.metodo, r.ruta, r.estado)
        if documentada is None:
            problemas.append(f"{donde}: estado no documentado")
            continue
        contenido = documentada.get("content", {})
        if r.tipo not in contenido:
            problemas.append(f"{donde}: tipo {r.tipo} no documentado ({sorted(contenido)})")
            continue
        esquema = contenido[r.tipo].get("schema")
        if r.cuerpo is None or esquema is None:
            continue
        errores = sorted(OAS30Validator(esquema).iter_errors(r.cuerpo), key=str)
        problemas += [f"{donde}: {'/'.join(map(str, e.path))}: {e.message}" for e in errores[:5]]
    return problemas


def test_el_detector_ve_un_campo_no_documentado_y_un_estado_no_listado(sistema_pg):
    documentos = _documentos(sistema_pg)
    Respuesta = recorrido.Respuesta
    ruta = "/api/notificaciones/correos/{correo_id}"
    sin_campos = {"error": {"codigo": "no_encontrado", "mensaje": "No existe."}}
    grabadas = [
        Respuesta("notificaciones", "GET", ruta, ruta, 200, "application/json", {"otro": 1}),
        Respuesta("notificaciones", "GET", ruta, ruta, 418, "application/json", {}),
        Respuesta("notificaciones", "GET", ruta, ruta, 404, "application/json", sin_campos),
    ]
    problemas = problemas_de_contrato(documentos, grabadas)
    assert any("404" in p and "'campos' is a required property" in p for p in problemas), problemas
    assert any("otro" in p for p in problemas), problemas
    assert any("418: estado no documentado" in p for p in problemas), problemas


def test_las_respuestas_del_flujo_cumplen_el_openapi_de_su_servicio(sistema_pg):
    grabadas = recorrido.grabar(sistema_pg)
    recorrido.recorrer(sistema_pg)
    assert len({(r.servicio, r.ruta) for r in grabadas}) >= 35
    problemas = problemas_de_contrato(_documentos(sistema_pg), grabadas)
    assert not problemas, "\n".join(problemas)


def test_cada_operacion_documenta_su_exito_y_el_error_comun(sistema_pg):
    faltas = []
    for servicio, doc in _documentos(sistema_pg).items():
        assert servicio in SERVICIOS
        error = doc["components"]["schemas"]["ErrorEsquema"]
        assert error["required"] == ["error"], servicio
        for ruta, operaciones in doc["paths"].items():
            for metodo, op in operaciones.items():
                if metodo == "parameters":
                    continue
                respuestas = op["responses"]
                exitos = [c for c in respuestas if c.startswith("2")]
                donde = f"{servicio} {metodo.upper()} {ruta}"
                if not exitos:
                    faltas.append(f"{donde}: ningún 2xx")
                elif not any(respuestas[c].get("content") or c == "204" for c in exitos):
                    faltas.append(f"{donde}: 2xx sin contenido")
                entradas = [p for p in op.get("parameters", []) if p["in"] != "path"]
                if (entradas or "requestBody" in op) and "422" not in respuestas:
                    faltas.append(f"{donde}: recibe datos y no lista 422")
    assert not faltas, "\n".join(faltas)
