"""Repositories of the notas service (SQLAlchemy 2.x select())."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.notas.domain.modelo import Estudiante, Institucion


class RepositorioInstituciones:
    def __init__(self, session: Session):
        self.session = session

    def obtener(self, codigo_modular: str, anexo: str) -> Institucion | None:
        return self.session.get(Institucion, (codigo_modular, anexo))

    def agregar(self, institucion: Institucion) -> None:
        self.session.add(institucion)

    def buscar(self, texto: str, limite: int = 50) -> list[Institucion]:
        """By name fragment or código modular, for the citizen's búsqueda de institución."""
        patron = f"%{texto.upper()}%"
        consulta = (
            select(Institucion)
            .where(or_(Institucion.nombre.like(patron), Institucion.codigo_modular.like(patron)))
            .order_by(Institucion.nombre)
            .limit(limite)
        )
        return list(self.session.scalars(consulta))


class RepositorioEstudiantes:
    def __init__(self, session: Session):
        self.session = session

    def obtener(self, tipo_documento: str, numero_documento: str) -> Estudiante | None:
        consulta = select(Estudiante).where(
            Estudiante.tipo_documento == tipo_documento,
            Estudiante.numero_documento == numero_documento,
        )
        return self.session.scalars(consulta).first()

    def agregar(self, estudiante: Estudiante) -> None:
        self.session.add(estudiante)
