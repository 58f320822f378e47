"""Grade registry: students and the grades of each grade they studied, as the actas say."""

from __future__ import annotations

import secrets
from datetime import date

from services.notas.domain import completitud as reglas
from services.notas.domain.auditoria import Cambio, cambios_entre
from services.notas.domain.calificaciones import (
    EXONERADO,
    GRADOS_POR_NIVEL,
    LEYENDAS,
    NIVELES_EBA,
    error_calificacion,
    error_competencia,
    orden_grado,
)
from services.notas.domain.completitud import COMPLETA, INCOMPLETA, SIN_INFORMACION, Pendiente
from services.notas.domain.institucion import Institucion, Parametros
from shared.errores import ErrorDeDominio

__all__ = [
    "COMPLETA",
    "INCOMPLETA",
    "SIN_INFORMACION",
    "Calificacion",
    "Estudiante",
    "GradoCursado",
    "Institucion",
    "Pendiente",
]

TIPOS_OBSERVACION = ("RETIRO", "TRASLADO", "PRUEBA DE UBICACIÓN", "CONVALIDACIÓN/REVALIDACIÓN")


def nombre_de_area(texto: str) -> str:
    """Areas are written as the actas print them: upper case, single spaces."""
    return " ".join(texto.split()).upper()


class Calificacion:
    """The grade of one area, taller or transversal competency; per competency under CNEB."""

    def __init__(
        self,
        area: str,
        tipo_area: str,
        calificacion: str | None,
        orden: int = 0,
        competencias: list[dict] | None = None,
    ):
        self.area = nombre_de_area(area)
        self.tipo_area = tipo_area
        self.calificacion = calificacion or None
        self.orden = orden
        self.competencias = [
            {"nombre": k["nombre"], "calificacion": k.get("calificacion") or None}
            for k in competencias or ()
        ]

    def como_dict(self) -> dict:
        return {
            "area": self.area,
            "tipo_area": self.tipo_area,
            "calificacion": self.calificacion,
            "competencias": [dict(k) for k in self.competencias],
        }


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
        aplica: bool = True,
        diseno_curricular: str | None = None,
        observaciones: list[dict] | None = None,
    ):
        self.nivel = nivel
        self.modalidad = modalidad
        self.grado = grado
        self.anio_lectivo = anio_lectivo
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.situacion_final = situacion_final
        self.calificaciones = list(calificaciones)
        self.aplica = aplica
        self.diseno_curricular = diseno_curricular
        self.observaciones = [dict(o) for o in observaciones or ()]

    @property
    def codigo(self) -> str:
        return f"{self.codigo_modular}-{self.anexo}"

    def validar(self) -> None:
        """Grade of its nivel, modalidad of its nivel, no repeated area, every value allowed."""
        if self.grado not in GRADOS_POR_NIVEL.get(self.nivel, ()):
            raise ErrorDeDominio(f"El nivel {self.nivel} no tiene el grado {self.grado}.", "grado")
        if (self.nivel in NIVELES_EBA) != (self.modalidad == "EBA"):
            raise ErrorDeDominio(
                f"El nivel {self.nivel} no corresponde a la modalidad {self.modalidad}.",
                "modalidad",
            )
        vistos = set()
        for i, c in enumerate(self.calificaciones):
            if c.area in vistos:
                raise ErrorDeDominio(
                    f"El área «{c.area}» está repetida.", f"calificaciones.{i}.area"
                )
            vistos.add(c.area)
            self._validar_celda(i, c)
        for i, o in enumerate(self.observaciones):
            if o.get("tipo") not in TIPOS_OBSERVACION:
                raise ErrorDeDominio(
                    f"Tipo de observación desconocido: {', '.join(TIPOS_OBSERVACION)}.",
                    f"observaciones.{i}.tipo",
                )

    def _validar_celda(self, i: int, c: Calificacion) -> None:
        args = (self.nivel, self.grado, self.anio_lectivo)
        if c.calificacion is not None:
            error = error_calificacion(c.calificacion, *args, c.tipo_area, c.area)
            if error:
                raise ErrorDeDominio(error, f"calificaciones.{i}.calificacion")
        if c.competencias and c.tipo_area != "AREA":
            raise ErrorDeDominio(
                "Solo las áreas se califican por competencias.", f"calificaciones.{i}.competencias"
            )
        nombres = set()
        for j, k in enumerate(c.competencias):
            campo = f"calificaciones.{i}.competencias.{j}"
            if k["nombre"] in nombres:
                raise ErrorDeDominio(f"La competencia «{k['nombre']}» está repetida.", campo)
            nombres.add(k["nombre"])
            if k["calificacion"] is None:
                continue
            if c.calificacion == EXONERADO:
                raise ErrorDeDominio(
                    f"El área «{c.area}» está exonerada: sus competencias no se califican.",
                    campo + ".calificacion",
                )
            error = error_competencia(k["calificacion"], *args, f"{c.area} ({k['nombre']})")
            if error:
                raise ErrorDeDominio(error, campo + ".calificacion")

    def validar_talleres(self, permitidos: set[str]) -> None:
        """Each taller graded here is one the IE offers (or offered when the grade was saved)."""
        for i, c in enumerate(self.calificaciones):
            if c.tipo_area == "TALLER" and c.area not in permitidos:
                raise ErrorDeDominio(
                    f"El taller «{c.area}» no está registrado como taller activo de la "
                    f"institución educativa {self.codigo}.",
                    f"calificaciones.{i}.area",
                )

    def actualizar_desde(self, otro: GradoCursado) -> None:
        """Take everything the acta says from ``otro`` (same nivel and grade)."""
        for campo in (
            "modalidad",
            "anio_lectivo",
            "codigo_modular",
            "anexo",
            "situacion_final",
            "aplica",
            "diseno_curricular",
        ):
            setattr(self, campo, getattr(otro, campo))
        self.observaciones = [dict(o) for o in otro.observaciones]
        self.calificaciones = list(otro.calificaciones)

    def cantidad_areas(self) -> int:
        """Áreas curriculares that count for the parámetros (exonerated ones do not)."""
        return sum(
            1 for c in self.calificaciones if c.tipo_area == "AREA" and c.calificacion != EXONERADO
        )

    def cantidad_talleres(self) -> int:
        return sum(1 for c in self.calificaciones if c.tipo_area == "TALLER")

    def leyenda(self) -> dict:
        """How many rows of each type the grade lists, as the screen's legend shows them."""
        return {
            etiqueta: sum(1 for c in self.calificaciones if c.tipo_area == tipo)
            for tipo, etiqueta in LEYENDAS.items()
        }

    def completo(self, parametros: Parametros | None = None) -> bool:
        return not reglas.pendientes_del_grado(self, parametros or Parametros())

    def como_dict(self) -> dict:
        return {
            "grado": self.grado,
            "anio_lectivo": self.anio_lectivo,
            "codigo_modular": self.codigo_modular,
            "anexo": self.anexo,
            "situacion_final": self.situacion_final,
            "calificaciones": [
                c.como_dict() for c in sorted(self.calificaciones, key=lambda c: c.orden)
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
        # How the staff API names the student in its URLs: random, never the document.
        self.id_estudiante = secrets.token_urlsafe(16)
        self.version = 0
        self.grados: list[GradoCursado] = []

    def grado(self, nivel: str, grado: str) -> GradoCursado | None:
        return next((g for g in self.grados if (g.nivel, g.grado) == (nivel, grado)), None)

    def registrar_grado(self, nuevo: GradoCursado) -> list[Cambio]:
        """Record (or replace) the grades of one grade of one nivel; returns what changed."""
        nuevo.validar()
        existente = self.grado(nuevo.nivel, nuevo.grado)
        cambios = cambios_entre(existente, nuevo)
        if existente is None:
            self.grados.append(nuevo)
        else:
            # Updated in place: the row keeps its identity (no delete + insert on one key).
            existente.actualizar_desde(nuevo)
        self.version += 1
        return cambios

    def grados_de(self, nivel: str) -> list[GradoCursado]:
        return sorted(
            (g for g in self.grados if g.nivel == nivel), key=lambda g: orden_grado(g.grado)
        )

    def niveles(self) -> list[str]:
        return sorted({g.nivel for g in self.grados})

    def ultimo_grado(self, nivel: str) -> GradoCursado | None:
        """The last grade that applies: its IE issues the certificate, its parámetros rule."""
        aplicables = [g for g in self.grados_de(nivel) if g.aplica]
        return aplicables[-1] if aplicables else None

    def completitud(self, nivel: str, parametros: Parametros | None = None) -> str:
        """Data completeness of one nivel, as the director's queue shows it."""
        return reglas.completitud(self.grados_de(nivel), parametros or Parametros())

    def pendientes(self, nivel: str, parametros: Parametros | None = None) -> list[Pendiente]:
        return reglas.pendientes(self.grados_de(nivel), parametros or Parametros())

    def registro(self, nivel: str, parametros: Parametros | None = None) -> dict:
        """Snapshot of one nivel's record, as emission prints it (applying grades only)."""
        grados = self.grados_de(nivel)
        aplicables = [g for g in grados if g.aplica]
        observaciones = sorted(
            (o for g in grados for o in g.observaciones), key=lambda o: (o["anio"], o["tipo"])
        )
        return {
            "nivel": nivel,
            "modalidad": grados[-1].modalidad if grados else "EBR",
            "version_registro": self.version,
            "grados": [g.como_dict() for g in aplicables],
            "observaciones": observaciones,
            "parametros": (parametros or Parametros()).como_dict(),
        }

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
