"""Repositories of the notificaciones service: emails, local copies of requests and IEs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from services.notificaciones.adapters import orm
from services.notificaciones.domain.modelo import (
    EN_COLA,
    FALLIDO,
    RETRASADO,
    Correo,
    InstitucionLocal,
    SolicitudLocal,
)
from shared.fechas import LIMA


@dataclass(frozen=True)
class FiltroFallidos:
    """Which failed emails operations look at: failure date range (Lima), IE, reason."""

    desde: date | None = None
    hasta: date | None = None
    codigo_modular: str | None = None
    anexo: str | None = None
    motivo_falla: str | None = None


class RepositorioCorreos:
    def __init__(self, session: Session):
        self.session = session

    def agregar(self, correo: Correo) -> None:
        self.session.add(correo)
        self.session.flush()

    def de_evento(self, evento_id: str, plantilla: str, tipo_destinatario: str) -> Correo | None:
        consulta = select(Correo).where(
            Correo.evento_id == evento_id,
            Correo.plantilla == plantilla,
            Correo.tipo_destinatario == tipo_destinatario,
        )
        return self.session.scalars(consulta).first()

    def obtener(self, correo_id: int) -> Correo | None:
        return self.session.get(Correo, correo_id)

    def bloquear(self, correo_id: int) -> Correo | None:
        """The email, locked until commit: two senders of one email take turns, never both."""
        consulta = (
            select(Correo)
            .where(Correo.id == correo_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(consulta).first()

    def de_solicitud(self, numero_solicitud: int) -> list[Correo]:
        consulta = (
            select(Correo).where(Correo.numero_solicitud == numero_solicitud).order_by(Correo.id)
        )
        return list(self.session.scalars(consulta))

    def fallidos(self, filtro: FiltroFallidos, pagina: int, por_pagina: int):
        """One page of failed emails, newest failure first, and how many there are."""
        consulta = _filtrar(select(Correo), filtro)
        total = self.session.scalar(_filtrar(select(func.count()).select_from(orm.correos), filtro))
        filas = self.session.scalars(
            consulta.order_by(Correo.fallido_en.desc(), Correo.id.desc())
            .limit(por_pagina)
            .offset((pagina - 1) * por_pagina)
        )
        return list(filas), total or 0

    def para_reenviar(self, filtro: FiltroFallidos, limite: int) -> list[Correo]:
        """Failed emails matching ``filtro``, locked; rows another replay holds are skipped."""
        consulta = (
            _filtrar(select(Correo), filtro)
            .order_by(Correo.id)
            .limit(limite)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return list(self.session.scalars(consulta))

    def vencidos(self, ahora: datetime, limite: int) -> list[Correo]:
        """Queued emails whose next attempt is due, locked; another sweeper skips them."""
        consulta = (
            select(Correo)
            .where(Correo.estado.in_(EN_COLA), Correo.proximo_intento_en <= ahora)
            .order_by(Correo.proximo_intento_en)
            .limit(limite)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(consulta))

    def retrasados(self, pagina: int, por_pagina: int):
        """Emails waiting for another attempt after a transient failure, oldest first."""
        condicion = Correo.estado == RETRASADO
        total = self.session.scalar(select(func.count()).select_from(Correo).where(condicion))
        filas = self.session.scalars(
            select(Correo)
            .where(condicion)
            .order_by(Correo.creado_en, Correo.id)
            .limit(por_pagina)
            .offset((pagina - 1) * por_pagina)
        )
        return list(filas), total or 0


def _filtrar(consulta: Select, filtro: FiltroFallidos) -> Select:
    c = orm.correos.c
    consulta = consulta.where(c.estado == FALLIDO)
    if filtro.desde:
        consulta = consulta.where(c.fallido_en >= _inicio_del_dia(filtro.desde))
    if filtro.hasta:
        consulta = consulta.where(c.fallido_en < _inicio_del_dia(filtro.hasta + timedelta(days=1)))
    if filtro.codigo_modular:
        consulta = consulta.where(c.codigo_modular == filtro.codigo_modular)
    if filtro.anexo:
        consulta = consulta.where(c.anexo == filtro.anexo)
    if filtro.motivo_falla:
        consulta = consulta.where(c.ultimo_error.ilike(f"%{filtro.motivo_falla}%"))
    return consulta


def _inicio_del_dia(dia: date) -> datetime:
    """Dates people type are days in Peru."""
    return datetime.combine(dia, time.min, tzinfo=LIMA)


class RepositorioSolicitudes:
    """The local copy of each request this service has heard of."""

    def __init__(self, session: Session):
        self.session = session

    def obtener(self, numero_solicitud: int, bloquear: bool = False) -> SolicitudLocal | None:
        consulta = select(SolicitudLocal).where(SolicitudLocal.numero_solicitud == numero_solicitud)
        if bloquear:
            consulta = consulta.with_for_update()
        return self.session.scalars(consulta).first()

    def agregar(self, copia: SolicitudLocal) -> None:
        self.session.add(copia)
        self.session.flush()


class RepositorioInstituciones:
    """The local copy of each IE: its state and UGEL decide who may resend."""

    def __init__(self, session: Session):
        self.session = session

    def obtener(self, codigo_modular: str, anexo: str, bloquear: bool = False):
        return self.session.get(InstitucionLocal, (codigo_modular, anexo), with_for_update=bloquear)

    def agregar(self, ie: InstitucionLocal) -> None:
        self.session.add(ie)
