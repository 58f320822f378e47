"""The curricular catalog as data: diseños curriculares, their areas and competencies."""

from __future__ import annotations

from services.notas.domain.modelo import Calificacion, nombre_de_area


class DisenoCurricular:
    """A curricular design for one modalidad and nivel, valid between two years."""

    def __init__(
        self,
        codigo: str,
        nombre: str,
        modalidad: str,
        nivel: str,
        anio_inicio: int,
        anio_fin: int | None,
        por_competencias: bool,
    ):
        self.codigo = codigo
        self.nombre = nombre
        self.modalidad = modalidad
        self.nivel = nivel
        self.anio_inicio = anio_inicio
        self.anio_fin = anio_fin
        self.por_competencias = por_competencias

    def vigente_en(self, anio: int) -> bool:
        return self.anio_inicio <= anio and (self.anio_fin is None or anio <= self.anio_fin)

    def como_dict(self) -> dict:
        return {
            "codigo": self.codigo,
            "nombre": self.nombre,
            "modalidad": self.modalidad,
            "nivel": self.nivel,
            "anio_inicio": self.anio_inicio,
            "anio_fin": self.anio_fin,
            "por_competencias": self.por_competencias,
        }


class AreaCurricular:
    """An area, taller or transversal competency of a design, with its competencies."""

    id: int | None

    def __init__(
        self,
        diseno_curricular: str,
        tipo_area: str,
        nombre: str,
        orden: int,
        competencias: list[str],
    ):
        self.id = None
        self.diseno_curricular = diseno_curricular
        self.tipo_area = tipo_area
        self.nombre = nombre_de_area(nombre)
        self.orden = orden
        self.competencias = list(competencias)

    def como_dict(self) -> dict:
        return {
            "id": self.id,
            "diseno_curricular": self.diseno_curricular,
            "tipo_area": self.tipo_area,
            "nombre": self.nombre,
            "competencias": list(self.competencias),
        }

    def como_calificacion(self, orden: int) -> Calificacion:
        """A blank row for a grade, with a blank cell per competency when graded so."""
        return Calificacion(
            self.nombre,
            self.tipo_area,
            None,
            orden,
            [{"nombre": k, "calificacion": None} for k in self.competencias],
        )
