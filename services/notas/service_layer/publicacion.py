"""What every change of a record leaves behind: audit rows, a stored snapshot, an event."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notas.domain.auditoria import Cambio
from services.notas.domain.institucion import Parametros
from services.notas.domain.modelo import Estudiante, GradoCursado
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import Usuario
from shared.mensajes import RegistroNotasActualizado


def auditar(
    uow: UnidadDeTrabajoNotas,
    est: Estudiante,
    grado: GradoCursado,
    cambios: list[Cambio],
    usuario: Usuario,
    origen: str,
) -> None:
    """One append-only row per changed cell: who, when, before, after."""
    comunes = {
        "tipo_documento": est.tipo_documento,
        "numero_documento": est.numero_documento,
        "anio_lectivo": grado.anio_lectivo,
        "codigo_modular": grado.codigo_modular,
        "anexo": grado.anexo,
        "usuario": usuario.sub,
        "rol": usuario.rol,
        "origen": origen,
        "version": est.version,
        "registrado_en": datetime.now(UTC),
    }
    uow.auditoria.agregar([{**comunes, **_celda(c)} for c in cambios])


def _celda(c: Cambio) -> dict:
    return {
        "nivel": c.nivel,
        "grado": c.grado,
        "campo": c.campo,
        "area": c.area,
        "competencia": c.competencia,
        "antes": c.antes,
        "despues": c.despues,
    }


def publicar_registro(uow: UnidadDeTrabajoNotas, est: Estudiante, nivel: str) -> dict:
    """Store this version's snapshot and publish it with the completeness it has."""
    parametros = parametros_de(uow, est, nivel)
    registro = est.registro(nivel, parametros)
    publicado = {
        "estudiante": est.datos_personales(),
        "nivel": nivel,
        "modalidad": registro["modalidad"],
        "version_registro": est.version,
        "completitud": est.completitud(nivel, parametros),
        "pendientes": [p.motivo for p in est.pendientes(nivel, parametros)],
        "registro": registro,
    }
    uow.instantaneas.agregar(
        {
            "tipo_documento": est.tipo_documento,
            "numero_documento": est.numero_documento,
            "nivel": nivel,
            "version_registro": est.version,
            "completitud": publicado["completitud"],
            "registro": publicado,
            "creado_en": datetime.now(UTC),
        }
    )
    uow.publicar(RegistroNotasActualizado(**publicado))
    return publicado


def parametros_de(uow: UnidadDeTrabajoNotas, est: Estudiante, nivel: str) -> Parametros:
    """The parámetros of the IE of the last grade: the IE whose certificate this will be."""
    ultimo = est.ultimo_grado(nivel)
    ie = uow.instituciones.obtener(ultimo.codigo_modular, ultimo.anexo) if ultimo else None
    return ie.parametros if ie else Parametros()
