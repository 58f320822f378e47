"""Grilla de calificaciones del CE: una columna por grado, filas por área y competencia.

`filas_cabecera` / `filas_cuerpo` arman el modelo (puro); `GrillaPdf` lo dibuja sobre un
FPDF paginando y repitiendo las filas de cabecera en cada página. Las primitivas de texto
(`ancho_texto`, `envolver`, `escribir`) reemplazan a cell/multi_cell de fpdf2, que son ~10
veces más lentas y dominaban el tiempo de render.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fpdf import FPDF

from services.emision.domain.documento import (
    TIPO_AREA,
    TIPO_COMPETENCIA_TRANSVERSAL,
    TIPO_TALLER,
    Calificacion,
    DocumentoCertificado,
    Grado,
)

VACIO = "-"
EXONERADO = "EXO"

CABECERA, SECCION, AREA, COMPETENCIA, SITUACION = (
    "cabecera",
    "seccion",
    "area",
    "competencia",
    "situacion",
)

FAMILIA = "DejaVu"
TAM = 7.5  # pt, grid text
TAM_MIN = 5.0  # pt, floor when shrinking a word that does not fit
INTERLINEA = 1.25  # line height / font size
RELLENO_V = 0.7  # mm, vertical padding inside a cell
RELLENO_H = 0.8  # mm, horizontal padding inside a cell
ANCHO_MIN_ETIQUETA = 64.0  # mm; grade columns share the rest, 14 to 24 mm each
SANGRIA = 4.0  # mm, competency indent under its area
PT = 25.4 / 72  # mm per point

_GRIS = {CABECERA: 238, SECCION: 222, SITUACION: 238}


@dataclass(frozen=True)
class Fila:
    """Una fila de la grilla: etiqueta a la izquierda y un valor por grado."""

    etiqueta: str
    valores: tuple[str, ...]
    estilo: str


def filas_cabecera(doc: DocumentoCertificado) -> list[Fila]:
    """Filas que identifican cada columna; se repiten en cada página."""
    return [
        Fila("Año lectivo", tuple(str(g.anio_lectivo) for g in doc.grados), CABECERA),
        Fila("Grado", tuple(g.grado for g in doc.grados), CABECERA),
        Fila("Código modular", tuple(_codigo_modular(g) for g in doc.grados), CABECERA),
    ]


def filas_cuerpo(doc: DocumentoCertificado) -> list[Fila]:
    """Áreas (con sus competencias), competencias transversales, talleres y situación final."""
    grados = doc.grados
    filas = [Fila("Áreas curriculares", (), SECCION)]
    for nombre in _nombres_en_orden(grados, TIPO_AREA):
        filas.extend(_filas_area(grados, nombre))
    for titulo, tipo in (
        ("Competencias transversales", TIPO_COMPETENCIA_TRANSVERSAL),
        ("Talleres", TIPO_TALLER),
    ):
        nombres = _nombres_en_orden(grados, tipo)
        if nombres:
            filas.append(Fila(titulo, (), SECCION))
            for nombre in nombres:
                filas.extend(_filas_area(grados, nombre, tipo))
    filas.append(
        Fila("Situación final", tuple(g.situacion_final or VACIO for g in grados), SITUACION)
    )
    return filas


def hay_exonerados(filas: Iterable[Fila]) -> bool:
    """True si alguna celda dice EXO (exige la nota al pie)."""
    return any(EXONERADO in f.valores for f in filas)


def _codigo_modular(g: Grado) -> str:
    return f"{g.codigo_modular}-{g.anexo}" if g.anexo else g.codigo_modular


def _nombres_en_orden(grados: Iterable[Grado], tipo: str) -> list[str]:
    # dict keeps first-appearance order across grades.
    vistos: dict[str, None] = {}
    for g in grados:
        for c in g.calificaciones:
            if c.tipo_area == tipo:
                vistos.setdefault(c.area, None)
    return list(vistos)


def _buscar(g: Grado, nombre: str, tipo: str) -> Calificacion | None:
    return next((c for c in g.calificaciones if c.area == nombre and c.tipo_area == tipo), None)


def _filas_area(grados: tuple[Grado, ...], nombre: str, tipo: str = TIPO_AREA) -> list[Fila]:
    """Fila del área y, si se calificó por competencias, una subfila por competencia."""
    notas = [_buscar(g, nombre, tipo) for g in grados]
    valores = tuple(_valor_area(c) for c in notas)
    competencias: dict[str, None] = {}
    for c in notas:
        for k in c.competencias if c else ():
            competencias.setdefault(k.nombre, None)
    filas = [Fila(nombre, valores, AREA)]
    for comp in competencias:
        filas.append(Fila(comp, tuple(_valor_competencia(c, comp) for c in notas), COMPETENCIA))
    return filas


def _valor_area(c: Calificacion | None) -> str:
    if c is None:
        return VACIO
    if c.calificacion:
        return c.calificacion
    # Graded per competency: the grades live in the sub-rows, keep the area cell clean.
    return "" if c.competencias else VACIO


def _valor_competencia(c: Calificacion | None, nombre: str) -> str:
    if c is None:
        return VACIO
    if c.calificacion == EXONERADO:
        return EXONERADO
    nota = next((k.calificacion for k in c.competencias if k.nombre == nombre), None)
    return nota or VACIO


def ancho_texto(pdf: FPDF, texto: str) -> float:
    """Ancho en mm con la fuente actual (get_string_width de fpdf2 es mucho más lento)."""
    fuente = pdf.current_font
    clave = (fuente.fontkey, texto)
    unidades = _ANCHOS.get(clave)
    if unidades is None:
        # Area names, grades and labels repeat across certificates: cache per (font, text).
        if len(_ANCHOS) > 20000:
            _ANCHOS.clear()
        anchos = fuente.cw
        unidades = _ANCHOS[clave] = sum(anchos[ord(c)] for c in texto)
    return unidades * pdf.font_size_pt / (1000 * pdf.k)


# Both font paths use DejaVu, so widths keyed by fpdf2 fontkey are valid for either.
_ANCHOS: dict[tuple[str, str], int] = {}


def envolver(pdf: FPDF, texto: str, ancho: float, tam: float) -> tuple[tuple[str, ...], float]:
    """Parte `texto` en líneas que caben en `ancho` mm; achica la letra si una palabra no cabe.

    Devuelve (líneas, tamaño en pt) para la fuente actual; no cambia el tamaño de `pdf`.
    """
    fuente = pdf.current_font
    clave = (fuente.fontkey, texto, ancho, tam)
    resultado = _LINEAS.get(clave)
    if resultado is None:
        if len(_LINEAS) > 20000:
            _LINEAS.clear()
        anterior = pdf.font_size_pt
        resultado = _LINEAS[clave] = _envolver(pdf, texto, ancho, tam)
        pdf.set_font_size(anterior)
    return resultado


_ESPACIOS = re.compile(r"[^\S\xa0]+")
# Grades, "-" and catalog names repeat across certificates; layout is pure in its inputs.
_LINEAS: dict[tuple[str, str, float, float], tuple[tuple[str, ...], float]] = {}


def _envolver(pdf: FPDF, texto: str, ancho: float, tam: float) -> tuple[tuple[str, ...], float]:
    # Break only at ordinary whitespace: a no-break space keeps "N.° 12345678" together.
    palabras = _ESPACIOS.sub(" ", texto).strip(" ").split(" ")
    palabras = [p for p in palabras if p]
    while tam > TAM_MIN and palabras:
        pdf.set_font_size(tam)
        if max(ancho_texto(pdf, p) for p in palabras) <= ancho:
            break
        tam -= 0.5
    pdf.set_font_size(tam)
    espacio = ancho_texto(pdf, " ")
    lineas: list[str] = []
    actual, usado = "", 0.0
    for palabra in palabras:
        medida = ancho_texto(pdf, palabra)
        if actual and usado + espacio + medida > ancho:
            lineas.append(actual)
            actual, usado = "", 0.0
        actual, usado = (
            (f"{actual} {palabra}", usado + espacio + medida) if actual else (palabra, medida)
        )
    lineas.append(actual)
    return tuple(_cortar(pdf, linea, ancho) for linea in lineas), tam


def escribir(
    pdf: FPDF,
    lineas: Iterable[str],
    x: float,
    y: float,
    interlinea: float,
    centrar_en: float | None = None,
) -> float:
    """Escribe líneas desde la coordenada superior `y`; centra en `centrar_en` mm si se da."""
    for linea in lineas:
        if linea:
            xl = x if centrar_en is None else x + (centrar_en - ancho_texto(pdf, linea)) / 2
            # Baseline sits ~0.75 of the line box below its top for DejaVu at 1.25 leading.
            pdf.text(xl, y + interlinea * 0.75, linea)
        y += interlinea
    return y


def fijar_fuente(pdf: FPDF, estilo: str, tam: float) -> None:
    """set_font solo si cambia algo (set_font de fpdf2 cuesta aunque no cambie nada)."""
    if pdf.font_style != estilo or pdf.font_size_pt != tam or pdf.font_family != _CLAVE:
        pdf.set_font(FAMILIA, estilo, tam)


_CLAVE = FAMILIA.lower()


def _cortar(pdf: FPDF, linea: str, ancho: float) -> str:
    # Last resort at the minimum size: truncate rather than overflow the cell.
    while len(linea) > 1 and ancho_texto(pdf, linea) > ancho:
        linea = linea[:-2] + "…"
    return linea


@dataclass(frozen=True)
class _Celda:
    lineas: tuple[str, ...]
    tam: float
    estilo_fuente: str

    @property
    def alto(self) -> float:
        return self.tam * PT * INTERLINEA * len(self.lineas)


@dataclass(frozen=True)
class _Medida:
    alto: float
    etiqueta: _Celda
    valores: list[_Celda]


class GrillaPdf:
    """Dibuja la grilla en `pdf`; llama a `nueva_pagina` cuando no cabe la siguiente fila."""

    def __init__(self, pdf: FPDF, num_grados: int, nueva_pagina: Callable[[], None]):
        self.pdf = pdf
        self.nueva_pagina = nueva_pagina
        self.ancho_util = pdf.w - pdf.l_margin - pdf.r_margin
        libre = self.ancho_util - ANCHO_MIN_ETIQUETA
        self.ancho_col = min(24.0, max(14.0, libre / max(num_grados, 1)))
        self.ancho_etiqueta = self.ancho_util - self.ancho_col * num_grados
        # Vertical rules are drawn once per run of bordered rows, not once per cell.
        self.x_columnas = [
            pdf.l_margin + self.ancho_etiqueta + i * self.ancho_col for i in range(num_grados)
        ]
        self.inicio_tramo: float | None = None

    def dibujar(self, cabecera: list[Fila], cuerpo: list[Fila], limite: float) -> None:
        """Dibuja cabecera + cuerpo desde pdf.y sin pasar de `limite` (mm desde arriba)."""
        med_cab = [self._medir(f) for f in cabecera]
        medidas = [self._medir(f) for f in cuerpo]
        # New pages start at least this high, so a block this tall always fits on one page.
        capacidad = limite - self.pdf.y - sum(m.alto for m in med_cab)
        self._dibujar_filas(cabecera, med_cab)
        for i, (fila, medida) in enumerate(zip(cuerpo, medidas, strict=True)):
            alto = medida.alto
            if fila.estilo in (SECCION, AREA):
                bloque = _alto_bloque(cuerpo, medidas, i)
                # Keep an area with its competencies (and a section title with its first area)
                # on one page, unless the block could not fit on any page.
                alto = bloque if bloque <= capacidad else alto
            if self.pdf.y + alto > limite:
                self._cerrar_tramo()
                self.nueva_pagina()
                self._dibujar_filas(cabecera, med_cab)
            self._dibujar_fila(fila, medida)
        self._cerrar_tramo()

    def _dibujar_filas(self, filas: list[Fila], medidas: list[_Medida]) -> None:
        for fila, medida in zip(filas, medidas, strict=True):
            self._dibujar_fila(fila, medida)

    def _medir(self, fila: Fila) -> _Medida:
        pdf = self.pdf
        competencia = fila.estilo == COMPETENCIA
        estilo_etq = "" if competencia else "B"
        fijar_fuente(pdf, estilo_etq, TAM)
        ancho = self.ancho_util if fila.estilo == SECCION else self.ancho_etiqueta
        ancho -= 2 * RELLENO_H + (SANGRIA if competencia else 0.0)
        tam_etq = TAM - 0.5 if competencia else TAM
        etiqueta = _Celda(*envolver(pdf, fila.etiqueta, ancho, tam_etq), estilo_etq)
        estilo_val = "B" if fila.estilo in (CABECERA, SITUACION) else ""
        fijar_fuente(pdf, estilo_val, TAM)
        valores = [
            _Celda(*envolver(pdf, v, self.ancho_col - 2 * RELLENO_H, TAM), estilo_val)
            for v in fila.valores
        ]
        alto = max(c.alto for c in [etiqueta, *valores]) + 2 * RELLENO_V
        return _Medida(alto, etiqueta, valores)

    def _dibujar_fila(self, fila: Fila, medida: _Medida) -> None:
        pdf = self.pdf
        x0, y0, alto = pdf.l_margin, pdf.y, medida.alto
        gris = _GRIS.get(fila.estilo)
        if gris is not None:
            pdf.set_fill_color(gris)
            pdf.rect(x0, y0, self.ancho_util, alto, style="F")
        sangria = SANGRIA if fila.estilo == COMPETENCIA else 0.0
        self._texto(medida.etiqueta, x0 + RELLENO_H + sangria, y0, alto, None)
        if fila.estilo == SECCION:
            # Section titles span the whole width: no column rules through them.
            self._cerrar_tramo()
            pdf.rect(x0, y0, self.ancho_util, alto)
        else:
            if self.inicio_tramo is None:
                self.inicio_tramo = y0
            # Top rule after the fill, so the next row's grey fill cannot hide it.
            pdf.line(x0, y0, x0 + self.ancho_util, y0)
            for x, celda in zip(self.x_columnas, medida.valores, strict=True):
                self._texto(celda, x, y0, alto, self.ancho_col)
        pdf.y = y0 + alto

    def _cerrar_tramo(self) -> None:
        """Traza las líneas verticales del tramo de filas con bordes que termina en pdf.y."""
        if self.inicio_tramo is None:
            return
        arriba, abajo = self.inicio_tramo, self.pdf.y
        self.pdf.line(self.pdf.l_margin, abajo, self.pdf.l_margin + self.ancho_util, abajo)
        for x in (self.pdf.l_margin, *self.x_columnas, self.pdf.l_margin + self.ancho_util):
            self.pdf.line(x, arriba, x, abajo)
        self.inicio_tramo = None

    def _texto(
        self, celda: _Celda, x: float, y0: float, alto: float, centrar_en: float | None
    ) -> None:
        """Escribe las líneas de la celda centradas verticalmente (y horizontalmente si aplica)."""
        fijar_fuente(self.pdf, celda.estilo_fuente, celda.tam)
        interlinea = celda.tam * PT * INTERLINEA
        y = y0 + (alto - interlinea * len(celda.lineas)) / 2
        escribir(self.pdf, celda.lineas, x, y, interlinea, centrar_en)


def _alto_bloque(cuerpo: list[Fila], medidas: list[_Medida], i: int) -> float:
    """Alto de la fila i más lo que debe ir con ella: sus competencias o, tras un título,
    el primer bloque de la sección."""
    alto = medidas[i].alto
    j = i + 1
    if cuerpo[i].estilo == SECCION and j < len(cuerpo):
        return alto + _alto_bloque(cuerpo, medidas, j)
    while j < len(cuerpo) and cuerpo[j].estilo == COMPETENCIA:
        alto += medidas[j].alto
        j += 1
    return alto
