"""Repositories of the notas service (SQLAlchemy 2.x select())."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.orm import Session

from services.notas.adapters import orm
from services.notas.domain.catalogo import AreaCurricular, DisenoCurricular
from services.notas.domain.institucion import Institucion, Taller
from services.notas.domain.modelo import Estudiante, GradoCursado


@dataclass(frozen=True)
class FiltroInstituciones:
    """Búsqueda de institución: text (name or code), ubigeo prefix, place names, estado."""

    texto: str | None = None
    ubigeo: str | None = None
    departamento: str | None = None
    provincia: str | None = None
    distrito: str | None = None
    estado: str | None = None


class RepositorioInstituciones:
    def __init__(self, session: Session):
        self.session = session

    def obtener(self, codigo_modular: str, anexo: str) -> Institucion | None:
        return self.session.get(Institucion, (codigo_modular, anexo))

    def agregar(self, institucion: Institucion) -> None:
        self.session.add(institucion)

    def buscar(self, filtro: FiltroInstituciones | str, limite: int = 50) -> list[Institucion]:
        """For the citizen's búsqueda de institución; every given criterion must hold."""
        if isinstance(filtro, str):
            filtro = FiltroInstituciones(texto=filtro)
        condiciones = []
        if filtro.texto:
            patron = f"%{filtro.texto.upper()}%"
            condiciones.append(
                or_(Institucion.nombre.like(patron), Institucion.codigo_modular.like(patron))
            )
        if filtro.ubigeo:
            condiciones.append(Institucion.ubigeo.like(f"{filtro.ubigeo}%"))
        for campo in ("departamento", "provincia", "distrito", "estado"):
            valor = getattr(filtro, campo)
            if valor:
                condiciones.append(getattr(Institucion, campo) == valor.upper())
        consulta = (
            select(Institucion)
            .where(and_(*condiciones))
            .order_by(Institucion.nombre, Institucion.codigo_modular)
            .limit(limite)
        )
        return list(self.session.scalars(consulta))


class RepositorioTalleres:
    def __init__(self, session: Session):
        self.session = session

    def agregar(self, taller: Taller) -> None:
        self.session.add(taller)

    def obtener(self, taller_id: int) -> Taller | None:
        return self.session.get(Taller, taller_id)

    def de_institucion(
        self,
        codigo_modular: str,
        anexo: str,
        estado: str | None = None,
        nombre: str | None = None,
    ) -> list[Taller]:
        consulta = select(Taller).where(
            Taller.codigo_modular == codigo_modular, Taller.anexo == anexo
        )
        if estado:
            consulta = consulta.where(Taller.estado == estado)
        if nombre:
            consulta = consulta.where(Taller.nombre.like(f"%{nombre.upper()}%"))
        return list(self.session.scalars(consulta.order_by(Taller.nombre)))


class RepositorioCatalogo:
    def __init__(self, session: Session):
        self.session = session

    def diseno(self, codigo: str) -> DisenoCurricular | None:
        return self.session.get(DisenoCurricular, codigo)

    def disenos(self) -> list[DisenoCurricular]:
        consulta = select(DisenoCurricular).order_by(
            DisenoCurricular.nivel, DisenoCurricular.anio_inicio
        )
        return list(self.session.scalars(consulta))

    def areas(
        self, disenos: list[str], tipo_area: str | None = None, texto: str | None = None
    ) -> list[AreaCurricular]:
        consulta = select(AreaCurricular).where(AreaCurricular.diseno_curricular.in_(disenos))
        if tipo_area:
            consulta = consulta.where(AreaCurricular.tipo_area == tipo_area)
        if texto:
            consulta = consulta.where(AreaCurricular.nombre.like(f"%{texto.upper()}%"))
        return list(
            self.session.scalars(
                consulta.order_by(AreaCurricular.diseno_curricular, AreaCurricular.orden)
            )
        )

    def nombres_de_talleres(self) -> set[str]:
        """Talleres any design lists (the IE's own talleres are in RepositorioTalleres)."""
        consulta = select(AreaCurricular.nombre).where(AreaCurricular.tipo_area == "TALLER")
        return set(self.session.scalars(consulta))

    def area(self, diseno_curricular: str, nombre: str) -> AreaCurricular | None:
        consulta = select(AreaCurricular).where(
            AreaCurricular.diseno_curricular == diseno_curricular, AreaCurricular.nombre == nombre
        )
        return self.session.scalars(consulta).first()

    def agregar(self, objeto: DisenoCurricular | AreaCurricular) -> None:
        self.session.add(objeto)


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

    def documento_de(self, id_estudiante: str) -> tuple[str, str] | None:
        """The document of the student the API's opaque id names, or None."""
        fila = self.session.execute(
            select(Estudiante.tipo_documento, Estudiante.numero_documento).where(
                Estudiante.id_estudiante == id_estudiante
            )
        ).first()
        return (fila[0], fila[1]) if fila else None

    def de_institucion(
        self, codigo_modular: str, anexo: str, pagina: int = 1, por_pagina: int | None = 50
    ) -> tuple[int, list[Estudiante]]:
        """Students with at least one grade at the IE, by surname; and how many there are."""
        ids = (
            select(GradoCursado.estudiante_id)
            .where(GradoCursado.codigo_modular == codigo_modular, GradoCursado.anexo == anexo)
            .distinct()
        )
        total = self.session.scalar(select(func.count()).select_from(ids.subquery()))
        consulta = (
            select(Estudiante)
            .where(Estudiante.id.in_(ids))
            .order_by(Estudiante.primer_apellido, Estudiante.segundo_apellido, Estudiante.nombres)
        )
        if por_pagina is not None:
            consulta = consulta.offset((pagina - 1) * por_pagina).limit(por_pagina)
        return total or 0, list(self.session.scalars(consulta))


class RepositorioAuditoria:
    """Append-only: rows are added and read, never changed."""

    def __init__(self, session: Session):
        self.session = session

    def agregar(self, filas: list[dict]) -> None:
        if filas:
            self.session.execute(insert(orm.auditoria), filas)

    def de_estudiante(self, tipo_documento: str, numero_documento: str) -> list[dict]:
        t = orm.auditoria
        consulta = (
            select(t)
            .where(t.c.tipo_documento == tipo_documento, t.c.numero_documento == numero_documento)
            .order_by(t.c.id)
        )
        return [dict(f._mapping) for f in self.session.execute(consulta)]


class RepositorioInstantaneas:
    """Each published version of a student's record for one nivel, as it went out."""

    def __init__(self, session: Session):
        self.session = session

    def agregar(self, fila: dict) -> None:
        self.session.execute(insert(orm.instantaneas), fila)

    def obtener(
        self, tipo_documento: str, numero_documento: str, nivel: str, version: int | None
    ) -> dict | None:
        t = orm.instantaneas
        consulta = select(t.c.registro).where(
            t.c.tipo_documento == tipo_documento,
            t.c.numero_documento == numero_documento,
            t.c.nivel == nivel,
        )
        if version is not None:
            consulta = consulta.where(t.c.version_registro == version)
        return self.session.scalar(consulta.order_by(t.c.version_registro.desc()).limit(1))
