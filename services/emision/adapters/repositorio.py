"""Repositories of the emision service."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.emision.domain.modelo import VIGENTE, Certificado, RegistroLocal


class RepositorioEmision:
    def __init__(self, session: Session):
        self.session = session

    def registro(
        self, tipo: str, numero: str, nivel: str, bloquear: bool = False
    ) -> RegistroLocal | None:
        """The record copy; ``bloquear`` before comparing versions to update it."""
        return self.session.get(RegistroLocal, (tipo, numero, nivel), with_for_update=bloquear)

    def agregar(self, objeto) -> None:
        self.session.add(objeto)

    def certificado_de_solicitud(self, numero_solicitud: int) -> Certificado | None:
        consulta = select(Certificado).where(Certificado.numero_solicitud == numero_solicitud)
        return self.session.scalars(consulta).first()

    def vigentes_de(self, tipo: str, numero: str, nivel: str) -> list[Certificado]:
        """The student's current certificates of one nivel (a new one supersedes them)."""
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
        ultima = self.session.scalar(select(func.max(Certificado.lista_estado))) or 1
        usadas = self.session.scalar(select(func.count()).where(Certificado.lista_estado == ultima))
        return ultima, usadas or 0

    def posicion_ocupada(self, lista: int, indice: int) -> bool:
        consulta = select(Certificado.id).where(
            Certificado.lista_estado == lista, Certificado.indice_estado == indice
        )
        return self.session.scalar(consulta) is not None
