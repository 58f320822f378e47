"""Builders of realistic request bodies, with unique ids so tests can share a database."""

from __future__ import annotations

from herramientas.demo import grados_demo
from services.cuentas.entrypoints.cli import firmar_token
from services.solicitudes.domain.terminos import VERSION as VERSION_TERMINOS
from shared.auth import Usuario
from shared.config import Config
from tests import claves_prueba
from tests.conftest import codigo_modular_unico, dni_unico


def token(usuario: Usuario, segundos: int = 900) -> str:
    """An access token as cuentas issues it, signed with this run's test key (EdDSA)."""
    config = Config.desde_entorno("cuentas", claves_prueba.entorno())
    return firmar_token(config, usuario, segundos)


def cabecera(usuario: Usuario) -> dict:
    return {"Authorization": "Bearer " + token(usuario)}


def operaciones() -> dict:
    return cabecera(Usuario("ops-1", "OPERACIONES"))


def ruta_estudiante(notas, est: dict, resto: str = "") -> str:
    """notas' URL of a student: its random id (looked up by document in a body), never the
    document itself."""
    documento = {k: est[k] for k in ("tipo_documento", "numero_documento")}
    r = notas.post("/api/notas/estudiantes/consulta", json=documento, headers=operaciones())
    assert r.status_code == 200, r.get_json()
    return f"/api/notas/estudiantes/{r.get_json()['estudiante']['id_estudiante']}{resto}"


def director(ie: dict) -> dict:
    return cabecera(
        Usuario(
            f"dir-{ie['codigo_modular']}",
            "DIRECTOR_IE",
            codigo_modular=ie["codigo_modular"],
            anexo=ie["anexo"],
        )
    )


def especialista(codigo_ugel: str) -> dict:
    return cabecera(Usuario(f"esp-{codigo_ugel}", "ESPECIALISTA_UGEL", codigo_ugel=codigo_ugel))


def oaciged() -> dict:
    return cabecera(Usuario("oaciged-1", "OACIGED"))


def institucion(**cambios) -> dict:
    ie = {
        "codigo_modular": codigo_modular_unico(),
        "anexo": "0",
        "nombre": "I.E. JOSÉ MARÍA ARGUEDAS",
        "estado": "ACTIVA",
        "codigo_ugel": "150101",
        "nombre_ugel": "UGEL 01 SAN JUAN DE MIRAFLORES",
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
            "motivo_solicitud": "CONTINUIDAD_ESTUDIOS",
            "correo": "maria.quispe@example.pe",
            "celular": "987654321",
            "acepta_terminos": True,
            "terminos_version": VERSION_TERMINOS,
        }
    )
    s.update(cambios)
    return s


_CAMPOS_PERSONA = (
    "tipo_documento",
    "numero_documento",
    "nombres",
    "primer_apellido",
    "segundo_apellido",
    "fecha_nacimiento",
)


def registrar_identidad(sistema, *personas: dict, vinculos=(), **extra) -> None:
    """Put persons (as the builders above make them) in the identity registry (RENIEC/…)."""
    cuerpo = {
        "personas": [{**{k: p[k] for k in _CAMPOS_PERSONA}, **extra} for p in personas],
        "vinculos": list(vinculos),
    }
    r = sistema.clientes["solicitudes"].put(
        "/api/solicitudes/registro-identidad", json=cuerpo, headers=operaciones()
    )
    assert r.status_code == 200, r.get_json()


def habilitar(sistema, ie: dict, habilitado: bool = True) -> None:
    """The IE's director (its UGEL if it closed) turns «Habilitar solicitud» on; new IEs
    start with it off."""
    cerrada = ie["estado"] == "CERRADA"
    r = sistema.clientes["solicitudes"].put(
        "/api/solicitudes/configuracion/habilitar-solicitud",
        json={
            "habilitar_solicitud": habilitado,
            "codigo_modular": ie["codigo_modular"],
            "anexo": ie["anexo"],
        },
        headers=especialista(ie["codigo_ugel"]) if cerrada else director(ie),
    )
    assert r.status_code == 200, r.get_json()


def registrar_ie(sistema, ie: dict, habilitada: bool = True) -> None:
    """The IE in notas' padrón, its copy in solicitudes, web requests enabled."""
    r = sistema.clientes["notas"].post("/api/notas/instituciones", json=ie, headers=operaciones())
    assert r.status_code == 201, r.get_json()
    sistema.entregar()
    if habilitada:
        habilitar(sistema, ie)


def registrar_todo(sistema, ie: dict, est: dict, completos: bool = True) -> None:
    """IE in the padrón (web requests enabled), the student in the identity registry and in
    notas with their grades, events delivered."""
    registrar_ie(sistema, ie)
    registrar_estudiante(sistema, ie, est, completos)


def registrar_estudiante(sistema, ie: dict, est: dict, completos: bool = True) -> None:
    """A student of ``ie`` (already registered) in the identity registry and in notas with
    their five grades (QUINTO without situación final unless ``completos``), events delivered."""
    notas = sistema.clientes["notas"]
    registrar_identidad(sistema, est)
    r = notas.put("/api/notas/estudiantes", json=est, headers=director(ie))
    assert r.status_code == 200, r.get_json()
    ruta = ruta_estudiante(notas, est)
    for grado, datos in grados(ie):
        if not completos and grado == "QUINTO":
            datos = {**datos, "situacion_final": None}
        r = notas.put(
            f"{ruta}/grados/SECUNDARIA/{grado}",
            json=datos,
            headers=director(ie),
        )
        assert r.status_code == 200, r.get_json()
    sistema.entregar()


def solicitar_y_ordenar(sistema, ie: dict, est: dict) -> dict:
    """File the student's request and have the IE's director order its emission (202); the
    request as filed. Events are not delivered: the caller decides when."""
    sol = sistema.clientes["solicitudes"]
    creada = sol.post("/api/solicitudes/solicitudes", json=solicitud(ie, est)).get_json()
    r = sol.post(
        "/api/solicitudes/emisiones",
        json={"numeros_solicitud": [creada["numero_solicitud"]]},
        headers=director(ie),
    )
    assert r.status_code == 202, r.get_json()
    return creada
