"""Repositories of the emision service."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, inspect, select, tuple_
from sqlalchemy.orm import Session

from services.emision.domain.modelo import VIGENTE, Certificado, RegistroLocal

PRECARGA = 1000  # keys per query when preloading a batch (as solicitudes' lotes)


@dataclass
class _Precarga:
    """What one batch's transaction read at once, and the certificates it has added since."""

    por_solicitud: dict[int, Certificado | None]  # None: no certificate when the batch began
    vigentes: dict[tuple[str, str, str], list[Certificado]]  # locked, as vigentes_de locks
    registros: list[RegistroLocal]  # held: session.get finds them in the identity map
    lista: tuple[int, int]  # lista_en_uso() when the batch began
    libres: dict[int, list[int]] = field(default_factory=dict)  # free positions, checked at once
    nuevos: list[Certificado] = field(default_factory=list)


def _en_sesion(objeto) -> bool:
    """Still part of the transaction: one added in a savepoint that was undone is not."""
    estado = inspect(objeto)
    return estado.persistent or estado.pending


def _trozos(claves: list) -> list[list]:
    # In slices: PostgreSQL expands a row-value IN into a chain that outgrows its stack
    # (max_stack_depth) at about 10,000 tuples.
    return [claves[i : i + PRECARGA] for i in range(0, len(claves), PRECARGA)]


class RepositorioEmision:
    def __init__(self, session: Session):
        self.session = session
        self._precarga: _Precarga | None = None

    def precargar(self, pedidos: list[tuple[int, str, str, str]]) -> None:
        """For a batch of orders (numero_solicitud, tipo, número, nivel): their certificates,
        their students' current ones (locked) and records, and the status list in use, in one
        query per kind. ``certificado_de_solicitud``, ``vigentes_de``, ``registro`` and
        ``lista_en_uso`` then answer from here, as they would have from the database.
        """
        numeros = sorted({p[0] for p in pedidos})
        estudiantes = sorted({p[1:] for p in pedidos})
        por_solicitud: dict[int, Certificado | None] = dict.fromkeys(numeros)
        for trozo in _trozos(numeros):
            consulta = select(Certificado).where(Certificado.numero_solicitud.in_(trozo))
            for cert in self.session.scalars(consulta):
                por_solicitud[cert.numero_solicitud] = cert
        vigentes: dict[tuple[str, str, str], list[Certificado]] = {e: [] for e in estudiantes}
        c, r = Certificado, RegistroLocal
        de_cert = tuple_(c.tipo_documento, c.numero_documento, c.nivel)
        de_registro = tuple_(r.tipo_documento, r.numero_documento, r.nivel)
        registros: list[RegistroLocal] = []
        for trozo in _trozos(estudiantes):
            consulta = (
                select(Certificado)
                .where(de_cert.in_(trozo), Certificado.estado == VIGENTE)
                .order_by(Certificado.id)  # rows locked in one order by every worker
                .with_for_update()
            )
            for cert in self.session.scalars(consulta):
                vigentes[(cert.tipo_documento, cert.numero_documento, cert.nivel)].append(cert)
            registros += self.session.scalars(select(r).where(de_registro.in_(trozo))).all()
        # Assigned last: a preload that fails halfway leaves none (its savepoint is undone).
        self._precarga = _Precarga(por_solicitud, vigentes, registros, self._lista_en_uso())

    def precargar_posiciones(self, lista: int, candidatas: list[int]) -> None:
        """Of these positions of a status list (drawn at random, distinct), keep the free ones
        to hand out in the order drawn (one query)."""
        if self._precarga is None:
            return
        ocupadas: set[int] = set()
        for trozo in _trozos(sorted(candidatas)):
            consulta = select(Certificado.indice_estado).where(
                Certificado.lista_estado == lista, Certificado.indice_estado.in_(trozo)
            )
            ocupadas.update(self.session.scalars(consulta))
        self._precarga.libres[lista] = [i for i in reversed(candidatas) if i not in ocupadas]

    def posicion_precargada(self, lista: int) -> int | None:
        """A free position of ``lista`` checked by the preload, not handed out yet; or None."""
        libres = self._precarga.libres.get(lista) if self._precarga else None
        return libres.pop() if libres else None

    def registro(
        self, tipo: str, numero: str, nivel: str, bloquear: bool = False
    ) -> RegistroLocal | None:
        """The record copy; ``bloquear`` before comparing versions to update it."""
        return self.session.get(RegistroLocal, (tipo, numero, nivel), with_for_update=bloquear)

    def agregar(self, objeto) -> None:
        self.session.add(objeto)
        if self._precarga is not None and isinstance(objeto, Certificado):
            p = self._precarga
            p.nuevos.append(objeto)
            if objeto.numero_solicitud in p.por_solicitud:
                p.por_solicitud[objeto.numero_solicitud] = objeto
            clave = (objeto.tipo_documento, objeto.numero_documento, objeto.nivel)
            if clave in p.vigentes:
                p.vigentes[clave].append(objeto)

    def certificado_de_solicitud(self, numero_solicitud: int) -> Certificado | None:
        if self._precarga is not None and numero_solicitud in self._precarga.por_solicitud:
            cert = self._precarga.por_solicitud[numero_solicitud]
            return cert if cert is not None and _en_sesion(cert) else None
        consulta = select(Certificado).where(Certificado.numero_solicitud == numero_solicitud)
        return self.session.scalars(consulta).first()

    def vigentes_de(self, tipo: str, numero: str, nivel: str) -> list[Certificado]:
        """The student's current certificates of one nivel (a new one supersedes them)."""
        if self._precarga is not None and (tipo, numero, nivel) in self._precarga.vigentes:
            return [
                cert
                for cert in self._precarga.vigentes[(tipo, numero, nivel)]
                if _en_sesion(cert) and cert.estado == VIGENTE
            ]
        consulta = (
            select(Certificado)
            .where(
                Certificado.tipo_documento == tipo,
                Certificado.numero_documento == numero,
                Certificado.nivel == nivel,
                Certificado.estado == VIGENTE,
            )
            .with_for_update()
        )
        return list(self.session.scalars(consulta))

    def certificado(self, codigo_virtual: str, bloquear: bool = False) -> Certificado | None:
        """One certificate; ``bloquear`` before changing it (annulment vs. supersession)."""
        consulta = select(Certificado).where(Certificado.codigo_virtual == codigo_virtual)
        if bloquear:
            consulta = consulta.with_for_update()
        return self.session.scalars(consulta).first()

    def lista_en_uso(self) -> tuple[int, int]:
        """(newest status list, how many positions it has given)."""
        if self._precarga is None:
            return self._lista_en_uso()
        ultima, usadas = self._precarga.lista
        for cert in self._precarga.nuevos:
            if _en_sesion(cert) and cert.lista_estado is not None:
                if cert.lista_estado > ultima:
                    ultima, usadas = cert.lista_estado, 0
                if cert.lista_estado == ultima:
                    usadas += 1
        return ultima, usadas

    def _lista_en_uso(self) -> tuple[int, int]:
        ultima = self.session.scalar(select(func.max(Certificado.lista_estado))) or 1
        usadas = self.session.scalar(select(func.count()).where(Certificado.lista_estado == ultima))
        return ultima, usadas or 0

    def posicion_ocupada(self, lista: int, indice: int) -> bool:
        consulta = select(Certificado.id).where(
            Certificado.lista_estado == lista, Certificado.indice_estado == indice
        )
        return self.session.scalar(consulta) is not None
