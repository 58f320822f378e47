"""Repositories of the cuentas service (SQLAlchemy 2.x select())."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from services.cuentas.adapters import orm
from services.cuentas.domain.bloqueo import Contador
from services.cuentas.domain.modelo import Cuenta, Enlace, InstitucionLocal, Sesion


class RepositorioCuentas:
    def __init__(self, session: Session):
        self.session = session

    def obtener(self, usuario: str, bloquear: bool = False) -> Cuenta | None:
        return self.session.get(Cuenta, usuario, with_for_update=bloquear or None)

    def agregar(self, cuenta: Cuenta) -> None:
        self.session.add(cuenta)

    def listar(
        self,
        roles,
        codigo_ugel: str | None,
        pagina: int,
        por_pagina: int,
        texto: str | None = None,
        activa: bool | None = None,
    ) -> tuple[list, int]:
        """Accounts of ``roles`` (of one UGEL's IEs when ``codigo_ugel``), by apellidos.

        ``texto``: the start of the usuario, or part of the names, the IE's código modular or
        the UGEL's code; ``activa``: only active (or only deactivated) accounts.
        """
        c = orm.cuentas.c
        consulta = select(Cuenta).where(c.rol.in_(list(roles)))
        if texto:
            parecido = f"%{texto.upper()}%"
            consulta = consulta.where(
                c.usuario.startswith(texto)
                | func.upper(c.nombres + " " + c.apellidos).like(parecido)
                | func.upper(c.apellidos + " " + c.nombres).like(parecido)
                | c.codigo_modular.startswith(texto)
                | c.codigo_ugel.startswith(texto)
            )
        if activa is not None:
            consulta = consulta.where(c.activa.is_(activa))
        if codigo_ugel is not None:
            ies = select(
                orm.instituciones.c.codigo_modular + "-" + orm.instituciones.c.anexo
            ).where(orm.instituciones.c.codigo_ugel == codigo_ugel)
            clave = orm.cuentas.c.codigo_modular + "-" + orm.cuentas.c.anexo
            consulta = consulta.where(clave.in_(ies))
        total = self.session.scalar(select(func.count()).select_from(consulta.subquery()))
        filas = self.session.scalars(
            consulta.order_by(orm.cuentas.c.apellidos, orm.cuentas.c.usuario)
            .limit(por_pagina)
            .offset((pagina - 1) * por_pagina)
        ).all()
        return list(filas), total or 0


class RepositorioInstituciones:
    def __init__(self, session: Session):
        self.session = session

    def obtener(self, codigo_modular: str, anexo: str) -> InstitucionLocal | None:
        return self.session.get(InstitucionLocal, (codigo_modular, anexo))

    def agregar(self, institucion: InstitucionLocal) -> None:
        self.session.add(institucion)

    def nombre_ugel(self, codigo_ugel: str | None) -> str | None:
        """The name the padrón gives the UGEL ``codigo_ugel``; None when no IE of it is known."""
        if not codigo_ugel:
            return None
        t = orm.instituciones.c
        return self.session.scalar(
            select(t.nombre_ugel).where(t.codigo_ugel == codigo_ugel).limit(1)
        )


class RepositorioSesiones:
    def __init__(self, session: Session):
        self.session = session

    def por_hash(self, hash_: str) -> Sesion | None:
        consulta = select(Sesion).where(orm.sesiones.c.hash == hash_).with_for_update()
        return self.session.scalars(consulta).first()

    def agregar(self, sesion: Sesion) -> None:
        self.session.add(sesion)

    def revocar(self, ahora: datetime, usuario: str | None = None, familia: str | None = None):
        """Revoke every live refresh token of an account, or of one sign-in's family."""
        t = orm.sesiones.c
        condicion = t.familia == familia if familia else t.usuario == usuario
        self.session.execute(
            update(orm.sesiones)
            .where(condicion, t.revocada_en.is_(None))
            .values(revocada_en=ahora)
            .execution_options(synchronize_session="fetch")
        )


class RepositorioEnlaces:
    def __init__(self, session: Session):
        self.session = session

    def por_hash(self, hash_: str) -> Enlace | None:
        consulta = select(Enlace).where(orm.enlaces.c.hash == hash_).with_for_update()
        return self.session.scalars(consulta).first()

    def agregar(self, enlace: Enlace) -> None:
        self.session.add(enlace)

    def vigentes(self, usuario: str, ahora: datetime) -> list[Enlace]:
        t = orm.enlaces.c
        consulta = select(Enlace).where(
            t.usuario == usuario, t.usado_en.is_(None), t.anulado_en.is_(None), t.expira_en > ahora
        )
        return list(self.session.scalars(consulta))


class RepositorioContadores:
    def __init__(self, session: Session):
        self.session = session

    def obtener(self, tipo: str, clave: str) -> Contador:
        """The counter, locked for this attempt; created on first use."""
        contador = self.session.get(Contador, (tipo, clave[:120]), with_for_update=True)
        if contador is None:
            contador = Contador(tipo, clave[:120])
            self.session.add(contador)
        return contador


class RepositorioAuditoria:
    """Append-only: only inserts and reads (the database refuses the rest)."""

    def __init__(self, session: Session):
        self.session = session

    def registrar(self, fila: dict) -> None:
        self.session.execute(insert(orm.auditoria), fila)

    def listar(self, usuario: str | None, pagina: int, por_pagina: int) -> tuple[list, int]:
        t = orm.auditoria.c
        consulta = select(orm.auditoria)
        if usuario:
            consulta = consulta.where(t.usuario == usuario)
        total = self.session.scalar(select(func.count()).select_from(consulta.subquery()))
        filas = self.session.execute(
            consulta.order_by(t.id.desc()).limit(por_pagina).offset((pagina - 1) * por_pagina)
        ).all()
        return [f._asdict() for f in filas], total or 0

    def ultimas(self, accion: str, usuarios: list[str]) -> dict[str, datetime]:
        """When each of ``usuarios`` last had a row of ``accion`` (those who never did, absent)."""
        t = orm.auditoria.c
        if not usuarios:
            return {}
        filas = self.session.execute(
            select(t.usuario, func.max(t.ocurrido_en))
            .where(t.accion == accion, t.usuario.in_(usuarios))
            .group_by(t.usuario)
        ).all()
        return {usuario: en for usuario, en in filas}
