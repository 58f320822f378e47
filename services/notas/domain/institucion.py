"""Schools of the padrón, their parámetros and their own talleres."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from shared.errores import Conflicto, ErrorDeDominio

ACTIVA, CERRADA = "ACTIVA", "CERRADA"
ACTIVO, INACTIVO = "ACTIVO", "INACTIVO"
MAXIMO_PARAMETRO = 60  # no acta has more columns than this


@dataclass(frozen=True)
class Parametros:
    """How many áreas curriculares and talleres a CE of the IE may show (seed defaults)."""

    min_areas: int = 1
    max_areas: int = 10
    min_talleres: int = 0
    max_talleres: int = 0

    def validar(self) -> None:
        """Each minimum at most its maximum, all within 0–60."""
        for nombre in ("min_areas", "max_areas", "min_talleres", "max_talleres"):
            if not 0 <= getattr(self, nombre) <= MAXIMO_PARAMETRO:
                raise ErrorDeDominio(f"Debe estar entre 0 y {MAXIMO_PARAMETRO}.", nombre)
        if self.min_areas > self.max_areas:
            raise ErrorDeDominio(
                "El mínimo de áreas curriculares no puede superar el máximo.", "min_areas"
            )
        if self.min_talleres > self.max_talleres:
            raise ErrorDeDominio(
                "El mínimo de talleres no puede superar el máximo.", "min_talleres"
            )

    def como_dict(self) -> dict:
        return {
            "min_areas": self.min_areas,
            "max_areas": self.max_areas,
            "min_talleres": self.min_talleres,
            "max_talleres": self.max_talleres,
        }


class Institucion:
    """An IE of the padrón, identified by código modular + anexo."""

    def __init__(
        self,
        codigo_modular: str,
        anexo: str,
        nombre: str,
        estado: str,
        codigo_ugel: str,
        nombre_ugel: str,
        modalidad: str,
        niveles: list[str],
        codigo_dre: str | None = None,
        nombre_dre: str = "",
        ubigeo: str = "",
        departamento: str = "",
        provincia: str = "",
        distrito: str = "",
    ):
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.nombre = nombre
        self.estado = estado
        self.codigo_ugel = codigo_ugel  # compared (scopes); the name is shown only
        self.nombre_ugel = nombre_ugel
        self.modalidad = modalidad
        self.niveles = list(niveles)
        self.codigo_dre = codigo_dre  # DRE by code, its name as data (as the UGEL)
        self.nombre_dre = nombre_dre
        self.ubigeo = ubigeo
        self.departamento = departamento
        self.provincia = provincia
        self.distrito = distrito
        self.configurar_parametros(Parametros())

    @property
    def codigo(self) -> str:
        return f"{self.codigo_modular}-{self.anexo}"

    @property
    def parametros(self) -> Parametros:
        return Parametros(self.min_areas, self.max_areas, self.min_talleres, self.max_talleres)

    def configurar_parametros(self, parametros: Parametros) -> None:
        """Set the min/max áreas and talleres its certificates must respect."""
        parametros.validar()
        self.min_areas, self.max_areas = parametros.min_areas, parametros.max_areas
        self.min_talleres, self.max_talleres = parametros.min_talleres, parametros.max_talleres

    def como_dict(self) -> dict:
        return {
            "codigo_modular": self.codigo_modular,
            "anexo": self.anexo,
            "codigo": self.codigo,
            "nombre": self.nombre,
            "estado": self.estado,
            "codigo_ugel": self.codigo_ugel,
            "nombre_ugel": self.nombre_ugel,
            "codigo_dre": self.codigo_dre,
            "nombre_dre": self.nombre_dre,
            "modalidad": self.modalidad,
            "niveles": list(self.niveles),
            "ubigeo": self.ubigeo,
            "departamento": self.departamento,
            "provincia": self.provincia,
            "distrito": self.distrito,
        }


class Taller:
    """A workshop an IE offers; given de baja (INACTIVO), never deleted: old actas name it."""

    id: int | None

    def __init__(self, codigo_modular: str, anexo: str, nombre: str, creado_en: datetime):
        self.id = None
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.nombre = nombre
        self.estado = ACTIVO
        self.creado_en = creado_en
        self.dado_de_baja_en: datetime | None = None

    def dar_de_baja(self, cuando: datetime) -> None:
        """No longer offered: it cannot be added to new grades, old records keep it."""
        if self.estado == INACTIVO:
            raise Conflicto(f"El taller «{self.nombre}» ya está dado de baja.", "estado")
        self.estado, self.dado_de_baja_en = INACTIVO, cuando

    def como_dict(self) -> dict:
        return {
            "id": self.id,
            "nombre": self.nombre,
            "estado": self.estado,
            "creado_en": en_utc(self.creado_en).isoformat(),
            "dado_de_baja_en": en_utc(self.dado_de_baja_en).isoformat()
            if self.dado_de_baja_en
            else None,
        }


def en_utc(momento: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return momento if momento.tzinfo is not None else momento.replace(tzinfo=UTC)
