"""Argon2id password hashes (argon2-cffi) and TOTP codes (pyotp, RFC 6238)."""

from __future__ import annotations

import functools
import time

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

EMISOR_TOTP = "Mi Certificado"


class Contrasenas:
    """Hashes and checks passwords; an unknown user costs as much as a wrong password."""

    def __init__(self, hasher: PasswordHasher | None = None):
        self._hasher = hasher or PasswordHasher()  # Argon2id, RFC 9106 low-memory profile

    @functools.cached_property
    def _ficticio(self) -> str:
        """Checked when the user does not exist; made on first use, not at app start."""
        return self._hasher.hash("cuenta-inexistente")

    def hash(self, clave: str) -> str:
        return self._hasher.hash(clave)

    def verificar(self, hash_: str | None, clave: str) -> bool:
        try:
            return self._hasher.verify(hash_ or self._ficticio, clave) and hash_ is not None
        except (VerificationError, InvalidHashError):
            return False

    def necesita_rehash(self, hash_: str) -> bool:
        return self._hasher.check_needs_rehash(hash_)


class Totp:
    """Time-based codes of 6 digits every 30 s; one step of clock drift either way."""

    def __init__(self, reloj=time.time):
        self._reloj = reloj

    @staticmethod
    def nuevo_secreto() -> str:
        return pyotp.random_base32()

    @staticmethod
    def uri(secreto: str, usuario: str) -> str:
        return pyotp.TOTP(secreto).provisioning_uri(name=usuario, issuer_name=EMISOR_TOTP)

    def paso_valido(self, secreto: str, codigo: str, ultimo_paso: int) -> int | None:
        """The time step of a valid code newer than ``ultimo_paso`` (a code works once)."""
        if not (codigo and codigo.isdigit() and len(codigo) == 6):
            return None
        totp = pyotp.TOTP(secreto)
        ahora = self._reloj()
        paso_actual = int(ahora // totp.interval)
        for paso in (paso_actual, paso_actual - 1, paso_actual + 1):
            if paso > ultimo_paso and pyotp.utils.strings_equal(
                totp.at(paso * totp.interval), codigo
            ):
                return paso
        return None
