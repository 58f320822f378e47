"""Repositories of the solicitudes service."""

from __future__ import annotations

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from services.solicitudes.domain.modelo import CompletitudLocal, InstitucionLocal, Solicitud


class RepositorioSolicitudes:
    def __init__(self, session: Session):
        self.session = session

    def agregar(self, solicitud: Solicitud) -> None:
        self.session.add(solicitud)
        self.session.flush()  # the N.° (id) is needed for the event and the answer

    def obtener(self, solicitud_id: int) -> Solicitud | None:
        return self.session.get(Solicitud, solicitud_id)

    def obtener_varias(self, ids: list[int]) -> list[Solicitud]:
        consulta = select(Solicitud).where(Solicitud.id.in_(ids)).with_for_update()
        return list(self.session.scalars(consulta))

    def por_seguimiento(self, codigo: str) -> Solicitud | None:
        consulta = select(Solicitud).where(Solicitud.codigo_seguimiento == codigo)
        return self.session.scalars(consulta).first()

    def cola(
        self,
        codigo_modular: str,
        anexo: str,
        ruta: str,
        estados: tuple[str, ...],
        pagina: int,
        por_pagina: int,
    ) -> tuple[list[Solicitud], int]:
        """One page of an IE's queue for one route, oldest first, and the total count."""
        filtro = (
            (Solicitud.codigo_modular == codigo_modular)
            & (Solicitud.anexo == anexo)
            & (Solicitud.ruta == ruta)
            & Solicitud.estado.in_(estados)
        )
        total = self.session.scalar(select(func.count()).select_from(Solicitud).where(filtro))
        consulta = (
            select(Solicitud)
            .where(filtro)
            .order_by(Solicitud.id)
            .offset((pagina - 1) * por_pagina)
            .limit(por_pagina)
        )
        return list(self.session.scalars(consulta)), total or 0


class RepositorioCopias:
    """Local copies of other services' data this service decides with."""

    def __init__(self, session: Session):
        self.session = session

    def institucion(
        self, codigo_modular: str, anexo: str, bloquear: bool = False
    ) -> InstitucionLocal | None:
        """The local copy of an IE; ``bloquear`` when it is about to be updated from an event."""
        return self.session.get(InstitucionLocal, (codigo_modular, anexo), with_for_update=bloquear)

    def agregar(self, objeto) -> None:
        self.session.add(objeto)

    def completitud(
        self, tipo: str, numero: str, nivel: str, bloquear: bool = False
    ) -> CompletitudLocal | None:
        """A record's completeness; ``bloquear`` before comparing versions to update it."""
        return self.session.get(CompletitudLocal, (tipo, numero, nivel), with_for_update=bloquear)

    def completitudes(self, claves: list[tuple[str, str, str]]) -> dict[tuple, CompletitudLocal]:
        """Completeness of many (tipo, número, nivel) at once, for a queue page."""
        if not claves:
            return {}
        clave = tuple_(
            CompletitudLocal.tipo_documento,
            CompletitudLocal.numero_documento,
            CompletitudLocal.nivel,
        )
        consulta = select(CompletitudLocal).where(clave.in_(claves))
        return {
            (c.tipo_documento, c.numero_documento, c.nivel): c
            for c in self.session.scalars(consulta)
        }
