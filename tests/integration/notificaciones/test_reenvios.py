"""Resends by a director and replays by operations, on PostgreSQL and a real SMTP server."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest

from tests.integration import datos
from tests.integration.notificaciones.conftest import solicitud_registrada

pytestmark = pytest.mark.integration
API = "/api/notificaciones"


def _ie(payload: dict) -> dict:
    return {"codigo_modular": payload["codigo_modular"], "anexo": payload["anexo"]}


def _fallidos(sistema, **filtros) -> dict:
    r = sistema.clientes["notificaciones"].get(
        f"{API}/fallidos", query_string=filtros, headers=datos.operaciones()
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _historial(sistema, correo_id: int) -> dict:
    return (
        sistema.clientes["notificaciones"]
        .get(f"{API}/correos/{correo_id}", headers=datos.operaciones())
        .get_json()
    )


def _fallar_con_550(sistema, **cambios) -> tuple[dict, dict]:
    """An acuse whose recipient the server refuses for good: (its payload, its failed row)."""
    payload = solicitud_registrada(**cambios)
    sistema.smtp.buzon.rechazar.add(payload["correo"])
    assert sistema.notificar("SolicitudRegistrada", payload) == "procesado"
    filas = _fallidos(sistema, codigo_modular=payload["codigo_modular"])["correos"]
    [fila] = [f for f in filas if f["solicitud"] == payload["solicitud_id"]]
    return payload, fila


def test_un_director_reenvia_a_un_correo_alternativo_y_el_de_otra_ie_no_puede(sistema_correo):
    payload = solicitud_registrada()
    assert sistema_correo.notificar("SolicitudRegistrada", payload) == "procesado"
    notif, numero = sistema_correo.clientes["notificaciones"], payload["solicitud_id"]
    otra_ie = datos.director(datos.institucion())

    r = notif.post(f"{API}/solicitudes/{numero}/reenvios", json={}, headers=otra_ie)
    assert r.status_code == 403
    assert r.get_json()["error"]["mensaje"] == (
        f"No puede reenviar correos de la solicitud N.° {numero:08d}: "
        "pertenece a otra institución educativa."
    )
    assert notif.get(f"{API}/solicitudes/{numero}/correo", headers=otra_ie).status_code == 403

    suyo = datos.director(_ie(payload))
    dialogo = notif.get(f"{API}/solicitudes/{numero}/correo", headers=suyo).get_json()
    assert dialogo["correo"] == payload["correo"]  # the dialog shows the registered address
    assert dialogo["estudiante"] == "HUAMÁN CCAHUA, ROSA ELENA"
    assert dialogo["plantilla"] == "solicitud_registrada"

    r = notif.post(
        f"{API}/solicitudes/{numero}/reenvios", json={"correo_alternativo": "rosa@"}, headers=suyo
    )
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"] == {
        "correo_alternativo": ["No es un correo electrónico válido."]
    }

    alternativo = f"Rosa.Alterna.{numero}@Example.PE"
    r = notif.post(
        f"{API}/solicitudes/{numero}/reenvios",
        json={"correo_alternativo": alternativo},
        headers=suyo,
    )
    assert r.status_code == 202, r.get_json()
    assert r.get_json()["mensaje"] == "El correo se enviará a r***@example.pe."
    r2 = notif.post(
        f"{API}/solicitudes/{numero}/reenvios",
        json={"correo_alternativo": alternativo},
        headers=suyo,
    )
    assert r2.status_code == 409  # a double click queues one resend
    sistema_correo.trabajar()

    [reenviado] = sistema_correo.smtp.correos(para=alternativo.lower())
    assert reenviado["Subject"].startswith("Solicitud de Certificado de Estudios recibida")
    assert len(sistema_correo.smtp.correos(para=payload["correo"])) == 1  # not resent there
    correos = notif.get(f"{API}/solicitudes/{numero}/correo", headers=suyo).get_json()["correos"]
    assert [(c["tipo_destinatario"], c["origen"], c["estado"]) for c in correos] == [
        ("SOLICITANTE", "EVENTO", "ENVIADO"),
        ("ALTERNATIVO", "REENVIO", "ENVIADO"),
    ]

    r = notif.post(f"{API}/solicitudes/{numero}/reenvios", json={}, headers=suyo)
    assert r.status_code == 202  # to the registered address this time
    sistema_correo.trabajar()
    assert len(sistema_correo.smtp.correos(para=payload["correo"])) == 2


def test_un_550_falla_se_lista_y_se_reenvia_a_un_correo_alternativo(sistema_correo):
    payload, fila = _fallar_con_550(sistema_correo)
    assert fila["estado"] == "FALLIDO" and fila["intentos"] == 1  # a 550 is not retried
    assert fila["destinatario"] == "r***@example.pe"
    assert fila["motivo"].startswith("destinatario rechazado: 550 5.1.1")
    assert fila["institucion"] == f"{payload['codigo_modular']}-0"

    ie, hoy = payload["codigo_modular"], date.today()
    assert _fallidos(sistema_correo, codigo_modular=ie, motivo="550")["total"] == 1
    assert _fallidos(sistema_correo, codigo_modular=ie, motivo="reintentos")["total"] == 0
    assert (
        _fallidos(sistema_correo, codigo_modular=ie, desde=str(hoy - timedelta(days=1)))["total"]
        == 1
    )
    assert (
        _fallidos(sistema_correo, codigo_modular=ie, desde=str(hoy + timedelta(days=2)))["total"]
        == 0
    )
    assert _fallidos(sistema_correo, codigo_modular=ie, anexo="1")["total"] == 0
    r = sistema_correo.clientes["notificaciones"].get(
        f"{API}/fallidos", headers=datos.director(_ie(payload))
    )
    assert r.status_code == 403

    notif = sistema_correo.clientes["notificaciones"]
    alternativo = f"nueva.{payload['solicitud_id']}@correo.pe"
    r = notif.post(
        f"{API}/fallidos/{fila['id']}/reenvio",
        json={"correo_alternativo": alternativo},
        headers=datos.operaciones(),
    )
    assert r.status_code == 202, r.get_json()
    assert r.get_json()["estado"] == "REENVIANDO"
    assert _fallidos(sistema_correo, codigo_modular=ie)["total"] == 0  # no longer failed
    sistema_correo.trabajar()

    [llegado] = sistema_correo.smtp.correos(para=alternativo)
    assert payload["codigo_seguimiento"][:4] in llegado["Subject"]
    detalle = _historial(sistema_correo, fila["id"])
    assert detalle["estado"] == "ENVIADO"
    assert [(i["intento"], i["destinatario"], i["resultado"]) for i in detalle["historial"]] == [
        (1, "r***@example.pe", "ERROR_PERMANENTE"),
        (2, "n***@correo.pe", "ENVIADO"),
    ]
    assert detalle["destinatario"] == "n***@correo.pe"


def test_un_reenvio_pedido_dos_veces_envia_una_sola_vez(sistema_correo):
    payload, fila = _fallar_con_550(sistema_correo)
    sistema_correo.smtp.buzon.rechazar.clear()  # the mailbox exists again
    notif = sistema_correo.apps["notificaciones"]
    respuestas = []

    def reenviar():
        cliente = notif.test_client()
        respuestas.append(
            cliente.post(
                f"{API}/fallidos/{fila['id']}/reenvio", json={}, headers=datos.operaciones()
            )
        )

    hilos = [threading.Thread(target=reenviar) for _ in range(2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(r.status_code for r in respuestas) == [202, 409]
    [conflicto] = [r for r in respuestas if r.status_code == 409]
    assert "no está fallido" in conflicto.get_json()["error"]["mensaje"]

    # The queue redelivers the task (a worker died after sending): still one email.
    sistema_correo.cola.lotes.append([fila["id"]])
    sistema_correo.trabajar()
    assert len(sistema_correo.smtp.correos(para=payload["correo"])) == 1
    assert _historial(sistema_correo, fila["id"])["intentos"] == 2


def test_reenvio_masivo_por_filtro_en_una_sola_conexion_smtp(sistema_correo):
    ie = {"codigo_modular": datos.institucion()["codigo_modular"], "anexo": "0"}
    filas = [_fallar_con_550(sistema_correo, ie=ie) for _ in range(3)]
    otro, _ = _fallar_con_550(sistema_correo)
    sistema_correo.smtp.buzon.rechazar.clear()

    r = sistema_correo.clientes["notificaciones"].post(
        f"{API}/fallidos/reenvios",
        json={"codigo_modular": ie["codigo_modular"], "motivo": "550"},
        headers=datos.operaciones(),
    )
    assert r.status_code == 202, r.get_json()
    assert r.get_json()["reenviados"] == 3
    antes = sistema_correo.smtp.buzon.conexiones
    sistema_correo.trabajar()
    assert sistema_correo.smtp.buzon.conexiones - antes == 1  # three emails, one connection
    for payload, _ in filas:
        assert len(sistema_correo.smtp.correos(para=payload["correo"])) == 1
    assert _fallidos(sistema_correo, codigo_modular=otro["codigo_modular"])["total"] == 1

    again = sistema_correo.clientes["notificaciones"].post(
        f"{API}/fallidos/reenvios",
        json={"codigo_modular": ie["codigo_modular"]},
        headers=datos.operaciones(),
    )
    assert again.get_json()["reenviados"] == 0


def test_un_4xx_se_reintenta_en_el_worker_y_al_agotar_queda_fallido(sistema_correo):
    payload, fila = _fallar_con_550(sistema_correo)
    sistema_correo.smtp.buzon.rechazar.clear()
    notif = sistema_correo.clientes["notificaciones"]

    sistema_correo.smtp.buzon.fallar = 2  # "451 try later" twice, then accepted
    notif.post(f"{API}/fallidos/{fila['id']}/reenvio", json={}, headers=datos.operaciones())
    sistema_correo.trabajar()
    for _ in range(2):  # the sweeper queues each retry when it is due
        time.sleep(0.05)
        assert sistema_correo.barrer() >= 1
        sistema_correo.trabajar()
    detalle = _historial(sistema_correo, fila["id"])
    assert detalle["estado"] == "ENVIADO"
    assert [i["resultado"] for i in detalle["historial"]] == [
        "ERROR_PERMANENTE",
        "ERROR_TRANSITORIO",
        "ERROR_TRANSITORIO",
        "ENVIADO",
    ]
    assert detalle["historial"][1]["detalle"].startswith("el servidor SMTP respondió 451")
    assert len(sistema_correo.smtp.correos(para=payload["correo"])) == 1

    otro, fila = _fallar_con_550(sistema_correo)
    sistema_correo.smtp.buzon.rechazar.clear()
    sistema_correo.smtp.buzon.fallar = 100
    notif.post(f"{API}/fallidos/{fila['id']}/reenvio", json={}, headers=datos.operaciones())
    sistema_correo.trabajar()
    time.sleep(0.05)
    sistema_correo.barrer()
    sistema_correo.trabajar()
    sistema_correo.vencer_plazos()  # still 451 when its deadline passes
    sistema_correo.barrer()
    sistema_correo.trabajar()
    sistema_correo.smtp.buzon.fallar = 0
    [de_nuevo] = _fallidos(sistema_correo, codigo_modular=otro["codigo_modular"])["correos"]
    assert de_nuevo["motivo"].startswith(
        "plazo de reintentos agotado (3 intentos): el servidor SMTP respondió 451"
    )
    assert de_nuevo["intentos"] == 1 + 3
    assert sistema_correo.smtp.correos(para=otro["correo"]) == []


def test_con_el_broker_caido_nada_queda_a_medias(sistema_correo):
    payload, fila = _fallar_con_550(sistema_correo)
    sistema_correo.cola.caida = True
    notif = sistema_correo.clientes["notificaciones"]
    r = notif.post(
        f"{API}/fallidos/{fila['id']}/reenvio",
        json={"correo_alternativo": "otra@example.pe"},
        headers=datos.operaciones(),
    )
    assert r.status_code == 503
    assert r.get_json()["error"]["codigo"] == "servicio_no_disponible"
    [sigue] = _fallidos(sistema_correo, codigo_modular=payload["codigo_modular"])["correos"]
    assert sigue["id"] == fila["id"] and sigue["destinatario"] == "r***@example.pe"

    numero = payload["solicitud_id"]
    r = notif.post(
        f"{API}/solicitudes/{numero}/reenvios", json={}, headers=datos.director(_ie(payload))
    )
    assert r.status_code == 503
    dialogo = notif.get(
        f"{API}/solicitudes/{numero}/correo", headers=datos.director(_ie(payload))
    ).get_json()
    assert len(dialogo["correos"]) == 1  # the resend that could not be queued was undone

    sistema_correo.cola.caida = False
    r = notif.post(f"{API}/fallidos/{fila['id']}/reenvio", json={}, headers=datos.operaciones())
    assert r.status_code == 202  # and it can be replayed once the broker is back


def test_pedidos_invalidos_responden_en_castellano(sistema_correo):
    notif = sistema_correo.clientes["notificaciones"]
    r = notif.get(
        f"{API}/fallidos",
        query_string={"desde": "2025-02-01", "hasta": "2025-01-01", "anexo": "1"},
        headers=datos.operaciones(),
    )
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"] == {
        "hasta": ["La fecha «hasta» es anterior a «desde»."],
        "codigo_modular": ["Indique también el código modular."],
    }
    r = notif.post(
        f"{API}/fallidos/999999999/reenvio",
        json={"correo_alternativo": "josé@example.pe"},
        headers=datos.operaciones(),
    )
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"] == {
        "correo_alternativo": [
            "El correo no puede llevar tildes, ñ ni otros caracteres especiales: no se le "
            "podría entregar. Escriba la dirección sin ellos o use otra."
        ]
    }
    r = notif.post(f"{API}/fallidos/999999999/reenvio", json={}, headers=datos.operaciones())
    assert r.status_code == 404
    assert r.get_json()["error"]["mensaje"] == "No existe el correo 999999999."
    r = notif.post(f"{API}/solicitudes/999999999/reenvios", json={}, headers=datos.operaciones())
    assert r.status_code == 403  # operations replay failed mail; resending is the director's
    r = notif.post(f"{API}/fallidos/reenvios", json={"limite": 0}, headers=datos.operaciones())
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"] == {"limite": ["De 1 a 5000 correos por pedido."]}


def test_openapi_documenta_reenvios_y_fallidos(sistema_correo):
    doc = sistema_correo.clientes["notificaciones"].get(f"{API}/openapi.json").get_json()
    for ruta in (
        "/api/notificaciones/solicitudes/{numero}/correo",
        "/api/notificaciones/solicitudes/{numero}/reenvios",
        "/api/notificaciones/fallidos",
        "/api/notificaciones/fallidos/{correo_id}/reenvio",
        "/api/notificaciones/fallidos/reenvios",
        "/api/notificaciones/correos/{correo_id}",
    ):
        assert ruta in doc["paths"], ruta
    assert "correo_alternativo" in doc["components"]["schemas"]["ReenvioEsquema"]["properties"]
