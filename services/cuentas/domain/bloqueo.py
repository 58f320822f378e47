"""Lockout after failed sign-ins, with backoff, without handing strangers a way to lock people out.

Three counters per attempt:
- CUENTA_IP (one account from one address): the brute force of one stranger. It locks only that
  address for that account, growing to an hour, so the director at school still signs in.
- IP (one address, any account): password spraying from one place.
- CUENTA (one account, every address): a distributed attack. It locks everybody out of that
  account, so its lock is short and capped (``TOPE_CUENTA``): a few minutes at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

CUENTA_IP = "CUENTA_IP"
IP = "IP"
CUENTA = "CUENTA"
TOPE_CUENTA = timedelta(minutes=5)
OLVIDO = timedelta(hours=1)  # failures this old, with no lock since, are forgotten


@dataclass(frozen=True)
class Politica:
    umbral: int  # failures before the first lock
    base: timedelta  # the first lock; each further failure doubles it
    tope: timedelta


POLITICAS = {
    CUENTA_IP: Politica(5, timedelta(minutes=1), timedelta(hours=1)),
    IP: Politica(30, timedelta(minutes=1), timedelta(hours=1)),
    CUENTA: Politica(20, timedelta(minutes=1), TOPE_CUENTA),
}


class Contador:
    """Consecutive failures of one kind and key, and the lock they caused."""

    def __init__(self, tipo: str, clave: str):
        self.tipo = tipo
        self.clave = clave
        self.fallos = 0
        self.ultimo_fallo: datetime | None = None
        self.bloqueado_hasta: datetime | None = None

    def espera(self, ahora: datetime) -> timedelta | None:
        """How long this counter still refuses attempts, or None."""
        if self.bloqueado_hasta is not None and ahora < self.bloqueado_hasta:
            return self.bloqueado_hasta - ahora
        return None

    def fallar(self, ahora: datetime) -> timedelta | None:
        """Count a failure; returns the new lock when this failure causes one."""
        politica = POLITICAS[self.tipo]
        if self.ultimo_fallo and ahora - self.ultimo_fallo > OLVIDO + (
            politica.tope if self.bloqueado_hasta else timedelta()
        ):
            self.fallos = 0
        self.fallos += 1
        self.ultimo_fallo = ahora
        if self.fallos < politica.umbral:
            return None
        exceso = min(self.fallos - politica.umbral, 20)
        duracion = min(politica.base * 2**exceso, politica.tope)
        self.bloqueado_hasta = ahora + duracion
        return duracion

    def reiniciar(self) -> None:
        self.fallos, self.ultimo_fallo, self.bloqueado_hasta = 0, None, None


def claves(usuario: str, ip: str) -> dict[str, str]:
    """The key of each counter an attempt on ``usuario`` from ``ip`` touches."""
    return {CUENTA_IP: f"{usuario}|{ip}", IP: ip, CUENTA: usuario}
