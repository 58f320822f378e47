"""Requests for a certificate (solicitudes), their states and their history (who, when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.solicitudes.domain.copias import CompletitudLocal, InstitucionLocal
from services.solicitudes.domain.identidad import APODERADO, ESTUDIANTE, DatosPersona
from services.solicitudes.domain.ruta import (
    RUTA_CONSOLIDADA,
    RUTA_OACIGED,
    primero_en_atender,
    quien_atiende_la_ie,
)
from shared.cobertura import SIN_INFORMACION, Declarado, completitud_de_la_solicitud
from shared.errores import Conflicto

PENDIENTE = "PENDIENTE"
EN_EMISION = "EN EMISIÓN"
EMITIDA = "EMITIDA"
RECHAZADA = "RECHAZADA"
ERROR = "ERROR"
ESTADOS = (PENDIENTE, EN_EMISION, EMITIDA, RECHAZADA, ERROR)
# Not yet finished: a student has at most one of these per IE.
ABIERTOS = (PENDIENTE, EN_EMISION, ERROR)

ORIGEN_WEB = "WEB"  # the citizen's Solicitud WEB
ORIGEN_EMISION_DIRECTA = "EMISION_DIRECTA"  # the director's «Búsqueda de estudiantes»
ORIGEN_CERTIFICADO = "CERTIFICADO"  # generated from an issued certificate

MOTIVOS = {
    "CONTINUIDAD_ESTUDIOS": "Continuidad de estudios (Educación)",
    "TRABAJO": "Trabajo",
    "VIAJE": "Viaje al extranjero",
    "TRAMITE": "Trámite administrativo",
    "OTROS": "Otros",
}


class CambioDeEstado:
    """One line of a request's state history: ``detalle`` is what the citizen reads too,
    ``detalle_tecnico`` (a failure's cause) only staff."""

    def __init__(
        self,
        estado: str,
        por: str,
        detalle: str = "",
        en: datetime | None = None,
        detalle_tecnico: str | None = None,
    ):
        self.estado = estado
        self.por = por
        self.detalle = detalle
        self.en = en or datetime.now(UTC)
        self.detalle_tecnico = detalle_tecnico


@dataclass(frozen=True)
class DatosSolicitud:
    """What is asked for: the IE and nivel, the studies, the motive and how to reach the person."""

    codigo_modular: str
    anexo: str
    nivel: str
    ultimo_anio: int
    ultimo_grado: str
    motivo_solicitud: str
    motivo_otro: str
    correo: str
    celular: str
    primer_anio: int | None = None


class Solicitud:
    """A request; ``numero_solicitud`` is its N.°, ``codigo_seguimiento`` its public key.

    ``ruta`` says who issues (IE, UGEL, OACIGED or CONSOLIDADA); ``atiende`` who has it now —
    a consolidated request is attended first by OACIGED, then by the IE (or its UGEL).
    """

    numero_solicitud: int | None

    def __init__(
        self,
        codigo_seguimiento: str,
        estudiante: DatosPersona,
        datos: DatosSolicitud,
        ruta: str,
        *,
        apoderado: DatosPersona | None = None,
        origen: str = ORIGEN_WEB,
        por: str = "ciudadano",
        terminos_version: str | None = None,
        codigo_virtual_anterior: str | None = None,
        detalle: str = "",
        atiende: str | None = None,
    ):
        self.numero_solicitud = None
        self.codigo_seguimiento = codigo_seguimiento
        for campo in DatosPersona.__dataclass_fields__:
            setattr(self, campo, getattr(estudiante, campo))
        self.pais = estudiante.pais or ""
        for campo in DatosSolicitud.__dataclass_fields__:
            setattr(self, campo, getattr(datos, campo))
        self.tipo_persona = APODERADO if apoderado else ESTUDIANTE
        self.apoderado_tipo_documento = apoderado.tipo_documento if apoderado else None
        self.apoderado_numero_documento = apoderado.numero_documento if apoderado else None
        self.apoderado_nombres = apoderado.nombres if apoderado else None
        self.apoderado_apellidos = (
            f"{apoderado.primer_apellido} {apoderado.segundo_apellido}".strip()
            if apoderado
            else None
        )
        self.ruta = ruta
        self.atiende = atiende or primero_en_atender(ruta)
        self.origen = origen
        self.estado = PENDIENTE
        self.creada_en = datetime.now(UTC)
        self.terminos_version = terminos_version
        self.terminos_aceptados_en = self.creada_en if terminos_version else None
        self.codigo_virtual: str | None = None
        self.lote_id: str | None = None  # the bulk order it was last issued in
        # Reconciliation: when emission was last asked for, and how often it was asked again.
        self.emision_ordenada_en: datetime | None = None
        self.reenvios_emision = 0
        self.rol_emisor: str | None = None  # the rol that ordered the emission (the VC says it)
        self.codigo_virtual_anterior = codigo_virtual_anterior
        self.detalle_estado = ""
        self.detalle_tecnico: str | None = None  # of the last failure, for staff only
        self.historial: list[CambioDeEstado] = [CambioDeEstado(PENDIENTE, por, detalle)]
        # Of the record against what this request declares (kept fresh from notas' events).
        self.completitud = SIN_INFORMACION
        self.faltantes: list[str] = []

    @property
    def apellidos(self) -> str:
        """Both surnames as printed (the second may be empty for foreigners)."""
        return f"{self.primer_apellido} {self.segundo_apellido}".strip()

    def estudiante(self) -> DatosPersona:
        """The student's data as the request holds them."""
        return DatosPersona(**{c: getattr(self, c) for c in DatosPersona.__dataclass_fields__})

    def datos(self) -> DatosSolicitud:
        """What was asked, as a new request would ask it again."""
        return DatosSolicitud(**{c: getattr(self, c) for c in DatosSolicitud.__dataclass_fields__})

    def declarado(self) -> Declarado:
        """What the request asks to be certified: its last grade and year, consolidated or not."""
        return Declarado(self.ultimo_grado, self.ultimo_anio, self.ruta == RUTA_CONSOLIDADA)

    def evaluar_completitud(self, registro: CompletitudLocal | None) -> None:
        """Judge the student's record (notas' copy, or None) against what this request asks."""
        if registro is None:
            resultado = completitud_de_la_solicitud(None, [], [], self.declarado())
        else:
            resultado = registro.para(self.declarado())
        self.completitud, self.faltantes = resultado

    @property
    def abierta(self) -> bool:
        return self.estado in ABIERTOS

    @property
    def en_parte_oaciged(self) -> bool:
        """A consolidated request whose OACIGED part is not certified yet."""
        return self.ruta == RUTA_CONSOLIDADA and self.atiende == RUTA_OACIGED

    @property
    def emitido_en(self) -> datetime | None:
        """When its certificate was issued (the EMITIDA line of its history)."""
        return next((c.en for c in reversed(self.historial) if c.estado == EMITIDA), None)

    def _cambiar(
        self, estado: str, por: str, detalle: str = "", detalle_tecnico: str | None = None
    ) -> None:
        self.estado = estado
        self.detalle_estado = detalle
        self.detalle_tecnico = detalle_tecnico
        self.historial.append(CambioDeEstado(estado, por, detalle, detalle_tecnico=detalle_tecnico))

    def _anotar(self, por: str, detalle: str) -> None:
        """A history line that keeps the state (the request changed hands)."""
        self.historial.append(CambioDeEstado(self.estado, por, detalle))

    def sin_respuesta(self, tras: float | None, ahora: datetime | None = None) -> bool:
        """EN EMISIÓN for at least ``tras`` seconds: stuck, staff may order or reject it again."""
        if self.estado != EN_EMISION or tras is None or self.emision_ordenada_en is None:
            return False
        desde = self.emision_ordenada_en
        desde = desde if desde.tzinfo else desde.replace(tzinfo=UTC)  # SQLite drops the zone
        return (ahora or datetime.now(UTC)) - desde >= timedelta(seconds=tras)

    def ordenar_emision(
        self, por: str, atascada_tras: float | None = None, rol: str | None = None
    ) -> None:
        """PENDIENTE, ERROR or EN EMISIÓN unanswered for ``atascada_tras`` s → EN EMISIÓN;
        ``rol``: the orderer's, kept so that a reconciliation's resend names it too."""
        if self.en_parte_oaciged:
            raise Conflicto(
                f"La solicitud N.° {self.numero_solicitud:08d} es consolidada: primero la "
                "OACIGED certifica los años hasta 1985 y luego la IE ordena la emisión.",
                "numeros_solicitud",
            )
        if self.estado not in (PENDIENTE, ERROR) and not self.sin_respuesta(atascada_tras):
            raise Conflicto(
                f"La solicitud N.° {self.numero_solicitud:08d} está {self.estado}; "
                "no se puede emitir.",
                "numeros_solicitud",
            )
        self._cambiar(EN_EMISION, por)
        self.emision_ordenada_en, self.reenvios_emision = datetime.now(UTC), 0
        self.rol_emisor = rol

    def reordenar_sin_respuesta(self, max_reenvios: int) -> bool:
        """EN EMISIÓN with no answer: True to ask again; past ``max_reenvios``, ERROR instead."""
        if self.estado != EN_EMISION:
            return False
        if self.reenvios_emision >= max_reenvios:
            self._cambiar(
                ERROR,
                "reconciliacion",
                f"Emisión sin respuesta tras {self.reenvios_emision} reenvíos de la orden; "
                "puede ordenarla otra vez o rechazarla.",
            )
            return False
        self.reenvios_emision += 1
        self.emision_ordenada_en = datetime.now(UTC)
        self._anotar("reconciliacion", f"Orden de emisión reenviada ({self.reenvios_emision}).")
        return True

    def rechazar(self, motivo: str, por: str, atascada_tras: float | None = None) -> None:
        """PENDIENTE, ERROR or stuck EN EMISIÓN → RECHAZADA, with the reason the citizen reads."""
        if self.estado not in (PENDIENTE, ERROR) and not self.sin_respuesta(atascada_tras):
            raise Conflicto(
                f"La solicitud N.° {self.numero_solicitud:08d} está {self.estado}; "
                "no se puede rechazar."
            )
        self._cambiar(RECHAZADA, por, motivo)

    def completar_parte_oaciged(self, por: str, ie: InstitucionLocal) -> None:
        """OACIGED certified the years up to 1985: the IE (or its UGEL) completes the rest."""
        if not self.en_parte_oaciged or self.estado != PENDIENTE:
            raise Conflicto(
                f"La solicitud N.° {self.numero_solicitud:08d} no tiene una parte OACIGED "
                "pendiente."
            )
        self.atiende = quien_atiende_la_ie(ie)
        self._anotar(por, f"Parte OACIGED certificada; pasa a {self._nombre_de(ie)}.")

    def derivar_si_cambio_la_ie(self, ie: InstitucionLocal) -> None:
        """An open request follows its IE when it closes (to the UGEL) or reopens."""
        if not self.abierta or self.atiende == RUTA_OACIGED:
            return
        nuevo = quien_atiende_la_ie(ie)
        if nuevo != self.atiende:
            self.atiende = nuevo
            self._anotar("notas", f"La IE cambió a {ie.estado}: pasa a {self._nombre_de(ie)}.")

    @staticmethod
    def _nombre_de(ie: InstitucionLocal) -> str:
        return ie.nombre_ugel if ie.cerrada else f"la IE {ie.nombre}"

    def marcar_emitida(self, codigo_virtual: str) -> None:
        """The certificate exists: EMITIDA (a repeated notice changes nothing)."""
        if self.estado == EMITIDA and self.codigo_virtual == codigo_virtual:
            return
        self.codigo_virtual = codigo_virtual
        self._cambiar(EMITIDA, "emision")

    def marcar_error(self, motivo: str, detalle_tecnico: str | None = None) -> None:
        """Emission failed: ERROR with the reason the citizen reads and, for staff, its
        technical detail; staff may order it again."""
        if self.estado != EN_EMISION:
            return  # late or repeated notice: an issued or re-ordered request keeps its state
        self._cambiar(ERROR, "emision", motivo, detalle_tecnico)
