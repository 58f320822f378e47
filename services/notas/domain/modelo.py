"""Grade registry: schools, students and the grades of each grade they studied."""

from __future__ import annotations

from datetime import date

from services.notas.domain.calificaciones import GRADOS, GRADOS_POR_NIVEL, error_calificacion
from shared.errores import ErrorDeDominio

SIN_INFORMACION = "SIN INFORMACIÓN"
INCOMPLETA = "INFORMACIÓN INCOMPLETA"
COMPLETA = "INFORMACIÓN COMPLETA"


class Institucion:
    """An IE of the padrón, identified by código modular + anexo."""

    def __init__(
        self,
        codigo_modular: str,
        anexo: str,
        nombre: str,
        estado: str,
        ugel: str,
        modalidad: str,
        niveles: list[str],
        dre: str = "",
        ubigeo: str = "",
    ):
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.nombre = nombre
        self.estado = estado
        self.ugel = ugel
        self.modalidad = modalidad
        self.niveles = list(niveles)
        self.dre = dre
        self.ubigeo = ubigeo

    @property
    def codigo(self) -> str:
        return f"{self.codigo_modular}-{self.anexo}"


class Calificacion:
    """The grade of one area, workshop or transversal competency in one grade."""

    def __init__(self, area: str, tipo_area: str, calificacion: str | None, orden: int = 0):
        self.area = area
        self.tipo_area = tipo_area
        self.calificacion = calificacion
        self.orden = orden


class GradoCursado:
    """One grade of one nivel as the acta records it."""

    def __init__(
        self,
        nivel: str,
        modalidad: str,
        grado: str,
        anio_lectivo: int,
        codigo_modular: str,
        anexo: str,
        situacion_final: str | None,
        calificaciones: list[Calificacion],
    ):
        self.nivel = nivel
        self.modalidad = modalidad
        self.grado = grado
        self.anio_lectivo = anio_lectivo
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.situacion_final = situacion_final
        self.calificaciones = list(calificaciones)

    def validar(self) -> None:
        """The grade exists in its nivel; every grade is on the scale of its nivel and year."""
        if self.grado not in GRADOS_POR_NIVEL.get(self.nivel, GRADOS):
            raise ErrorDeDominio(f"El nivel {self.nivel} no tiene el grado {self.grado}.", "grado")
        vistos = set()
        for i, c in enumerate(self.calificaciones):
            if c.area in vistos:
                raise ErrorDeDominio(
                    f"El área «{c.area}» está repetida.", f"calificaciones.{i}.area"
                )
            vistos.add(c.area)
            if c.calificacion is None:
                continue
            error = error_calificacion(
                c.calificacion, self.nivel, self.grado, self.anio_lectivo, c.tipo_area
            )
            if error:
                raise ErrorDeDominio(error, f"calificaciones.{i}.calificacion")

    def actualizar_desde(self, otro: GradoCursado) -> None:
        """Take the year, IE, situación final and grades of ``otro``."""
        self.modalidad = otro.modalidad
        self.anio_lectivo = otro.anio_lectivo
        self.codigo_modular = otro.codigo_modular
        self.anexo = otro.anexo
        self.situacion_final = otro.situacion_final
        self.calificaciones = list(otro.calificaciones)

    def completo(self) -> bool:
        return (
            bool(self.situacion_final)
            and bool(self.calificaciones)
            and all(c.calificacion for c in self.calificaciones)
        )

    def como_dict(self) -> dict:
        return {
            "grado": self.grado,
            "anio_lectivo": self.anio_lectivo,
            "codigo_modular": self.codigo_modular,
            "anexo": self.anexo,
            "situacion_final": self.situacion_final,
            "calificaciones": [
                {
                    "area": c.area,
                    "tipo_area": c.tipo_area,
                    "calificacion": c.calificacion,
                    "competencias": [],
                }
                for c in sorted(self.calificaciones, key=lambda c: c.orden)
            ],
        }


class Estudiante:
    """A student and the grades they studied; ``version`` grows with every change."""

    def __init__(
        self,
        tipo_documento: str,
        numero_documento: str,
        nombres: str,
        primer_apellido: str,
        segundo_apellido: str,
        fecha_nacimiento: date,
        pais: str = "PERÚ",
    ):
        self.tipo_documento = tipo_documento
        self.numero_documento = numero_documento
        self.nombres = nombres
        self.primer_apellido = primer_apellido
        self.segundo_apellido = segundo_apellido
        self.fecha_nacimiento = fecha_nacimiento
        self.pais = pais
        self.version = 0
        self.grados: list[GradoCursado] = []

    def registrar_grado(self, nuevo: GradoCursado) -> None:
        """Record (or replace) the grades of one grade of one nivel."""
        nuevo.validar()
        existente = next(
            (g for g in self.grados if (g.nivel, g.grado) == (nuevo.nivel, nuevo.grado)), None
        )
        if existente is None:
            self.grados.append(nuevo)
        else:
            # Updated in place: the row keeps its identity (no delete + insert on one key).
            existente.actualizar_desde(nuevo)
        self.version += 1

    def grados_de(self, nivel: str) -> list[GradoCursado]:
        orden = {"PRIMERO": 1, "SEGUNDO": 2, "TERCERO": 3, "CUARTO": 4, "QUINTO": 5, "SEXTO": 6}
        return sorted((g for g in self.grados if g.nivel == nivel), key=lambda g: orden[g.grado])

    def completitud(self, nivel: str) -> str:
        """Data completeness of one nivel, as the director's queue shows it."""
        grados = self.grados_de(nivel)
        if not grados:
            return SIN_INFORMACION
        return COMPLETA if all(g.completo() for g in grados) else INCOMPLETA

    def datos_personales(self) -> dict:
        return {
            "tipo_documento": self.tipo_documento,
            "numero_documento": self.numero_documento,
            "nombres": self.nombres,
            "primer_apellido": self.primer_apellido,
            "segundo_apellido": self.segundo_apellido,
            "fecha_nacimiento": self.fecha_nacimiento.isoformat(),
            "pais": self.pais,
        }

    def registro(self, nivel: str) -> dict:
        """Snapshot of one nivel's record, as emission prints it."""
        grados = self.grados_de(nivel)
        return {
            "nivel": nivel,
            "modalidad": grados[-1].modalidad if grados else "EBR",
            "version": self.version,
            "grados": [g.como_dict() for g in grados],
        }
