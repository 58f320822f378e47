"""Read side of the notas service: plain dicts for the API, read in their own session."""

from __future__ import annotations

from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.errores import NoEncontrado


def registro_estudiante(
    uow: UnidadDeTrabajoNotas, tipo_documento: str, numero_documento: str
) -> dict:
    """A student's record per nivel, with version and completeness."""
    with uow:
        est = uow.estudiantes.obtener(tipo_documento, numero_documento)
        if est is None:
            raise NoEncontrado("El estudiante no está registrado.", "numero_documento")
        niveles = sorted({g.nivel for g in est.grados})
        return {
            "estudiante": est.datos_personales(),
            "niveles": {
                n: {
                    "version": est.version,
                    "completitud": est.completitud(n),
                    "registro": est.registro(n),
                }
                for n in niveles
            },
        }


def buscar_instituciones(uow: UnidadDeTrabajoNotas, texto: str) -> list[dict]:
    """IEs whose name or código modular contains ``texto``."""
    with uow:
        return [
            {
                "codigo_modular": ie.codigo_modular,
                "anexo": ie.anexo,
                "codigo": ie.codigo,
                "nombre": ie.nombre,
                "estado": ie.estado,
                "ugel": ie.ugel,
                "dre": ie.dre,
                "modalidad": ie.modalidad,
                "niveles": list(ie.niveles),
                "ubigeo": ie.ubigeo,
            }
            for ie in uow.instituciones.buscar(texto)
        ]
