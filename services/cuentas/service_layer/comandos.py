"""Commands of the cuentas service: what a person asks it to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IniciarSesion:
    usuario: str
    clave: str
    codigo_totp: str | None
    ip: str


@dataclass(frozen=True)
class RenovarSesion:
    token_renovacion: str
    ip: str


@dataclass(frozen=True)
class CerrarSesion:
    token_renovacion: str


@dataclass(frozen=True)
class CrearCuenta:
    usuario: str
    nombres: str
    apellidos: str
    correo: str
    rol: str
    codigo_modular: str | None = None
    anexo: str | None = None
    niveles: tuple[str, ...] = ()
    codigo_ugel: str | None = None


@dataclass(frozen=True)
class DesactivarCuenta:
    usuario: str
    motivo: str


@dataclass(frozen=True)
class ReactivarCuenta:
    usuario: str


@dataclass(frozen=True)
class CambiarClave:
    clave_actual: str
    clave_nueva: str


@dataclass(frozen=True)
class SolicitarRecuperacion:
    usuario: str
    ip: str


@dataclass(frozen=True)
class PrepararTotpConEnlace:
    token: str


@dataclass(frozen=True)
class EstablecerClave:
    token: str
    clave: str
    codigo_totp: str | None
    ip: str
