"""Repositories of the solicitudes service."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.solicitudes.adapters.consultas_operaciones import ConsultasOperaciones
from services.solicitudes.domain.copias import CompletitudLocal, ConfiguracionIE, InstitucionLocal
from services.solicitudes.domain.lote import Lote
from services.solicitudes.domain.modelo import ABIERTOS, EMITIDA, EN_EMISION, ERROR, Solicitud
from services.solicitudes.domain.ruta import RUTA_CONSOLIDADA, RUTA_OACIGED
from shared.cobertura import SIN_INFORMACION

PRECARGA = 1000  # keys per query when preloading a lote's IEs and records


@dataclass(frozen=True)
class FiltroCola:
    """Which requests a queue shows: who attends them, their states and the user's filters."""

    atiende: str
    estados: tuple[str, ...]
    codigo_modular: str | None = None
    anexo: str | None = None
    codigo_ugel: str | None = None
    completitud: str | None = None
    numero_documento: str | None = None
    texto: str | None = None
    sin_parte_oaciged: bool = False
    recientes_primero: bool = False


class RepositorioSolicitudes(ConsultasOperaciones):
    def __init__(self, session: Session):
        self.session = session
        self._precargadas: list[Solicitud] = []

    def agregar_lote(self, lote: Lote) -> None:
        self.session.add(lote)
        self.session.flush()  # before its requests point at it

    def lote(self, lote_id: str) -> Lote | None:
        return self.session.get(Lote, lote_id)

    def avance_lote(self, lote_id: str) -> tuple[dict[str, int], list[Solicitud]]:
        """How many of the lote's requests are in each state, and the failed ones."""
        por_estado = self.session.execute(
            select(Solicitud.estado, func.count())
            .where(Solicitud.lote_id == lote_id)
            .group_by(Solicitud.estado)
        ).all()
        fallidas = self.session.scalars(
            select(Solicitud)
            .where(Solicitud.lote_id == lote_id, Solicitud.estado == ERROR)
            .order_by(Solicitud.numero_solicitud)
            .limit(1000)
        )
        return {estado: n for estado, n in por_estado}, list(fallidas)

    def en_lotes_por_estado(self) -> list[tuple[str, int]]:
        """How many requests ordered in lotes are in each state (the lotes' progress)."""
        return self.session.execute(
            select(Solicitud.estado, func.count())
            .where(Solicitud.lote_id.is_not(None))
            .group_by(Solicitud.estado)
        ).all()

    def agregar(self, solicitud: Solicitud) -> None:
        self.session.add(solicitud)
        self.session.flush()  # the N.° (numero_solicitud) is needed for the event and the answer

    def obtener(self, numero_solicitud: int) -> Solicitud | None:
        return self.session.get(Solicitud, numero_solicitud)

    def precargar(self, numeros: list[int]) -> None:
        """Many requests (and their history) in one query each, into the session: ``obtener``
        then finds them without a round trip (kept referenced here: the session's identity
        map holds weak references only)."""
        for i in range(0, len(numeros), 1000):
            parte = numeros[i : i + 1000]
            consulta = select(Solicitud).where(Solicitud.numero_solicitud.in_(parte))
            self._precargadas.extend(self.session.scalars(consulta))

    def obtener_para_cambiar(self, numero_solicitud: int) -> Solicitud | None:
        """The request, locked until commit (two staff acting at once serialise here)."""
        consulta = (
            select(Solicitud)
            .where(Solicitud.numero_solicitud == numero_solicitud)
            .with_for_update()
        )
        return self.session.scalars(consulta).first()

    def sin_respuesta_de_emision(self, antes_de, limite: int) -> list[Solicitud]:
        """EN EMISIÓN since before ``antes_de``, locked; another sweeper skips them."""
        consulta = (
            select(Solicitud)
            .where(Solicitud.estado == EN_EMISION, Solicitud.emision_ordenada_en < antes_de)
            .order_by(Solicitud.emision_ordenada_en)
            .limit(limite)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(consulta))

    def obtener_varias(self, ids: list[int]) -> list[Solicitud]:
        consulta = select(Solicitud).where(Solicitud.numero_solicitud.in_(ids)).with_for_update()
        return list(self.session.scalars(consulta))

    def por_seguimiento(self, codigo: str) -> Solicitud | None:
        consulta = select(Solicitud).where(Solicitud.codigo_seguimiento == codigo)
        return self.session.scalars(consulta).first()

    def abierta_de(self, tipo: str, numero: str, codigo_modular: str, anexo: str):
        """The student's unfinished request at that IE, if any."""
        consulta = select(Solicitud).where(
            Solicitud.tipo_documento == tipo,
            Solicitud.numero_documento == numero,
            Solicitud.codigo_modular == codigo_modular,
            Solicitud.anexo == anexo,
            Solicitud.estado.in_(ABIERTOS),
        )
        return self.session.scalars(consulta).first()

    def emitidas_de(self, tipo: str, numero: str) -> list[Solicitud]:
        """The student's issued requests, newest first."""
        consulta = (
            select(Solicitud)
            .where(
                Solicitud.tipo_documento == tipo,
                Solicitud.numero_documento == numero,
                Solicitud.estado == EMITIDA,
            )
            .order_by(Solicitud.numero_solicitud.desc())
        )
        return list(self.session.scalars(consulta))

    def abiertas_de_estudiante(self, tipo: str, numero: str, nivel: str) -> list[Solicitud]:
        """The student's unfinished requests for one nivel (judged again when notas changes)."""
        consulta = select(Solicitud).where(
            Solicitud.tipo_documento == tipo,
            Solicitud.numero_documento == numero,
            Solicitud.nivel == nivel,
            Solicitud.estado.in_(ABIERTOS),
        )
        return list(self.session.scalars(consulta))

    def abiertas_de_ie(self, codigo_modular: str, anexo: str) -> list[Solicitud]:
        consulta = select(Solicitud).where(
            Solicitud.codigo_modular == codigo_modular,
            Solicitud.anexo == anexo,
            Solicitud.estado.in_(ABIERTOS),
        )
        return list(self.session.scalars(consulta))

    def listar(
        self, filtro: FiltroCola, pagina: int, por_pagina: int
    ) -> tuple[list[tuple[Solicitud, str]], int]:
        """One page of a queue with each request's data completeness, and the total count."""
        # Each request's own completeness: its record judged against what it declares.
        base = _en_alcance(select(Solicitud, Solicitud.completitud), filtro)
        total = self.session.scalar(select(func.count()).select_from(base.subquery()))
        orden = (
            Solicitud.numero_solicitud.desc()
            if filtro.recientes_primero
            else Solicitud.numero_solicitud
        )
        filas = self.session.execute(
            base.order_by(orden).offset((pagina - 1) * por_pagina).limit(por_pagina)
        ).all()
        return [(f[0], f[1]) for f in filas], total or 0

    def contar_por_estado(self, filtro: FiltroCola) -> dict[tuple[str, str, str], int]:
        """How many requests of the queue per (estado, completitud, ruta): one grouped query."""
        columnas = (Solicitud.estado, Solicitud.completitud, Solicitud.ruta)
        consulta = _en_alcance(select(*columnas, func.count()), filtro).group_by(*columnas)
        return {tuple(fila[:3]): fila[3] for fila in self.session.execute(consulta)}


def _en_alcance(consulta, filtro: FiltroCola):
    """``consulta`` narrowed to the queue ``filtro`` describes (a UGEL's: its IEs only)."""
    condiciones = _condiciones(filtro, Solicitud.completitud)
    if filtro.codigo_ugel:
        consulta = consulta.join(
            InstitucionLocal,
            and_(
                InstitucionLocal.codigo_modular == Solicitud.codigo_modular,
                InstitucionLocal.anexo == Solicitud.anexo,
            ),
        )
        condiciones.append(InstitucionLocal.codigo_ugel == filtro.codigo_ugel)
    return consulta.where(*condiciones)


def _condiciones(filtro: FiltroCola, completitud) -> list:
    condiciones = [Solicitud.atiende == filtro.atiende, Solicitud.estado.in_(filtro.estados)]
    if filtro.codigo_modular:
        condiciones += [
            Solicitud.codigo_modular == filtro.codigo_modular,
            Solicitud.anexo == filtro.anexo,
        ]
    if filtro.completitud:
        condiciones.append(completitud == filtro.completitud)
    if filtro.numero_documento:
        condiciones.append(Solicitud.numero_documento == filtro.numero_documento)
    if filtro.texto:
        nombre = func.upper(
            Solicitud.primer_apellido + " " + Solicitud.segundo_apellido + " " + Solicitud.nombres
        )
        condiciones.append(nombre.contains(filtro.texto.upper(), autoescape=True))
    if filtro.sin_parte_oaciged:
        condiciones.append(
            or_(Solicitud.ruta != RUTA_CONSOLIDADA, Solicitud.atiende != RUTA_OACIGED)
        )
    return condiciones


class RepositorioCopias:
    """Local copies of other services' data, and the IEs' own settings."""

    def __init__(self, session: Session):
        self.session = session

    def institucion(
        self, codigo_modular: str, anexo: str, bloquear: bool = False
    ) -> InstitucionLocal | None:
        """The local copy of an IE; ``bloquear`` when it is about to be updated from an event."""
        return self.session.get(InstitucionLocal, (codigo_modular, anexo), with_for_update=bloquear)

    def agregar(self, objeto) -> None:
        self.session.add(objeto)

    def buscar_instituciones(self, texto: str, limite: int = 50) -> list[InstitucionLocal]:
        """IEs whose name or código modular contains ``texto`` (búsqueda de institución)."""
        consulta = (
            select(InstitucionLocal)
            .where(
                or_(
                    func.upper(InstitucionLocal.nombre).contains(texto.upper(), autoescape=True),
                    InstitucionLocal.codigo_modular.contains(texto, autoescape=True),
                )
            )
            .order_by(InstitucionLocal.nombre, InstitucionLocal.codigo_modular)
            .limit(limite)
        )
        return list(self.session.scalars(consulta))

    def configuracion(self, codigo_modular: str, anexo: str) -> ConfiguracionIE | None:
        return self.session.get(ConfiguracionIE, (codigo_modular, anexo))

    def configuraciones(self, claves: list[tuple[str, str]]) -> dict[tuple, ConfiguracionIE]:
        if not claves:
            return {}
        clave = tuple_(ConfiguracionIE.codigo_modular, ConfiguracionIE.anexo)
        consulta = select(ConfiguracionIE).where(clave.in_(claves))
        return {(c.codigo_modular, c.anexo): c for c in self.session.scalars(consulta)}

    def completitud(
        self, tipo: str, numero: str, nivel: str, bloquear: bool = False
    ) -> CompletitudLocal | None:
        """A record's completeness; ``bloquear`` before comparing versions to update it."""
        return self.session.get(CompletitudLocal, (tipo, numero, nivel), with_for_update=bloquear)

    def precargar(self, solicitudes: list[Solicitud]) -> list:
        """The IEs and records of many requests in two queries (a lote of thousands).

        Keep the list while using them: ``institucion`` and ``completitud`` then find them in
        the session's identity map (which holds weak references) instead of asking again.
        """
        ies = {(s.codigo_modular, s.anexo) for s in solicitudes}
        registros = {(s.tipo_documento, s.numero_documento, s.nivel) for s in solicitudes}
        cargados: list = []
        por_ie = tuple_(InstitucionLocal.codigo_modular, InstitucionLocal.anexo)
        c = CompletitudLocal
        por_registro = tuple_(c.tipo_documento, c.numero_documento, c.nivel)
        for modelo, columnas, claves in (
            (InstitucionLocal, por_ie, sorted(ies)),
            (CompletitudLocal, por_registro, sorted(registros)),
        ):
            # In slices: PostgreSQL expands a row-value IN into a chain that outgrows its stack
            # (max_stack_depth) at about 10,000 tuples.
            for inicio in range(0, len(claves), PRECARGA):
                trozo = claves[inicio : inicio + PRECARGA]
                cargados += self.session.scalars(select(modelo).where(columnas.in_(trozo))).all()
        return cargados

    def completitud_bloqueada(self, tipo: str, numero: str, nivel: str) -> CompletitudLocal:
        """The copy of a record, locked until commit; an empty one (SIN INFORMACIÓN, version
        0) if notas has sent none yet.

        Filing a request and applying a new version of its record both go through this row,
        so one waits for the other: the consumer then sees the new request and judges it
        again, instead of judging the open requests just before this one commits.
        """
        actual = self.completitud(tipo, numero, nivel, bloquear=True)
        if actual is not None:
            return actual
        try:
            with self.session.begin_nested():
                vacia = CompletitudLocal(tipo, numero, nivel, SIN_INFORMACION, 0)
                self.session.add(vacia)
        except IntegrityError:  # another transaction created it meanwhile: wait for it, use it
            return self.completitud(tipo, numero, nivel, bloquear=True)
        return vacia

    def completitudes_de(self, tipo: str, numero: str) -> list[CompletitudLocal]:
        consulta = select(CompletitudLocal).where(
            CompletitudLocal.tipo_documento == tipo, CompletitudLocal.numero_documento == numero
        )
        return list(self.session.scalars(consulta).all())

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

    def estudiantes_de_ie(
        self, codigo_modular: str, anexo: str, pagina: int, por_pagina: int
    ) -> tuple[list[CompletitudLocal], int]:
        """Students whose last registered grade was studied at the IE (Estudiantes actuales)."""
        filtro = and_(
            CompletitudLocal.codigo_modular == codigo_modular, CompletitudLocal.anexo == anexo
        )
        total = self.session.scalar(
            select(func.count()).select_from(CompletitudLocal).where(filtro)
        )
        consulta = (
            select(CompletitudLocal)
            .where(filtro)
            .order_by(
                CompletitudLocal.primer_apellido,
                CompletitudLocal.segundo_apellido,
                CompletitudLocal.nombres,
                CompletitudLocal.numero_documento,
            )
            .offset((pagina - 1) * por_pagina)
            .limit(por_pagina)
        )
        return list(self.session.scalars(consulta)), total or 0
