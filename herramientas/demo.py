"""A demo school, student and request, driven through the public HTTP APIs like a frontend."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from shared.config import Config, puertos

IE = {
    "codigo_modular": "0584714",
    "anexo": "0",
    "nombre": "AUGUSTO B. LEGUIA",
    "estado": "ACTIVA",
    "codigo_ugel": "150103",
    "nombre_ugel": "UGEL 03 BREÑA",
    "nombre_dre": "DRE LIMA METROPOLITANA",
    "modalidad": "EBR",
    "niveles": ["SECUNDARIA"],
    "ubigeo": "150105",
    "departamento": "LIMA",
    "provincia": "LIMA",
    "distrito": "BREÑA",
}
ESTUDIANTE = {
    "tipo_documento": "DNI",
    "numero_documento": "72527431",
    "nombres": "VANESSA DEL PILAR",
    "primer_apellido": "FLORES",
    "segundo_apellido": "LIZANA",
    "fecha_nacimiento": "2003-05-14",
    "pais": "PERÚ",
}
AREAS_DCN = [
    "MATEMÁTICA",
    "COMUNICACIÓN",
    "INGLÉS",
    "ARTE",
    "HISTORIA, GEOGRAFÍA Y ECONOMÍA",
    "FORMACIÓN CIUDADANA Y CÍVICA",
    "PERSONA, FAMILIA Y RELACIONES HUMANAS",
    "EDUCACIÓN FÍSICA",
    "EDUCACIÓN RELIGIOSA",
    "CIENCIA, TECNOLOGÍA Y AMBIENTE",
    "EDUCACIÓN PARA EL TRABAJO",
]
GRADOS = [
    ("PRIMERO", 2016),
    ("SEGUNDO", 2017),
    ("TERCERO", 2018),
    ("CUARTO", 2019),
    ("QUINTO", 2020),
]


# The demo staff, one per role; the director is the seed's, of the demo IE.
CUENTAS = (
    {
        "usuario": "41234567",
        "nombres": "LOURDES HAYDEE",
        "apellidos": "PALACIOS PONCE",
        "correo": "lourdes.palacios@example.pe",
        "rol": "DIRECTOR_IE",
        "codigo_modular": IE["codigo_modular"],
        "anexo": IE["anexo"],
        "niveles": ("SECUNDARIA",),
    },
    {
        "usuario": "42345678",
        "nombres": "CARLOS ALBERTO",
        "apellidos": "RAMOS QUISPE",
        "correo": "carlos.ramos@example.pe",
        "rol": "ESPECIALISTA_UGEL",
        "codigo_ugel": IE["codigo_ugel"],
    },
    {
        "usuario": "43456789",
        "nombres": "ANA MARÍA",
        "apellidos": "TORRES VEGA",
        "correo": "ana.torres@example.pe",
        "rol": "OACIGED",
    },
    {
        "usuario": "44567890",
        "nombres": "JORGE LUIS",
        "apellidos": "MENDOZA RÍOS",
        "correo": "jorge.mendoza@example.pe",
        "rol": "OPERACIONES",
    },
)


@dataclass
class Urls:
    solicitudes: str
    notas: str
    verificacion: str
    cuentas: str = ""

    @classmethod
    def locales(cls, base: int = 8000) -> Urls:
        p = puertos(base)
        return cls(
            f"http://127.0.0.1:{p['solicitudes']}",
            f"http://127.0.0.1:{p['notas']}",
            f"http://127.0.0.1:{p['verificacion']}",
            f"http://127.0.0.1:{p['cuentas']}",
        )


@dataclass(frozen=True)
class CuentaDemo:
    rol: str
    usuario: str
    clave: str
    totp_secreto: str | None = None


def crear_cuentas(config: Config) -> dict[str, CuentaDemo]:
    """The demo accounts in cuentas (a fresh password, and TOTP secret, on every run)."""
    import secrets

    from services.cuentas.entrypoints.cli import crear_cuenta, restablecer_credenciales
    from shared.errores import Conflicto

    cuentas = {}
    for datos in CUENTAS:
        clave = "demo-" + secrets.token_urlsafe(9)
        try:
            secreto = crear_cuenta(config, dict(datos), clave)["totp_secreto"]
        except Conflicto:  # a second `make run` on the same var/
            secreto = restablecer_credenciales(config, datos["usuario"], clave)
        cuentas[datos["rol"]] = CuentaDemo(datos["rol"], datos["usuario"], clave, secreto)
    return cuentas


def usuario_demo(rol: str):
    """The demo account of ``rol`` as a token speaks of it."""
    from shared.auth import Usuario

    datos = next(c for c in CUENTAS if c["rol"] == rol)
    return Usuario(
        sub=datos["usuario"],
        rol=rol,
        codigo_modular=datos.get("codigo_modular"),
        anexo=datos.get("anexo"),
        codigo_ugel=datos.get("codigo_ugel"),
        nombre=f"{datos['apellidos']}, {datos['nombres']}",
        niveles=tuple(datos.get("niveles", ())),
    )


class FirmaLocal:
    """Tokens of the demo accounts signed with the cuentas key file, as `mc token` does: for
    tools and tests that run some services without cuentas (they must read its JWKS file)."""

    def __init__(self, config: Config):
        self.config = config

    def token(self, rol: str) -> str:
        from services.cuentas.entrypoints.cli import firmar_token

        return firmar_token(self.config, usuario_demo(rol))

    def cabecera(self, rol: str) -> dict:
        return {"Authorization": "Bearer " + self.token(rol)}


_pasos_usados: dict[str, int] = {}
_cerrojo_totp = threading.Lock()


def codigo_totp(secreto: str) -> str:
    """A TOTP code cuentas has not accepted yet from this process.

    A code works once (cuentas keeps the last step used), and cuentas accepts the step before and
    after the current one: so the next unused step is taken, waiting only when even the next
    step's code was used already. Every sign-in of a demo or a test, by API or typed in a
    browser, takes its code here, so two sign-ins within 30 seconds do not refuse each other.
    """
    import pyotp

    totp = pyotp.TOTP(secreto)
    with _cerrojo_totp:
        while True:
            actual = int(time.time() // totp.interval)
            paso = max(actual, _pasos_usados.get(secreto, -1) + 1)
            if paso <= actual + 1:
                break
            time.sleep(totp.interval - time.time() % totp.interval + 0.05)
        _pasos_usados[secreto] = paso
        return totp.at(paso * totp.interval)


class Sesiones:
    """Access tokens of the demo accounts, by signing in to cuentas as the panel does."""

    def __init__(self, url_cuentas: str, cuentas: dict[str, CuentaDemo]):
        self.url = url_cuentas
        self.cuentas = cuentas
        self._tokens: dict[str, tuple[str, float]] = {}

    def token(self, rol: str) -> str:
        token, vence = self._tokens.get(rol, ("", 0.0))
        if time.monotonic() > vence - 60:
            token, segundos = self._iniciar(self.cuentas[rol])
            self._tokens[rol] = (token, time.monotonic() + segundos)
        return token

    def cabecera(self, rol: str) -> dict:
        return {"Authorization": "Bearer " + self.token(rol)}

    def _iniciar(self, cuenta: CuentaDemo) -> tuple[str, int]:
        cuerpo = {"usuario": cuenta.usuario, "clave": cuenta.clave}
        if cuenta.totp_secreto:
            cuerpo["codigo_totp"] = codigo_totp(cuenta.totp_secreto)
        r = requests.post(f"{self.url}/api/cuentas/sesiones", json=cuerpo, timeout=10)
        datos = _ok(r)
        return datos["access_token"], datos["expires_in"]


@dataclass
class ResultadoDemo:
    numero: int
    codigo_seguimiento: str
    codigo_virtual: str
    url_verificacion: str


def grados_demo() -> list[tuple[str, dict]]:
    """Five vigesimal secundaria grades (2016–2020), as the actas would hold them."""
    resultado = []
    for i, (grado, anio) in enumerate(GRADOS):
        calificaciones = [
            {"area": a, "tipo_area": "AREA", "calificacion": f"{12 + (i + j) % 8:02d}"}
            for j, a in enumerate(AREAS_DCN)
        ]
        calificaciones[8]["calificacion"] = "EXO"  # religion, exonerated at the family's request
        resultado.append(
            (
                grado,
                {
                    "modalidad": "EBR",
                    "anio_lectivo": anio,
                    "codigo_modular": IE["codigo_modular"],
                    "anexo": IE["anexo"],
                    "situacion_final": "APROBADO",
                    "calificaciones": calificaciones,
                },
            )
        )
    return resultado


def _esperar(condicion: Callable[[], object], que: str, limite: float = 90.0):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        time.sleep(0.3)
    raise TimeoutError(f"tiempo agotado esperando: {que}")


def _ok(respuesta: requests.Response, esperado: int = 200) -> dict:
    if respuesta.status_code != esperado:
        raise RuntimeError(
            f"{respuesta.request.method} {respuesta.url} → "
            f"{respuesta.status_code}: {respuesta.text[:500]}"
        )
    return respuesta.json()


def registrar_estudiante(urls: Urls, estudiante: dict, cabecera: dict) -> str:
    """Register the student in notas (the document in the body); returns their record's URL,
    which names notas' random id for them, never the document."""
    registro = _ok(
        requests.put(
            f"{urls.notas}/api/notas/estudiantes", json=estudiante, headers=cabecera, timeout=10
        )
    )
    return f"{urls.notas}/api/notas/estudiantes/{registro['estudiante']['id_estudiante']}"


def cargar_registro(urls: Urls, sesiones: Sesiones | FirmaLocal) -> None:
    """The ministry registers the IE; its director registers the student and five grades."""
    ops = sesiones.cabecera("OPERACIONES")
    director = sesiones.cabecera("DIRECTOR_IE")
    _ok(
        requests.post(f"{urls.notas}/api/notas/instituciones", json=IE, headers=ops, timeout=10),
        201,
    )
    ruta = registrar_estudiante(urls, ESTUDIANTE, director)
    for grado, datos in grados_demo():
        _ok(
            requests.put(
                f"{ruta}/grados/SECUNDARIA/{grado}",
                json=datos,
                headers=director,
                timeout=10,
            )
        )


def preparar_solicitudes(
    urls: Urls, sesiones: Sesiones | FirmaLocal, estudiantes: list[dict] | None = None
) -> None:
    """The students in the identity registry; once solicitudes knows the IE, its director
    turns «Habilitar solicitud» on (a newly registered IE starts with it off)."""
    ops = sesiones.cabecera("OPERACIONES")
    personas = [{k: e[k] for k in (*_CAMPOS_PERSONA, "pais")} for e in estudiantes or [ESTUDIANTE]]
    _ok(
        requests.put(
            f"{urls.solicitudes}/api/solicitudes/registro-identidad",
            json={"personas": personas},
            headers=ops,
            timeout=10,
        )
    )

    def conoce_la_ie():
        r = requests.get(
            f"{urls.solicitudes}/api/solicitudes/instituciones",
            params={"q": IE["codigo_modular"]},
            timeout=10,
        )
        return r.status_code == 200 and any(i["anexo"] == IE["anexo"] for i in r.json())

    _esperar(conoce_la_ie, "que solicitudes conozca la institución")
    _ok(
        requests.put(
            f"{urls.solicitudes}/api/solicitudes/configuracion/habilitar-solicitud",
            json={"habilitar_solicitud": True},
            headers=sesiones.cabecera("DIRECTOR_IE"),
            timeout=10,
        )
    )


_CAMPOS_PERSONA = (
    "tipo_documento",
    "numero_documento",
    "nombres",
    "primer_apellido",
    "segundo_apellido",
    "fecha_nacimiento",
)


def solicitar(urls: Urls, correo: str, estudiante: dict | None = None) -> dict:
    """The citizen's Solicitud WEB: terms, identity validation, then the request."""
    terminos = _ok(requests.get(f"{urls.solicitudes}/api/solicitudes/terminos", timeout=10))
    persona = {k: (estudiante or ESTUDIANTE)[k] for k in _CAMPOS_PERSONA}
    ie = {"codigo_modular": IE["codigo_modular"], "anexo": IE["anexo"]}
    _ok(
        requests.post(
            f"{urls.solicitudes}/api/solicitudes/validaciones",
            json={**persona, **ie, "tipo_persona": "ESTUDIANTE"},
            timeout=10,
        )
    )
    cuerpo = {
        **persona,
        **ie,
        "tipo_persona": "ESTUDIANTE",
        "nivel": "SECUNDARIA",
        "ultimo_anio": 2020,
        "ultimo_grado": "QUINTO",
        "motivo_solicitud": "CONTINUIDAD_ESTUDIOS",
        "correo": correo,
        "celular": "987654321",
        "acepta_terminos": True,
        "terminos_version": terminos["version"],
    }
    return _ok(
        requests.post(f"{urls.solicitudes}/api/solicitudes/solicitudes", json=cuerpo, timeout=10),
        201,
    )


def emitir(urls: Urls, sesiones: Sesiones | FirmaLocal, numero: int) -> None:
    """The director waits for complete data in the queue and orders emission."""
    director = sesiones.cabecera("DIRECTOR_IE")

    def completa():
        cola = _ok(
            requests.get(
                f"{urls.solicitudes}/api/solicitudes/pendientes",
                params={"por_pagina": 100},
                headers=director,
                timeout=10,
            )
        )
        fila = next((s for s in cola["solicitudes"] if s["numero_solicitud"] == numero), None)
        return fila and fila["completitud"] == "INFORMACIÓN COMPLETA"

    _esperar(completa, "INFORMACIÓN COMPLETA en la cola del director")
    _ok(
        requests.post(
            f"{urls.solicitudes}/api/solicitudes/emisiones",
            json={"numeros_solicitud": [numero]},
            headers=director,
            timeout=10,
        ),
        202,
    )


def esperar_emitida(urls: Urls, codigo_seguimiento: str, limite: float = 120.0) -> dict:
    """Follow the request with its tracking code until EMITIDA (ERROR stops at once)."""

    def emitida():
        r = _ok(
            requests.get(
                f"{urls.solicitudes}/api/solicitudes/seguimiento/{codigo_seguimiento}", timeout=10
            )
        )
        if r["estado"] == "ERROR":
            raise RuntimeError(f"la emisión falló: {r['detalle']}")
        return r if r["estado"] == "EMITIDA" else None

    return _esperar(emitida, "el estado EMITIDA", limite)


def ejecutar(urls: Urls, sesiones: Sesiones | FirmaLocal, correo: str) -> ResultadoDemo:
    """The whole demo: registry, request, emission order, certificate issued."""
    cargar_registro(urls, sesiones)
    preparar_solicitudes(urls, sesiones)
    solicitud = solicitar(urls, correo)
    emitir(urls, sesiones, solicitud["numero_solicitud"])
    seguimiento = esperar_emitida(urls, solicitud["codigo_seguimiento"])
    return ResultadoDemo(
        solicitud["numero_solicitud"],
        solicitud["codigo_seguimiento"],
        seguimiento["codigo_virtual"],
        seguimiento["url_verificacion"],
    )
