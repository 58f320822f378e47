"""The lote progress bar says what is done, failed and in progress."""

from services.solicitudes.entrypoints.cli_lote import ANCHO, barra


def test_barra_de_avance():
    avance = {"total": 2000, "emitidas": 1000, "fallidas": 0, "en_emision": 1000}
    linea = barra(avance)
    assert linea.startswith("[" + "#" * (ANCHO // 2) + "-" * (ANCHO // 2) + "]")
    assert linea.endswith("1000/2000 emitidas · 0 fallidas · 1000 en emisión")


def test_las_fallidas_tambien_avanzan_la_barra():
    linea = barra({"total": 4, "emitidas": 3, "fallidas": 1, "en_emision": 0})
    assert "#" * ANCHO in linea and "3/4 emitidas · 1 fallidas" in linea
