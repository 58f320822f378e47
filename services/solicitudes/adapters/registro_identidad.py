"""The identity registry as tables in solicitudes' own schema, loaded from CSV.

It stands in for RENIEC / Migraciones: another adapter (an HTTP client) can implement the same
``RegistroIdentidad.consultar`` without touching the rules that use it.
"""

from __future__ import annotations

from sqlalchemy import Engine, and_, delete, insert, or_, select

from services.solicitudes.adapters.orm import personas_registradas, vinculos_registrados
from services.solicitudes.domain.identidad import PersonaRegistrada, Representado


class RegistroIdentidadTabla:
    """RegistroIdentidad backed by personas_registradas and vinculos_registrados."""

    def __init__(self, engine: Engine):
        self._engine = engine

    def consultar(self, tipo_documento: str, numero_documento: str) -> PersonaRegistrada | None:
        """The registered person, with the minors they are parent or apoderado of."""
        p, v = personas_registradas, vinculos_registrados
        with self._engine.connect() as conn:
            fila = conn.execute(
                select(p).where(
                    p.c.tipo_documento == tipo_documento, p.c.numero_documento == numero_documento
                )
            ).first()
            if fila is None:
                return None
            vinculos = conn.execute(
                select(v).where(
                    v.c.apoderado_tipo_documento == tipo_documento,
                    v.c.apoderado_numero_documento == numero_documento,
                )
            ).all()
        return PersonaRegistrada(
            fila.tipo_documento,
            fila.numero_documento,
            fila.nombres,
            fila.primer_apellido,
            fila.segundo_apellido,
            fila.fecha_nacimiento,
            fila.pais,
            bool(fila.fallecido),
            tuple(Representado(x.tipo_documento, x.numero_documento, x.vinculo) for x in vinculos),
        )

    def guardar(
        self,
        personas: list[PersonaRegistrada],
        vinculos: list[tuple[str, str, Representado]],
    ) -> None:
        """Insert or replace persons and links, all in one transaction."""
        p, v = personas_registradas, vinculos_registrados
        with self._engine.begin() as conn:
            for lote in _lotes(personas):
                claves = [
                    and_(
                        p.c.tipo_documento == x.tipo_documento,
                        p.c.numero_documento == x.numero_documento,
                    )
                    for x in lote
                ]
                conn.execute(delete(p).where(or_(*claves)))
                conn.execute(insert(p), [_fila_persona(x) for x in lote])
            for lote in _lotes(vinculos):
                claves = [
                    and_(
                        v.c.apoderado_tipo_documento == tipo,
                        v.c.apoderado_numero_documento == numero,
                        v.c.tipo_documento == r.tipo_documento,
                        v.c.numero_documento == r.numero_documento,
                    )
                    for tipo, numero, r in lote
                ]
                conn.execute(delete(v).where(or_(*claves)))
                conn.execute(insert(v), [_fila_vinculo(*x) for x in lote])


def _lotes(filas: list, tamano: int = 500):
    for i in range(0, len(filas), tamano):
        yield filas[i : i + tamano]


def _fila_persona(x: PersonaRegistrada) -> dict:
    return {
        "tipo_documento": x.tipo_documento,
        "numero_documento": x.numero_documento,
        "nombres": x.nombres,
        "primer_apellido": x.primer_apellido,
        "segundo_apellido": x.segundo_apellido,
        "fecha_nacimiento": x.fecha_nacimiento,
        "pais": x.pais,
        "fallecido": x.fallecido,
    }


def _fila_vinculo(tipo: str, numero: str, r: Representado) -> dict:
    return {
        "apoderado_tipo_documento": tipo,
        "apoderado_numero_documento": numero,
        "tipo_documento": r.tipo_documento,
        "numero_documento": r.numero_documento,
        "vinculo": r.vinculo,
    }
