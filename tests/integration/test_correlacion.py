"""The correlation id travels from the first request through every event and email it causes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, select

from shared.db import tablas_infraestructura
from tests.integration import datos

CIUDADANO = "abc-123"  # the citizen's request, as a gateway would pass it on
DIRECTOR = "def-456"  # the director's order to issue, a request of its own


def _outbox_desde(sistema, desde: datetime) -> list[tuple[str, str, str]]:
    """(service, event type, correlation id) of every event written to an outbox since ``desde``."""
    o = tablas_infraestructura(MetaData())["outbox"]
    filas = []
    for servicio, app in sistema.apps.items():
        with app.extensions["mc"].engine.connect() as conn:
            consulta = select(o.c.type, o.c.sobre, o.c.creado_en).order_by(o.c.creado_en)
            for tipo, sobre, creado in conn.execute(consulta):
                creado = creado if creado.tzinfo else creado.replace(tzinfo=UTC)  # SQLite
                if creado >= desde:
                    filas.append((servicio, tipo, sobre["correlation_id"]))
    return filas


def test_el_id_de_la_primera_peticion_llega_a_cada_evento_y_correo(sistema):
    ie, est = datos.institucion(), datos.estudiante()
    datos.registrar_todo(sistema, ie, est)
    desde = datetime.now(UTC)
    sol = sistema.clientes["solicitudes"]

    r = sol.post(
        "/api/solicitudes/solicitudes",
        json=datos.solicitud(ie, est),
        headers={"X-Correlation-ID": CIUDADANO},
    )
    assert r.status_code == 201, r.get_json()
    assert r.headers["X-Correlation-ID"] == CIUDADANO
    numero = r.get_json()["numero_solicitud"]
    sistema.entregar()
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [numero]},
        headers={**datos.director(ie), "X-Correlation-ID": DIRECTOR},
    )
    assert r.status_code == 202, r.get_json()
    sistema.entregar()

    eventos = _outbox_desde(sistema, desde)
    assert sorted(eventos) == sorted(
        [
            ("solicitudes", "SolicitudRegistrada", CIUDADANO),
            ("notificaciones", "CorreoEnviado", CIUDADANO),  # the acuse de recibo
            ("solicitudes", "EmisionSolicitada", DIRECTOR),
            ("emision", "CertificadoEmitido", DIRECTOR),
            ("notificaciones", "CorreoEnviado", DIRECTOR),  # the certificate
        ]
    ), eventos
    correos = [m for m in sistema.correos() if m["To"] == "maria.quispe@example.pe"]
    por_asunto = {str(m["Subject"]): m["X-Correlation-ID"] for m in correos}
    [acuse] = [a for a in por_asunto if "recibida" in a]
    [certificado] = [a for a in por_asunto if a.startswith("Su Certificado Oficial")]
    assert (por_asunto[acuse], por_asunto[certificado]) == (CIUDADANO, DIRECTOR), por_asunto


def test_sin_cabecera_la_peticion_recibe_un_id_y_lo_devuelve(sistema_pg):
    sol = sistema_pg.clientes["solicitudes"]
    r = sol.get("/api/solicitudes/terminos")
    assert r.status_code == 200
    generado = r.headers["X-Correlation-ID"]
    assert len(generado) == 36 and r.headers["X-Request-ID"] == generado

    r = sol.get("/api/solicitudes/terminos", headers={"X-Request-ID": "nginx-0f3a9c"})
    assert r.headers["X-Request-ID"] == "nginx-0f3a9c"
    assert r.headers["X-Correlation-ID"] == "nginx-0f3a9c"  # the gateway's id starts the chain


def test_una_cabecera_de_correlacion_mal_formada_es_422_y_la_nombra(sistema_pg):
    r = sistema_pg.clientes["verificacion"].get(
        "/api/verificacion/claves", headers={"X-Correlation-ID": "abc\u00f1 123"}
    )
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert error["codigo"] == "datos_invalidos"
    assert "X-Correlation-ID" in error["campos"]
    assert "La cabecera X-Correlation-ID" in error["campos"]["X-Correlation-ID"][0]
    assert r.headers["X-Correlation-ID"] != "abc\u00f1 123"
