"""Builders of realistic request bodies, with unique ids so tests can share a database."""

from __future__ import annotations

from shared.auth import Usuario, emitir_token
from shared.config import JWT_SECRET_DESARROLLO
from shared.demo import grados_demo
from tests.conftest import codigo_modular_unico, dni_unico


def cabecera(usuario: Usuario) -> dict:
    return {"Authorization": "Bearer " + emitir_token(JWT_SECRET_DESARROLLO, usuario)}


def operaciones() -> dict:
    return cabecera(Usuario("ops-1", "OPERACIONES"))


def director(ie: dict) -> dict:
    return cabecera(
        Usuario(
            f"dir-{ie['codigo_modular']}",
            "DIRECTOR_IE",
            codigo_modular=ie["codigo_modular"],
            anexo=ie["anexo"],
        )
    )


def institucion(**cambios) -> dict:
    ie = {
        "codigo_modular": codigo_modular_unico(),
        "anexo": "0",
        "nombre": "I.E. JOSÉ MARÍA ARGUEDAS",
        "estado": "ACTIVA",
        "ugel": "UGEL 01",
        "modalidad": "EBR",
        "niveles": ["SECUNDARIA"],
    }
    ie.update(cambios)
    return ie


def estudiante(**cambios) -> dict:
    e = {
        "tipo_documento": "DNI",
        "numero_documento": dni_unico(),
        "nombres": "MARÍA JOSÉ",
        "primer_apellido": "QUISPE",
        "segundo_apellido": "ÑAHUI",
        "fecha_nacimiento": "2002-03-04",
    }
    e.update(cambios)
    return e


def grados(ie: dict) -> list[tuple[str, dict]]:
    """Five complete vigesimal secundaria grades (2016–2020) at ``ie``."""
    resultado = []
    for grado, datos in grados_demo():
        resultado.append(
            (grado, {**datos, "codigo_modular": ie["codigo_modular"], "anexo": ie["anexo"]})
        )
    return resultado


def solicitud(ie: dict, est: dict, **cambios) -> dict:
    s = {
        k: est[k]
        for k in (
            "tipo_documento",
            "numero_documento",
            "nombres",
            "primer_apellido",
            "segundo_apellido",
            "fecha_nacimiento",
        )
    }
    s.update(
        {
            "codigo_modular": ie["codigo_modular"],
            "anexo": ie["anexo"],
            "nivel": "SECUNDARIA",
            "ultimo_anio": 2020,
            "ultimo_grado": "QUINTO",
            "motivo": "CONTINUIDAD_ESTUDIOS",
            "correo": "maria.quispe@example.pe",
            "celular": "987654321",
            "acepta_terminos": True,
        }
    )
    s.update(cambios)
    return s


def registrar_todo(sistema, ie: dict, est: dict, completos: bool = True) -> None:
    """IE in the padrón, the student and their grades in notas, events delivered."""
    notas = sistema.clientes["notas"]
    assert notas.post("/api/notas/instituciones", json=ie, headers=operaciones()).status_code == 201
    r = notas.put("/api/notas/estudiantes", json=est, headers=director(ie))
    assert r.status_code == 200, r.get_json()
    doc = f"{est['tipo_documento']}/{est['numero_documento']}"
    for grado, datos in grados(ie):
        if not completos and grado == "QUINTO":
            datos = {**datos, "situacion_final": None}
        r = notas.put(
            f"/api/notas/estudiantes/{doc}/grados/SECUNDARIA/{grado}",
            json=datos,
            headers=director(ie),
        )
        assert r.status_code == 200, r.get_json()
    sistema.entregar()
