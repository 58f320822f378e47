"""Read side of the padrón, the IE's talleres and parámetros, and the curricular catalog."""

from __future__ import annotations

from services.notas.adapters.repositorio import FiltroInstituciones
from services.notas.service_layer.autorizacion import autorizar_administracion
from services.notas.service_layer.handlers import institucion
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import Usuario


def buscar_instituciones(uow: UnidadDeTrabajoNotas, filtro: FiltroInstituciones) -> list[dict]:
    """IEs by name or código modular, ubigeo, place and estado (public: búsqueda de institución)."""
    with uow:
        return [ie.como_dict() for ie in uow.instituciones.buscar(filtro)]


def talleres(
    uow: UnidadDeTrabajoNotas,
    codigo_modular: str,
    anexo: str,
    usuario: Usuario,
    estado: str | None = None,
    nombre: str | None = None,
) -> list[dict]:
    """The IE's talleres, filtered by estado and a fragment of the name."""
    with uow:
        ie = institucion(uow, codigo_modular, anexo)
        autorizar_administracion(usuario, ie)
        return [
            t.como_dict()
            for t in uow.talleres.de_institucion(codigo_modular, anexo, estado, nombre)
        ]


def parametros(uow: UnidadDeTrabajoNotas, codigo_modular: str, anexo: str, usuario: Usuario):
    """The IE's min/max áreas curriculares and talleres."""
    with uow:
        ie = institucion(uow, codigo_modular, anexo)
        autorizar_administracion(usuario, ie)
        return {"codigo": ie.codigo, **ie.parametros.como_dict()}


def disenos(
    uow: UnidadDeTrabajoNotas,
    nivel: str | None = None,
    modalidad: str | None = None,
    anio: int | None = None,
) -> list[dict]:
    """Diseños curriculares, optionally those of a nivel, modalidad and year."""
    with uow:
        return [
            d.como_dict()
            for d in uow.catalogo.disenos()
            if (nivel is None or d.nivel == nivel)
            and (modalidad is None or d.modalidad == modalidad)
            and (anio is None or d.vigente_en(anio))
        ]


def areas(
    uow: UnidadDeTrabajoNotas,
    diseno_curricular: str | None = None,
    tipo_area: str | None = None,
    texto: str | None = None,
    nivel: str | None = None,
    anio: int | None = None,
) -> list[dict]:
    """Catalog areas by diseño, type and text (and nivel / year through their designs)."""
    with uow:
        elegidos = {
            d.codigo: d
            for d in uow.catalogo.disenos()
            if (diseno_curricular is None or d.codigo == diseno_curricular)
            and (nivel is None or d.nivel == nivel)
            and (anio is None or d.vigente_en(anio))
        }
        return [
            {**a.como_dict(), "nombre_diseno": elegidos[a.diseno_curricular].nombre}
            for a in uow.catalogo.areas(list(elegidos), tipo_area, texto)
        ]
