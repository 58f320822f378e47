"""One word per concept (docs/glosario.md): no JSON the certificate flow returns, in any
service, uses a spelling the glossary retired, and every public code is printed with hyphens.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.integration import datos

pytestmark = pytest.mark.integration

# Keys the glossary retired (docs/glosario.md, "losing spellings"), with the winning word.
CLAVES_PERDEDORAS = {
    "solicitud_id": "numero_solicitud",
    "numero": "numero_solicitud",
    "solicitud": "numero_solicitud",
    "emitida_en": "emitido_en",
    "fecha_solicitud": "creada_en",
    "lote": "lote_id",
    "institucion": "nombre_institucion",
    "documento": "numero_documento / documento_enmascarado",
    "diseno": "diseno_curricular",
}
VALORES_PERDEDORES = {"VALIDO": "VIGENTE", "demasiadas_consultas": "demasiados_intentos"}
# A motive is always qualified — except the seed's own lines (observaciones, pendientes).
MOTIVO_PERMITIDO_EN = ("observaciones", "pendientes", "errores")
CODIGOS = ("codigo_seguimiento", "codigo_virtual", "sustituido_por", "codigo_virtual_anterior")
AGRUPADO = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")
SIETE = re.compile(r"^\d{7}$")


@pytest.fixture
def respuestas(monkeypatch) -> list[tuple[str, object]]:
    """Every JSON body any service's test client answers during the test, with its URL."""
    vistas: list[tuple[str, object]] = []
    original = FlaskClient.open

    def abrir(self, *args, **kwargs):
        r = original(self, *args, **kwargs)
        if r.is_json:
            vistas.append((r.request.path, r.get_json()))
        return r

    monkeypatch.setattr(FlaskClient, "open", abrir)
    return vistas


def _faltas(valor, ruta: str = "") -> list[str]:
    """Where ``valor`` (a JSON body) uses a retired word or prints a code without hyphens."""
    if isinstance(valor, list):
        return [f for i, v in enumerate(valor) for f in _faltas(v, f"{ruta}[{i}]")]
    if isinstance(valor, str):
        perdedor = VALORES_PERDEDORES.get(valor)
        return [f"{ruta} = {valor!r} (use {perdedor!r})"] if perdedor else []
    if not isinstance(valor, dict):
        return []
    faltas = []
    for clave, dentro in valor.items():
        aqui = f"{ruta}.{clave}"
        if clave in CLAVES_PERDEDORAS:
            faltas.append(f"{aqui} (use {CLAVES_PERDEDORAS[clave]})")
        if clave == "motivo" and not any(p in ruta for p in MOTIVO_PERMITIDO_EN):
            faltas.append(f"{aqui} (motivo_solicitud / _rechazo / _anulacion / _falla)")
        if clave in ("estudiante", "institucion") and isinstance(dentro, str):
            faltas.append(f"{aqui} is a name (nombre_estudiante / nombre_enmascarado)")
        if clave == "codigo_modular" and isinstance(dentro, str) and not SIETE.match(dentro):
            faltas.append(f"{aqui} = {dentro!r} (7 digits; the anexo is its own field)")
        if clave in CODIGOS and isinstance(dentro, str) and dentro and not AGRUPADO.match(dentro):
            faltas.append(f"{aqui} = {dentro!r} (printed with hyphens)")
        faltas += _faltas(dentro, aqui)
    return faltas


def test_las_faltas_se_detectan():
    """The walker itself: each retired spelling is caught, the winning ones pass."""
    malo = {
        "numero": 1,
        "solicitud_id": 1,
        "estado": "VALIDO",
        "estudiante": "A. B.",
        "codigo_modular": "0584714-0",
        "motivo": "x",
        "correos": [{"solicitud": 1, "codigo_virtual": "7K3M9QXD2HVBN4TS"}],
    }
    assert len(_faltas(malo)) == 8
    bueno = {
        "numero_solicitud": 1,
        "estado": "VIGENTE",
        "nombre_enmascarado": "A. B.",
        "codigo_modular": "0584714",
        "anexo": "0",
        "motivo_rechazo": "x",
        "estudiante": {"nombres": "A"},
        "observaciones": [{"motivo": "Estudios en Chile"}],
        "codigo_virtual": "7K3M-9QXD-2HVB-N4TS",
    }
    assert _faltas(bueno) == []


def _flujo(sistema) -> None:
    """Intake, queues, a lote, issue, resend dialog, verification, a second request from the
    certificate, a rejection: the responses a frontend reads."""
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    sol, notif = sistema.clientes["solicitudes"], sistema.clientes["notificaciones"]
    ver, director = sistema.clientes["verificacion"], datos.director(ie)
    sol.get("/api/solicitudes/terminos")
    sol.get("/api/solicitudes/catalogos")
    sol.post("/api/solicitudes/validaciones", json={**est, **_ie(ie), "tipo_persona": "ESTUDIANTE"})
    creada = sol.post("/api/solicitudes/solicitudes", json=datos.solicitud(ie, est)).get_json()
    numero = creada["numero_solicitud"]
    sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}")
    sol.get("/api/solicitudes/pendientes", headers=director)
    sol.get(f"/api/solicitudes/solicitudes/{numero}", headers=director)
    orden = sol.post(
        "/api/solicitudes/emisiones", json={"numeros_solicitud": [numero]}, headers=director
    ).get_json()
    sistema.entregar()
    sol.get(f"/api/solicitudes/lotes/{orden['lote_id']}", headers=director)
    sol.get("/api/solicitudes/emitidas", headers=director)
    seguimiento = sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}")
    codigo = seguimiento.get_json()["codigo_virtual"]
    notif.get(f"/api/notificaciones/solicitudes/{numero}/correo", headers=director)
    ver.get(f"/api/verificacion/certificados/{codigo}")
    ver.post(
        f"/api/verificacion/certificados/{codigo}/detalle",
        json={"numero_documento": est["numero_documento"]},
    )
    ver.get("/api/verificacion/claves")
    nueva = sol.post(
        f"/api/solicitudes/solicitudes/{numero}/nueva-solicitud", json={}, headers=director
    ).get_json()
    sol.post(
        f"/api/solicitudes/solicitudes/{nueva['numero_solicitud']}/rechazo",
        json={"motivo_rechazo": "Datos de la solicitud incompletos."},
        headers=director,
    )
    sistema.entregar()
    sol.get("/api/solicitudes/rechazadas", headers=director)
    fallidos = notif.get("/api/notificaciones/fallidos", headers=datos.operaciones()).get_json()
    if fallidos.get("correos"):
        correo_id = fallidos["correos"][0]["correo_id"]
        notif.get(f"/api/notificaciones/correos/{correo_id}", headers=datos.operaciones())


def _ie(ie: dict) -> dict:
    return {"codigo_modular": ie["codigo_modular"], "anexo": ie["anexo"]}


def test_ninguna_respuesta_del_flujo_usa_una_palabra_retirada(sistema_pg, respuestas):
    _flujo(sistema_pg)
    rutas = {ruta for ruta, _ in respuestas}
    assert len(rutas) >= 15, rutas  # the flow really ran through every service
    for servicio in ("solicitudes", "notificaciones", "verificacion", "notas"):
        assert any(r.startswith(f"/api/{servicio}/") for r in rutas), servicio
    faltas = [f"{ruta}: {f}" for ruta, cuerpo in respuestas for f in _faltas(cuerpo)]
    assert faltas == []
