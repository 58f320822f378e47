"""Repositories of the emision service."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.emision.domain.modelo import Certificado, RegistroLocal


class RepositorioEmision:
    def __init__(self, session: Session):
        self.session = session

    def registro(self, tipo: str, numero: str, nivel: str) -> RegistroLocal | None:
        return self.session.get(RegistroLocal, (tipo, numero, nivel))

    def agregar(self, objeto) -> None:
        self.session.add(objeto)

    def certificado_de_solicitud(self, solicitud_id: int) -> Certificado | None:
        consulta = select(Certificado).where(Certificado.solicitud_id == solicitud_id)
        return self.session.scalars(consulta).first()

    def certificado(self, codigo_virtual: str) -> Certificado | None:
        consulta = select(Certificado).where(Certificado.codigo_virtual == codigo_virtual)
        return self.session.scalars(consulta).first()
