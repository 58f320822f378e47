"""Contenido de un Certificado Oficial de Estudios (CE), listo para imprimir.

Dataclasses puras: el renderizador PDF solo lee estos objetos y el servicio de emisión
los reconstruye desde las instantáneas JSON de notas con `documento_desde_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

TIPO_AREA = "AREA"
TIPO_TALLER = "TALLER"
TIPO_COMPETENCIA_TRANSVERSAL = "COMPETENCIA_TRANSVERSAL"


@dataclass(frozen=True)
class Competencia:
    """Competencia calificada bajo un área (CNEB)."""

    nombre: str
    calificacion: str | None


@dataclass(frozen=True)
class Calificacion:
    """Nota de un área, taller o competencia transversal en un grado."""

    area: str
    tipo_area: str  # "AREA" | "TALLER" | "COMPETENCIA_TRANSVERSAL"
    calificacion: str | None  # "17", "AD", "EXO"; None se imprime "-"
    competencias: tuple[Competencia, ...] = ()


@dataclass(frozen=True)
class Grado:
    """Una columna del certificado: un grado cursado en un año lectivo."""

    grado: str  # "PRIMERO".."SEXTO"
    anio_lectivo: int
    codigo_modular: str
    anexo: str
    situacion_final: str | None
    calificaciones: tuple[Calificacion, ...]


@dataclass(frozen=True)
class Estudiante:
    """Identidad del estudiante tal como se imprime."""

    tipo_documento: str  # "DNI","CE","PASAPORTE","PTP","CPP","CODIGO_ESTUDIANTE"
    numero_documento: str
    nombres: str
    primer_apellido: str
    segundo_apellido: str  # puede ser "" (extranjeros)


@dataclass(frozen=True)
class Observacion:
    """Línea del bloque Observaciones (retiro, traslado, convalidación...)."""

    tipo: str
    anio: int
    resolucion: str
    motivo: str


@dataclass(frozen=True)
class Anulacion:
    """Por qué y cuándo se anuló el CE: se imprime en cada página del PDF anulado."""

    anulado_en: datetime
    motivo: str


@dataclass(frozen=True)
class DocumentoCertificado:
    """Todo lo que se imprime en un CE."""

    codigo_virtual: str
    numero_solicitud: int
    emitido_en: datetime
    url_verificacion: str
    modalidad: str  # "EBR" | "EBA" | "EBE"
    nivel: str  # "PRIMARIA" | "SECUNDARIA" | ...
    estudiante: Estudiante
    nombre_institucion: str
    grados: tuple[Grado, ...]
    observaciones: tuple[Observacion, ...] = ()
    sustituido: bool = False
    contenido_qr: str = ""  # the QR's text when it carries more than the URL (signed seal)
    anulacion: Anulacion | None = None  # set when the CE was annulled: the PDF says ANULADO
    # Its position in verificacion's status lists (Bitstring Status List): the VC carries it.
    lista_estado: int | None = None
    indice_estado: int | None = None
    rol_emisor: str | None = None  # the rol that ordered the emission: the VC's evidence

    def __post_init__(self) -> None:
        # A naive datetime would print a wrong Lima time without anyone noticing.
        if self.emitido_en.tzinfo is None or self.emitido_en.utcoffset() is None:
            raise ValueError("emitido_en debe tener zona horaria")


def documento_desde_dict(d: dict[str, Any]) -> DocumentoCertificado:
    """Construye un DocumentoCertificado desde un dict tipo JSON (mismos nombres de clave)."""
    emitido_en = d["emitido_en"]
    if isinstance(emitido_en, str):
        emitido_en = datetime.fromisoformat(emitido_en)
    return DocumentoCertificado(
        codigo_virtual=d["codigo_virtual"],
        numero_solicitud=int(d["numero_solicitud"]),
        emitido_en=emitido_en,
        url_verificacion=d["url_verificacion"],
        modalidad=d["modalidad"],
        nivel=d["nivel"],
        estudiante=_estudiante_desde_dict(d["estudiante"]),
        nombre_institucion=d["nombre_institucion"],
        grados=tuple(_grado_desde_dict(g) for g in d["grados"]),
        observaciones=tuple(_observacion_desde_dict(o) for o in d.get("observaciones") or ()),
        sustituido=bool(d.get("sustituido", False)),
        contenido_qr=d.get("contenido_qr") or "",
        anulacion=_anulacion_desde_dict(d.get("anulacion")),
        lista_estado=d.get("lista_estado"),
        indice_estado=d.get("indice_estado"),
        rol_emisor=d.get("rol_emisor"),
    )


def documento_a_dict(doc: DocumentoCertificado) -> dict[str, Any]:
    """Inverso de documento_desde_dict: dict serializable a JSON (fecha en ISO-8601)."""
    return {
        "codigo_virtual": doc.codigo_virtual,
        "numero_solicitud": doc.numero_solicitud,
        "emitido_en": doc.emitido_en.isoformat(),
        "url_verificacion": doc.url_verificacion,
        "modalidad": doc.modalidad,
        "nivel": doc.nivel,
        "estudiante": vars(doc.estudiante).copy(),
        "nombre_institucion": doc.nombre_institucion,
        "grados": [_grado_a_dict(g) for g in doc.grados],
        "observaciones": [vars(o).copy() for o in doc.observaciones],
        "sustituido": doc.sustituido,
        "contenido_qr": doc.contenido_qr,
        "anulacion": (
            {"anulado_en": doc.anulacion.anulado_en.isoformat(), "motivo": doc.anulacion.motivo}
            if doc.anulacion
            else None
        ),
        "lista_estado": doc.lista_estado,
        "indice_estado": doc.indice_estado,
        "rol_emisor": doc.rol_emisor,
    }


def _anulacion_desde_dict(a: dict[str, Any] | None) -> Anulacion | None:
    if not a:
        return None
    en = a["anulado_en"]
    return Anulacion(datetime.fromisoformat(en) if isinstance(en, str) else en, a["motivo"])


def _estudiante_desde_dict(e: dict[str, Any]) -> Estudiante:
    return Estudiante(
        tipo_documento=e["tipo_documento"],
        numero_documento=e["numero_documento"],
        nombres=e["nombres"],
        primer_apellido=e["primer_apellido"],
        segundo_apellido=e.get("segundo_apellido") or "",
    )


def _grado_desde_dict(g: dict[str, Any]) -> Grado:
    return Grado(
        grado=g["grado"],
        anio_lectivo=int(g["anio_lectivo"]),
        codigo_modular=g["codigo_modular"],
        anexo=g.get("anexo", ""),
        situacion_final=g.get("situacion_final"),
        calificaciones=tuple(_calificacion_desde_dict(c) for c in g.get("calificaciones", ())),
    )


def _calificacion_desde_dict(c: dict[str, Any]) -> Calificacion:
    return Calificacion(
        area=c["area"],
        tipo_area=c.get("tipo_area", TIPO_AREA),
        calificacion=_nota(c.get("calificacion")),
        competencias=tuple(
            Competencia(nombre=k["nombre"], calificacion=_nota(k.get("calificacion")))
            for k in c.get("competencias") or ()
        ),
    )


def _nota(valor: Any) -> str | None:
    # A vigesimal grade that arrives as a JSON number is still printed with two digits ("05").
    if valor is None or valor == "":
        return None
    return f"{valor:02d}" if isinstance(valor, int) else str(valor)


def _observacion_desde_dict(o: dict[str, Any]) -> Observacion:
    return Observacion(
        tipo=o["tipo"], anio=int(o["anio"]), resolucion=o["resolucion"], motivo=o["motivo"]
    )


def _grado_a_dict(g: Grado) -> dict[str, Any]:
    return {
        "grado": g.grado,
        "anio_lectivo": g.anio_lectivo,
        "codigo_modular": g.codigo_modular,
        "anexo": g.anexo,
        "situacion_final": g.situacion_final,
        "calificaciones": [
            {
                "area": c.area,
                "tipo_area": c.tipo_area,
                "calificacion": c.calificacion,
                "competencias": [vars(k).copy() for k in c.competencias],
            }
            for c in g.calificaciones
        ],
    }
