"""Issued certificates, the grade records they are printed from, and the checks before printing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from shared.cobertura import Declarado, faltantes, grados_del_registro
from shared.errores import Conflicto
from shared.mensajes import CertificadoAnulado, RegistraEventos

VIGENTE = "VIGENTE"
SUSTITUIDO = "SUSTITUIDO"
ANULADO = "ANULADO"
COMPLETA = "INFORMACIÓN COMPLETA"


class RegistroLocal:
    """emision's own copy of a student's record for one nivel (fed by RegistroNotasActualizado)."""

    def __init__(
        self,
        tipo_documento: str,
        numero_documento: str,
        nivel: str,
        version: int,
        completitud: str,
        estudiante: dict,
        registro: dict,
    ):
        self.tipo_documento = tipo_documento
        self.numero_documento = numero_documento
        self.nivel = nivel
        self.version = version
        self.completitud = completitud
        self.estudiante = estudiante
        self.registro = registro

    def actualizar(self, version: int, completitud: str, estudiante: dict, registro: dict) -> bool:
        """Take a newer version; an older or repeated one changes nothing."""
        if version <= self.version:
            return False
        self.version, self.completitud = version, completitud
        self.estudiante, self.registro = estudiante, registro
        return True

    def motivo_para_no_emitir(self, declarado: Declarado | None = None) -> str | None:
        """Why this record cannot be printed yet (completeness, parámetros, what the request
        declares), or None."""
        if self.completitud != COMPLETA:
            return f"El registro de notas está en estado {self.completitud}."
        faltan = faltantes(grados_del_registro(self.registro), declarado) if declarado else []
        if faltan:
            return "El registro de notas no alcanza lo que declara la solicitud: " + " ".join(
                faltan
            )
        return fuera_de_parametros(self.registro)


def fuera_de_parametros(registro: dict) -> str | None:
    """Check the IE's min/max áreas and talleres per grade (exonerated areas don't count)."""
    parametros = registro.get("parametros")
    if not parametros:
        return None
    for grado in registro.get("grados", []):
        calificaciones = grado.get("calificaciones", [])
        areas = sum(
            1
            for c in calificaciones
            if c.get("tipo_area") == "AREA" and c.get("calificacion") != "EXO"
        )
        talleres = sum(1 for c in calificaciones if c.get("tipo_area") == "TALLER")
        for nombre, cuenta, minimo, maximo in (
            (
                ("área curricular", "áreas curriculares"),
                areas,
                parametros.get("min_areas"),
                parametros.get("max_areas"),
            ),
            (
                ("taller", "talleres"),
                talleres,
                parametros.get("min_talleres"),
                parametros.get("max_talleres"),
            ),
        ):
            nombre = nombre[0] if cuenta == 1 else nombre[1]
            if minimo is not None and cuenta < minimo:
                return (
                    f"El grado {grado['grado']} ({grado['anio_lectivo']}) tiene {cuenta} "
                    f"{nombre}; el mínimo de la institución es {minimo}."
                )
            if maximo is not None and cuenta > maximo:
                return (
                    f"El grado {grado['grado']} ({grado['anio_lectivo']}) tiene {cuenta} "
                    f"{nombre}; el máximo de la institución es {maximo}."
                )
    return None


class Certificado(RegistraEventos):
    """One issued CE: its código virtual, the request it answers, what it printed, its state.

    Records CertificadoAnulado when voided; the unit of work writes it to the outbox at commit.
    """

    id: int | None

    def __init__(
        self,
        codigo_virtual: str,
        numero_solicitud: int,
        tipo_documento: str,
        numero_documento: str,
        nivel: str,
        codigo_modular: str,
        anexo: str,
        version_registro: int,
        contenido_certificado: dict,
        huella: str,
        kid: str,
        sha256: str,
        emitido_en: datetime,
        codigo_ugel: str | None = None,
        lista_estado: int | None = None,
        indice_estado: int | None = None,
    ):
        self.id = None
        self.codigo_virtual = codigo_virtual
        self.numero_solicitud = numero_solicitud
        self.tipo_documento = tipo_documento
        self.numero_documento = numero_documento
        self.nivel = nivel
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.version_registro = version_registro
        self.contenido_certificado = contenido_certificado
        self.huella = huella
        self.kid = kid
        self.sha256 = sha256
        self.emitido_en = emitido_en
        self.estado = VIGENTE
        self.sustituido_por: str | None = None
        self.motivo_anulacion: str | None = None
        self.anulado_por: str | None = None
        self.anulado_en: datetime | None = None
        self.codigo_ugel = codigo_ugel  # the IE's UGEL when issued (None: not known)
        # Its position in verificacion's status lists (None: issued before they existed).
        self.lista_estado = lista_estado
        self.indice_estado = indice_estado

    def sustituir(self, por_codigo: str, sha256_con_marca: str) -> None:
        """A newer CE of the same student and nivel exists: this one now carries the watermark."""
        self.estado = SUSTITUIDO
        self.sustituido_por = por_codigo
        self.sha256 = sha256_con_marca
        self.contenido_certificado = {**self.contenido_certificado, "sustituido": True}

    def anular(self, motivo: str, por: str) -> None:
        """Void it for good, with the reason verifiers will read."""
        if self.estado == ANULADO:
            raise Conflicto(f"El certificado ya fue anulado: {self.motivo_anulacion}")
        self.estado = ANULADO
        self.motivo_anulacion = motivo
        self.anulado_por = por
        self.anulado_en = datetime.now(UTC).replace(microsecond=0)
        anulacion = {"anulado_en": self.anulado_en.isoformat(), "motivo": motivo}
        self.contenido_certificado = {**self.contenido_certificado, "anulacion": anulacion}
        self.registrar(
            CertificadoAnulado(
                codigo_virtual=self.codigo_virtual,
                motivo_anulacion=motivo,
                anulado_por=por,
                anulado_en=self.anulado_en,
                numero_solicitud=self.numero_solicitud,
                sha256=self.sha256,
            )
        )

    def reimpreso(self, sha256: str) -> None:
        """Its PDF was rendered again (now with its marks): the stored file has this hash."""
        self.sha256 = sha256
        # A CertificadoAnulado not yet collected names the PDF now marked ANULADO.
        self.__dict__["_eventos"] = [
            replace(e, sha256=sha256) if isinstance(e, CertificadoAnulado) else e
            for e in self.sacar_eventos()
        ]
