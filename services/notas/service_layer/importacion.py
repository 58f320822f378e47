"""Bulk import of historical actas: one row is one student's grade, saved on its own."""

from __future__ import annotations

from services.notas.domain.modelo import Estudiante
from services.notas.service_layer import comandos
from services.notas.service_layer.dependencias import Dependencias
from services.notas.service_layer.handlers import (
    IMPORTACION,
    confirmar,
    estudiante_nuevo,
    registrar_grado_en,
)
from services.notas.service_layer.unit_of_work import UnidadDeTrabajoNotas
from shared.auth import Usuario
from shared.errores import ErrorDeDominio


def importar_actas(
    cmd: comandos.ImportarActas, uow: UnidadDeTrabajoNotas, usuario: Usuario, _dep: Dependencias
) -> dict:
    """Save every good row; report each bad one as {fila, campo, motivo} and save nothing of it."""
    guardadas, errores = 0, []
    for fila in cmd.filas:
        try:
            with uow:
                _estudiante_de_la_fila(uow, fila.estudiante)
                registrar_grado_en(uow, fila.grado, usuario, IMPORTACION)
                confirmar(uow)
            guardadas += 1
        except ErrorDeDominio as exc:
            campo = _columna(exc.campo, fila.columnas)
            errores.append({"fila": fila.fila, "campo": campo, "motivo": exc.mensaje})
    return {"guardadas": guardadas, "errores": errores}


def _estudiante_de_la_fila(uow: UnidadDeTrabajoNotas, datos: comandos.RegistrarEstudiante) -> None:
    """New students are created; a known one must match, so a mistyped document is caught."""
    est = uow.estudiantes.obtener(datos.tipo_documento, datos.numero_documento)
    if est is None:
        uow.estudiantes.agregar(estudiante_nuevo(datos))
        return
    for campo in ("primer_apellido", "fecha_nacimiento"):
        if getattr(est, campo) != getattr(datos, campo):
            raise ErrorDeDominio(
                f"No coincide con el estudiante ya registrado con {est.tipo_documento} "
                f"{est.numero_documento} ({_nombre(est)}).",
                campo,
            )


def _nombre(est: Estudiante) -> str:
    return f"{est.primer_apellido} {est.segundo_apellido}, {est.nombres}".replace(" ,", ",")


def _columna(campo: str | None, columnas: dict[str, str]) -> str:
    """A domain field such as 'calificaciones.3.calificacion' named as the CSV column."""
    if not campo:
        return "codigo_modular"  # refusals without a field are about the IE (permission)
    partes = campo.split(".")
    if partes[0] == "calificaciones" and len(partes) > 1 and partes[1] in columnas:
        return columnas[partes[1]]
    return campo
