"""Data this service decides with: local copies of notas' data and the IE's own settings."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.cobertura import Declarado, completitud_de_la_solicitud

ACTIVA = "ACTIVA"
CERRADA = "CERRADA"


class InstitucionLocal:
    """The solicitudes service's own copy of an IE (fed by InstitucionRegistrada)."""

    def __init__(
        self,
        codigo_modular: str,
        anexo: str,
        nombre: str,
        estado: str,
        codigo_ugel: str | None,
        nombre_ugel: str,
        modalidad: str,
        niveles: list[str],
    ):
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.nombre = nombre
        self.estado = estado
        self.codigo_ugel = codigo_ugel  # compared (scopes); the name is shown only
        self.nombre_ugel = nombre_ugel
        self.modalidad = modalidad
        self.niveles = list(niveles)

    @property
    def codigo(self) -> str:
        """As printed: 0584714-0."""
        return f"{self.codigo_modular}-{self.anexo}"

    @property
    def cerrada(self) -> bool:
        return self.estado == CERRADA

    def es_de_la_ugel(self, codigo_ugel: str | None) -> bool:
        """Whether it belongs to the UGEL ``codigo_ugel`` (a NULL code belongs to none)."""
        return self.codigo_ugel is not None and self.codigo_ugel == codigo_ugel


class CompletitudLocal:
    """A student's record in notas, per nivel (fed by RegistroNotasActualizado).

    Besides completeness it keeps who the student is and where their last registered grade
    was studied: the director's «Estudiantes actuales» lists the students last seen at the IE.
    It also keeps the grado and year of each printed grade and what the record itself lacks,
    so that each request can be judged against what it declares (``para``).
    """

    def __init__(
        self,
        tipo_documento: str,
        numero_documento: str,
        nivel: str,
        completitud: str,
        version: int,
        **estudiante,
    ):
        self.tipo_documento = tipo_documento
        self.numero_documento = numero_documento
        self.nivel = nivel
        self.completitud = completitud
        self.version = version
        self.nombres: str | None = None
        self.primer_apellido: str | None = None
        self.segundo_apellido: str | None = None
        self.codigo_modular: str | None = None
        self.anexo: str | None = None
        self.ultimo_anio: int | None = None
        self.ultimo_grado: str | None = None
        self.grados: list[dict] = []
        self.pendientes: list[str] = []
        self.actualizar_estudiante(**estudiante)

    def para(self, declarado: Declarado) -> tuple[str, list[str]]:
        """Completeness of a request declaring ``declarado``, and what it still lacks."""
        return completitud_de_la_solicitud(
            self.completitud, self.pendientes or [], self.grados or [], declarado
        )

    def actualizar_estudiante(self, **datos) -> None:
        """Names and the IE/year/grade of the last registered grade (only what is known)."""
        for campo, valor in datos.items():
            if hasattr(self, campo) and valor is not None:
                setattr(self, campo, valor)


class ConfiguracionIE:
    """Settings an IE's director controls in solicitudes («Configuración»).

    ``habilitar_solicitud`` starts off: a newly registered IE receives no web requests until
    its director (or, for a closed IE, its UGEL) enables them, as the ministry's menu suggests.
    """

    def __init__(self, codigo_modular: str, anexo: str, habilitar_solicitud: bool = False):
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.habilitar_solicitud = habilitar_solicitud
        self.actualizado_por = ""
        self.actualizado_en: datetime | None = None

    def cambiar(self, habilitar_solicitud: bool, por: str) -> None:
        """Turn web requests on or off, recording who and when."""
        self.habilitar_solicitud = habilitar_solicitud
        self.actualizado_por = por
        self.actualizado_en = datetime.now(UTC)
