"""EBA students request and get their certificate: ciclo avanzado end to end (issue 10, #8)."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from tests.integration import datos
from tests.integration.verificacion.conftest import pdf_de_emision

pytestmark = pytest.mark.integration
AVANZADO = "CICLO AVANZADO"
AREAS = ("MATEMÁTICA", "COMUNICACIÓN", "CIENCIA, AMBIENTE Y SALUD", "EDUCACIÓN PARA EL TRABAJO")


def _grados_eba(ie: dict) -> list[tuple[str, dict]]:
    """Four vigesimal grades of the ciclo avanzado (2005–2008) at ``ie``."""
    return [
        (
            grado,
            {
                "modalidad": "EBA",
                "anio_lectivo": 2005 + i,
                "codigo_modular": ie["codigo_modular"],
                "anexo": ie["anexo"],
                "situacion_final": "APROBADO",
                "calificaciones": [
                    {"area": a, "tipo_area": "AREA", "calificacion": f"{13 + i:02d}"} for a in AREAS
                ],
            },
        )
        for i, grado in enumerate(("PRIMERO", "SEGUNDO", "TERCERO", "CUARTO"))
    ]


def _registrar_estudiante_eba(sistema, ie: dict, est: dict) -> None:
    notas = sistema.clientes["notas"]
    datos.registrar_ie(sistema, ie)
    datos.registrar_identidad(sistema, est)
    r = notas.put("/api/notas/estudiantes", json=est, headers=datos.director(ie))
    assert r.status_code == 200, r.get_json()
    ruta = datos.ruta_estudiante(notas, est)
    for grado, cuerpo in _grados_eba(ie):
        r = notas.put(
            f"{ruta}/grados/{quote(AVANZADO)}/{grado}",
            json=cuerpo,
            headers=datos.director(ie),
        )
        assert r.status_code == 200, r.get_json()
    sistema.entregar()


def test_solicitud_eba_avanzado_de_punta_a_punta(sistema_pg):
    ie = datos.institucion(
        nombre="CEBA JOSÉ CARLOS MARIÁTEGUI", modalidad="EBA", niveles=[AVANZADO]
    )
    est = datos.estudiante(fecha_nacimiento="1985-06-15")
    _registrar_estudiante_eba(sistema_pg, ie, est)
    sol = sistema_pg.clientes["solicitudes"]

    catalogos = sol.get("/api/solicitudes/catalogos").get_json()
    assert AVANZADO in catalogos["niveles"]
    assert catalogos["grados_por_nivel"][AVANZADO] == ["PRIMERO", "SEGUNDO", "TERCERO", "CUARTO"]

    r = sol.post(
        "/api/solicitudes/solicitudes",
        json=datos.solicitud(ie, est, nivel=AVANZADO, ultimo_grado="QUINTO", ultimo_anio=2008),
    )
    assert r.status_code == 422
    assert r.get_json()["error"]["campos"]["ultimo_grado"] == [
        "El nivel CICLO AVANZADO tiene los grados PRIMERO a CUARTO."
    ]

    r = sol.post(
        "/api/solicitudes/solicitudes",
        json=datos.solicitud(ie, est, nivel=AVANZADO, ultimo_grado="CUARTO", ultimo_anio=2008),
    )
    assert r.status_code == 201, r.get_json()
    creada = r.get_json()
    assert creada["ruta"] == "IE"
    sistema_pg.entregar()

    pendientes = sol.get("/api/solicitudes/pendientes", headers=datos.director(ie)).get_json()
    [fila] = [
        f for f in pendientes["solicitudes"] if f["numero_solicitud"] == creada["numero_solicitud"]
    ]
    assert fila["nivel"] == AVANZADO
    assert fila["completitud"] == "INFORMACIÓN COMPLETA"

    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=datos.director(ie),
    )
    assert r.status_code == 202, r.get_json()
    sistema_pg.entregar()
    estado = sol.get(f"/api/solicitudes/seguimiento/{creada['codigo_seguimiento']}").get_json()
    assert estado["estado"] == "EMITIDA", estado

    pdf = pdf_de_emision(sistema_pg, estado["codigo_virtual"], est["numero_documento"])
    texto = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "EDUCACIÓN BÁSICA ALTERNATIVA" in texto
    assert "CICLO AVANZADO" in texto
    assert "NIVEL DE EDUCACIÓN" not in texto
    assert (
        "ha concluido estudios correspondiente(s) a CUARTO grado del Ciclo Avanzado de "
        "Educación Básica Alternativa, en la institución educativa CEBA JOSÉ CARLOS MARIÁTEGUI"
    ) in texto
    assert "CIENCIA, AMBIENTE Y SALUD" in texto

    verificado = (
        sistema_pg.clientes["verificacion"]
        .get(f"/api/verificacion/certificados/{estado['codigo_virtual']}")
        .get_json()
    )
    assert verificado["estado"] == "VIGENTE", verificado
    assert verificado["modalidad"] == "EBA" and verificado["nivel"] == AVANZADO
