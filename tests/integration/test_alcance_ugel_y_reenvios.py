"""A UGEL specialist acts on the closed IEs of their UGEL only; whoever acts on a request may
resend its email (issue 10, defect 6)."""

from __future__ import annotations

import uuid

import pytest

from tests.integration import datos

pytestmark = pytest.mark.integration
SOL = "/api/solicitudes"
NOTIF = "/api/notificaciones"


def _consultas_de_ie(sistema, ie: dict, cabeceras: dict) -> list:
    """«Estudiantes actuales» and «Habilitar solicitud» of ``ie``, as the panel asks them."""
    sol = sistema.clientes["solicitudes"]
    filtro = {"codigo_modular": ie["codigo_modular"], "anexo": ie["anexo"]}
    return [
        sol.get(f"{SOL}/estudiantes-actuales", query_string=filtro, headers=cabeceras),
        sol.get(f"{SOL}/configuracion/habilitar-solicitud", query_string=filtro, headers=cabeceras),
    ]


def test_la_ugel_no_lee_estudiantes_ni_configuracion_de_una_ie_activa(sistema_pg):
    activa = datos.institucion(codigo_ugel="150103")
    cerrada = datos.institucion(codigo_ugel="150103", estado="CERRADA")
    for ie in (activa, cerrada):
        datos.registrar_todo(sistema_pg, ie, datos.estudiante())
    ugel = datos.especialista("150103")

    for r in _consultas_de_ie(sistema_pg, activa, ugel):
        assert r.status_code == 403, r.get_json()
        assert r.get_json()["error"]["mensaje"] == (
            f"La institución educativa {activa['codigo_modular']}-0 está activa: la atiende "
            "su director, no la UGEL."
        )
        assert "estudiantes" not in r.get_json()
    actuales, configuracion = _consultas_de_ie(sistema_pg, activa, datos.director(activa))
    assert actuales.status_code == 200 and actuales.get_json()["total"] == 1
    assert configuracion.status_code == 200

    actuales, configuracion = _consultas_de_ie(sistema_pg, cerrada, ugel)
    assert actuales.status_code == 200, actuales.get_json()
    assert actuales.get_json()["total"] == 1
    assert configuracion.get_json()["habilitar_solicitud"] is True
    for r in _consultas_de_ie(sistema_pg, cerrada, datos.especialista("150104")):
        assert r.status_code == 403


def _solicitar(sistema, ie: dict, **cambios) -> int:
    """A web request at ``ie``, its events delivered (notificaciones keeps its copy)."""
    est = datos.estudiante(fecha_nacimiento=cambios.pop("nacimiento", "2002-03-04"))
    datos.registrar_identidad(sistema, est)
    r = sistema.clientes["solicitudes"].post(
        f"{SOL}/solicitudes", json=datos.solicitud(ie, est, **cambios)
    )
    assert r.status_code == 201, r.get_json()
    sistema.entregar()
    return r.get_json()["numero_solicitud"]


def _reenvio(sistema, numero: int, cabeceras: dict):
    """The resend dialog and a resend to an address of its own (no resend «en curso» clash)."""
    notif = sistema.clientes["notificaciones"]
    dialogo = notif.get(f"{NOTIF}/solicitudes/{numero}/correo", headers=cabeceras)
    alternativo = f"alt.{uuid.uuid4().hex[:10]}@example.pe"
    r = notif.post(
        f"{NOTIF}/solicitudes/{numero}/reenvios",
        json={"correo_alternativo": alternativo},
        headers=cabeceras,
    )
    assert dialogo.status_code == (200 if r.status_code == 202 else 403), dialogo.get_json()
    return r


def test_reenvia_quien_atiende_la_solicitud(sistema_pg):
    activa = datos.institucion(codigo_ugel="150105")
    cerrada = datos.institucion(codigo_ugel="150105", estado="CERRADA")
    for ie in (activa, cerrada):
        datos.registrar_ie(sistema_pg, ie)
    de_cerrada = _solicitar(sistema_pg, cerrada)
    de_activa = _solicitar(sistema_pg, activa)
    hasta_1985 = _solicitar(sistema_pg, activa, nacimiento="1965-05-05", ultimo_anio=1982)
    consolidada = _solicitar(
        sistema_pg, activa, nacimiento="1968-05-05", primer_anio=1984, ultimo_anio=1988
    )
    ugel, otra_ugel = datos.especialista("150105"), datos.especialista("150106")
    oaciged, director = datos.oaciged(), datos.director(activa)

    permitidos = [
        (de_cerrada, ugel),
        (de_cerrada, datos.director(cerrada)),
        (de_activa, director),
        (hasta_1985, oaciged),
        (consolidada, oaciged),
        (consolidada, director),
    ]
    for numero, quien in permitidos:
        r = _reenvio(sistema_pg, numero, quien)
        assert r.status_code == 202, (numero, r.get_json())
        assert r.get_json()["plantilla"] == "solicitud_registrada"

    rechazados = [
        (de_cerrada, otra_ugel, "no es de una institución cerrada de su UGEL."),
        (de_cerrada, oaciged, "no la atiende la OACIGED (estudios posteriores a 1985)."),
        (de_activa, ugel, "no es de una institución cerrada de su UGEL."),
        (de_activa, oaciged, "no la atiende la OACIGED (estudios posteriores a 1985)."),
        (hasta_1985, ugel, "no es de una institución cerrada de su UGEL."),
        (de_activa, datos.director(cerrada), "pertenece a otra institución educativa."),
    ]
    for numero, quien, motivo in rechazados:
        r = _reenvio(sistema_pg, numero, quien)
        assert r.status_code == 403, (numero, r.get_json())
        assert r.get_json()["error"]["mensaje"] == (
            f"No puede reenviar correos de la solicitud N.° {numero:08d}: {motivo}"
        )


def test_si_la_ie_cierra_despues_su_ugel_reenvia(sistema_pg):
    ie = datos.institucion(codigo_ugel="150107")
    datos.registrar_ie(sistema_pg, ie)
    numero = _solicitar(sistema_pg, ie)
    ugel = datos.especialista("150107")
    assert _reenvio(sistema_pg, numero, ugel).status_code == 403

    r = sistema_pg.clientes["notas"].post(
        "/api/notas/instituciones", json={**ie, "estado": "CERRADA"}, headers=datos.operaciones()
    )
    assert r.status_code == 201, r.get_json()
    sistema_pg.entregar()
    assert _reenvio(sistema_pg, numero, ugel).status_code == 202


def test_la_ugel_lee_el_certificado_que_emitio_para_su_ie_cerrada(sistema_pg):
    """The UGEL issues for its closed IE and opens that PDF and content; another UGEL cannot."""
    cerrada = datos.institucion(codigo_ugel="150106", estado="CERRADA")
    est = datos.estudiante()
    datos.registrar_todo(sistema_pg, cerrada, est)
    sol, ugel = sistema_pg.clientes["solicitudes"], datos.especialista("150106")
    creada = sol.post(f"{SOL}/solicitudes", json=datos.solicitud(cerrada, est)).get_json()
    r = sol.post(
        f"{SOL}/emisiones", json={"numeros_solicitud": [creada["numero_solicitud"]]}, headers=ugel
    )
    assert r.status_code == 202, r.get_json()
    sistema_pg.entregar()
    seguimiento = sol.get(f"{SOL}/seguimiento/{creada['codigo_seguimiento']}").get_json()
    assert seguimiento["estado"] == "EMITIDA", seguimiento
    emision = sistema_pg.clientes["emision"]
    base = f"/api/emision/certificados/{seguimiento['codigo_virtual']}"
    pdf = emision.get(f"{base}/pdf", headers=ugel)
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    contenido = emision.get(f"{base}/contenido", headers=ugel)
    assert contenido.status_code == 200, contenido.get_json()
    for ruta in ("pdf", "contenido"):
        r = emision.get(f"{base}/{ruta}", headers=datos.especialista("150107"))
        assert r.status_code == 403, ruta
        assert r.get_json()["error"]["mensaje"].startswith(
            "Solo la UGEL de la institución educativa puede"
        )
