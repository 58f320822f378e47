"""Requests for a certificate (solicitudes), their states and who attends them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from shared.errores import Conflicto

PENDIENTE = "PENDIENTE"
EN_EMISION = "EN EMISIÓN"
EMITIDA = "EMITIDA"
RECHAZADA = "RECHAZADA"
ERROR = "ERROR"

RUTA_IE = "IE"
RUTA_UGEL = "UGEL"
RUTA_OACIGED = "OACIGED"
ULTIMO_ANIO_OACIGED = 1985

MOTIVOS = {
    "CONTINUIDAD_ESTUDIOS": "Continuidad de estudios (Educación)",
    "TRABAJO": "Trabajo",
    "VIAJE": "Viaje al extranjero",
    "OTROS": "Otros",
}


class CambioDeEstado:
    """One line of a request's state history."""

    def __init__(self, estado: str, por: str, detalle: str = "", en: datetime | None = None):
        self.estado = estado
        self.por = por
        self.detalle = detalle
        self.en = en or datetime.now(UTC)


class InstitucionLocal:
    """The solicitudes service's own copy of an IE (fed by InstitucionRegistrada)."""

    def __init__(
        self,
        codigo_modular: str,
        anexo: str,
        nombre: str,
        estado: str,
        ugel: str,
        modalidad: str,
        niveles: list[str],
    ):
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.nombre = nombre
        self.estado = estado
        self.ugel = ugel
        self.modalidad = modalidad
        self.niveles = list(niveles)


class CompletitudLocal:
    """How complete a student's record is in notas, per nivel (fed by RegistroNotasActualizado)."""

    def __init__(
        self, tipo_documento: str, numero_documento: str, nivel: str, completitud: str, version: int
    ):
        self.tipo_documento = tipo_documento
        self.numero_documento = numero_documento
        self.nivel = nivel
        self.completitud = completitud
        self.version = version


@dataclass(frozen=True)
class DatosSolicitante:
    tipo_documento: str
    numero_documento: str
    nombres: str
    primer_apellido: str
    segundo_apellido: str
    fecha_nacimiento: date


def determinar_ruta(ultimo_anio: int, ie: InstitucionLocal) -> str:
    """Who issues: OACIGED for studies up to 1985, the UGEL for a closed IE, else the IE."""
    if ultimo_anio <= ULTIMO_ANIO_OACIGED:
        return RUTA_OACIGED
    if ie.estado == "CERRADA":
        return RUTA_UGEL
    return RUTA_IE


class Solicitud:
    """A citizen's request; ``id`` is its N.°, ``codigo_seguimiento`` its public key."""

    id: int | None

    def __init__(
        self,
        codigo_seguimiento: str,
        solicitante: DatosSolicitante,
        codigo_modular: str,
        anexo: str,
        nivel: str,
        ultimo_anio: int,
        ultimo_grado: str,
        motivo: str,
        motivo_otro: str,
        correo: str,
        celular: str,
        ruta: str,
    ):
        self.id = None
        self.codigo_seguimiento = codigo_seguimiento
        for campo in (
            "tipo_documento",
            "numero_documento",
            "nombres",
            "primer_apellido",
            "segundo_apellido",
            "fecha_nacimiento",
        ):
            setattr(self, campo, getattr(solicitante, campo))
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.nivel = nivel
        self.ultimo_anio = ultimo_anio
        self.ultimo_grado = ultimo_grado
        self.motivo = motivo
        self.motivo_otro = motivo_otro
        self.correo = correo
        self.celular = celular
        self.ruta = ruta
        self.estado = PENDIENTE
        self.creada_en = datetime.now(UTC)
        self.codigo_virtual: str | None = None
        self.detalle_estado = ""
        self.historial: list[CambioDeEstado] = [CambioDeEstado(PENDIENTE, "ciudadano")]

    @property
    def apellidos(self) -> str:
        """Both surnames as printed (the second may be empty for foreigners)."""
        return f"{self.primer_apellido} {self.segundo_apellido}".strip()

    def _cambiar(self, estado: str, por: str, detalle: str = "") -> None:
        self.estado = estado
        self.detalle_estado = detalle
        self.historial.append(CambioDeEstado(estado, por, detalle))

    def ordenar_emision(self, por: str) -> None:
        """PENDIENTE or ERROR → EN EMISIÓN."""
        if self.estado not in (PENDIENTE, ERROR):
            raise Conflicto(
                f"La solicitud N.° {self.id:08d} está {self.estado}; no se puede emitir."
            )
        self._cambiar(EN_EMISION, por)

    def marcar_emitida(self, codigo_virtual: str) -> None:
        """The certificate exists: EMITIDA (a repeated notice changes nothing)."""
        if self.estado == EMITIDA and self.codigo_virtual == codigo_virtual:
            return
        self.codigo_virtual = codigo_virtual
        self._cambiar(EMITIDA, "emision")

    def marcar_error(self, motivo: str) -> None:
        """Emission failed: ERROR with its reason; the director may order it again."""
        if self.estado == EMITIDA:
            return
        self._cambiar(ERROR, "emision", motivo)
